// What a training run keeps on storage: a full checkpoint per parameter and its dataset per
// token (the cluster's storage is sized from these).

/** Bytes of a full training checkpoint per parameter: bf16 weights (2) + fp32 master weights and
 *  Adam's two moments (12), as Megatron-LM / DeepSpeed save them (Rajbhandari et al. 2020, K=12). */
export const CHECKPOINT_BYTES_PER_PARAM = 14;

/** Size of one full training checkpoint, GB. */
export function checkpointGBOf(params: number): number {
  return (params * CHECKPOINT_BYTES_PER_PARAM) / 1e9;
}

/**
 * Bytes per training token kept on storage: the raw text (~4 characters of English per token,
 * OpenAI tokenizer documentation 'a token is ~4 characters') plus the tokenised copy (uint16 ids
 * for vocabularies below 65,536, else int32, as Megatron-LM's indexed datasets store them).
 */
export function datasetBytesPerToken(vocab: number): number {
  return 4 + (vocab < 65_536 ? 2 : 4);
}

// HBM traffic of a MoE layer's token dispatch and combine on one GPU, forward, per token: the
// passes of Megatron-Core's all-to-all dispatcher, 'permute -> A2A(EP) -> AG(TP) -> sort_chunk (if
// num_local_experts > 1)' and back in reverse (NVIDIA/Megatron-LM
// megatron/core/transformer/moe/token_dispatcher.py, MoEAlltoAllTokenDispatcher).

/** Where the dispatch runs: tp ranks share each token's copies; ep x etp GPUs hold the experts. */
export interface DispatchLayout {
  readonly tp: number;
  readonly ep: number;
  readonly etp: number;
  /** Experts held by each GPU (experts / ep). */
  readonly localExperts: number;
}

/**
 * Bytes moved per token of the forward pass, 16-bit activations of width `hidden`, `k` routed
 * experts per token. Permute gathers each token's k copies into expert order (read and write k
 * rows); unpermute reads the k expert outputs and writes their weighted sum (k + 1 rows). With
 * experts spread over several GPUs each holding more than one, the received copies are sorted
 * from source-rank order into local-expert order after the dispatch and back before the combine
 * (one read and one write of every received copy each way), on the tokens that etp ranks gather.
 */
export function moeDispatchBytesPerToken(hidden: number, k: number, at: DispatchLayout): number {
  if (k <= 0) return 0;
  const row = 2 * hidden;
  const permute = 2 * k * row;
  const unpermute = (k + 1) * row;
  const sort = at.ep > 1 && at.localExperts > 1 ? 2 * 2 * k * row * at.etp : 0;
  return (permute + unpermute + sort) / at.tp;
}

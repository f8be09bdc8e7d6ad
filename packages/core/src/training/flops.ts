// Transformer FLOPs per token, by part. Matmul counts follow Narayanan et al. 2021 (SC'21) Sec. 5.1
// and Korthikanti et al. 2022 Sec. 6, generalised to GQA, SwiGLU and MoE; attention is causal
// (half the score/context FLOPs), as counted by the Llama 3 and FlashAttention papers.
import { attentionParams, mlpMatrices, type ModelShape } from './model-shape.js';

export interface ForwardFlopsPerToken {
  /** Weight matmuls of all transformer layers (attention projections, MLP / active experts, router). */
  readonly layerMatmul: number;
  /** Attention score (QK^T) and context (AV) products of all layers, causal. */
  readonly attentionCore: number;
  /** Output projection onto the vocabulary (LM head). */
  readonly lmHead: number;
}

/** Weight-matmul FLOPs of one layer per token (forward): 2 FLOPs per multiply-add. */
export function layerMatmulFlops(model: ModelShape, moeLayer: boolean): number {
  const attention = attentionParams(model.hidden, model.kvHeads, model.headDim);
  const matrices = mlpMatrices(model.ffnType);
  if (!moeLayer || !model.moe) return 2 * (attention + matrices * model.hidden * model.ffnHidden);
  const { activeExperts, sharedExperts, expertFfnHidden, experts } = model.moe;
  const mlp = (activeExperts + sharedExperts) * matrices * model.hidden * expertFfnHidden;
  return 2 * (attention + mlp + model.hidden * experts);
}

/** Causal attention score + context FLOPs of one layer per token at sequence length s (forward). */
export function attentionCoreFlops(model: ModelShape, seqLen: number, causal = true): number {
  const full = 2 * 2 * seqLen * model.heads * model.headDim;
  return causal ? full / 2 : full;
}

/** Forward FLOPs per token of the whole model, by part. */
export function forwardFlopsPerToken(model: ModelShape, seqLen: number): ForwardFlopsPerToken {
  const moeLayers = model.moe ? model.layers - model.moe.denseLayers : 0;
  const denseLayers = model.layers - moeLayers;
  return {
    layerMatmul:
      denseLayers * layerMatmulFlops(model, false) + moeLayers * layerMatmulFlops(model, true),
    attentionCore: model.layers * attentionCoreFlops(model, seqLen),
    lmHead: 2 * model.hidden * model.vocab,
  };
}

/** Model FLOPs per token, forward + backward (3x forward), no recomputation: the MFU numerator. */
export function modelFlopsPerToken(model: ModelShape, seqLen: number): number {
  const f = forwardFlopsPerToken(model, seqLen);
  return 3 * (f.layerMatmul + f.attentionCore + f.lmHead);
}

/** Extra forward FLOPs per token spent on recomputation (the HFU - MFU difference). */
export function recomputeFlopsPerToken(
  model: ModelShape,
  seqLen: number,
  recompute: 'none' | 'selective' | 'full',
): number {
  const f = forwardFlopsPerToken(model, seqLen);
  if (recompute === 'full') return f.layerMatmul + f.attentionCore;
  if (recompute === 'selective') return f.attentionCore;
  return 0;
}

// Transformer FLOPs per token, by part. Matmul counts follow Narayanan et al. 2021 (SC'21) Sec. 5.1
// and Korthikanti et al. 2022 Sec. 6, generalised to GQA, SwiGLU and MoE; attention is causal
// (half the score/context FLOPs), as counted by the Llama 3 and FlashAttention papers.
import { attentionParams, headDims, mlpMatrices, type ModelShape } from './model-shape.js';

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
  const attention = attentionParams(model);
  const matrices = mlpMatrices(model.ffnType);
  if (!moeLayer || !model.moe) return 2 * (attention + matrices * model.hidden * model.ffnHidden);
  const { activeExperts, sharedExperts, expertFfnHidden, experts } = model.moe;
  const mlp = (activeExperts + sharedExperts) * matrices * model.hidden * expertFfnHidden;
  return 2 * (attention + mlp + model.hidden * experts);
}

/**
 * Mean keys a query attends to: s (non-causal), s/2 (causal), and for a causal sliding window w
 * the mean of min(i, w) over positions i < s, i.e. w - w^2 / 2s for s >= w.
 */
export function meanAttendedKeys(seqLen: number, causal: boolean, window?: number): number {
  if (!causal) return window !== undefined ? Math.min(window, seqLen) : seqLen;
  if (window === undefined || window >= seqLen) return seqLen / 2;
  return window - (window * window) / (2 * seqLen);
}

/**
 * Attention score + context FLOPs per token at sequence length s (forward), averaged over the
 * layers: 2 FLOPs per multiply-add over (QK width + V width) per head and attended key; local
 * layers (slidingWindow) attend to at most their window.
 */
export function attentionCoreFlops(model: ModelShape, seqLen: number, causal = true): number {
  const dims = headDims(model);
  const perKey = 2 * model.heads * (dims.qk + dims.v);
  const full = meanAttendedKeys(seqLen, causal);
  const w = model.slidingWindow;
  if (!w) return perKey * full;
  const localShare = Math.floor(model.layers / w.everyNth) / model.layers;
  const local = meanAttendedKeys(seqLen, causal, w.window);
  return perKey * ((1 - localShare) * full + localShare * local);
}

/** Forward FLOPs per token of the whole model, by part. */
export function forwardFlopsPerToken(model: ModelShape, seqLen: number): ForwardFlopsPerToken {
  const moeLayers = model.moe ? model.layers - model.moe.denseLayers : 0;
  const denseLayers = model.layers - moeLayers;
  // MTP modules (DeepSeek-V3 Sec. 2.2): per depth one more layer of the last layer's kind, the
  // 2h x h merge projection, and the shared output head once more.
  const mtp = model.mtpDepth;
  const mtpLayer = layerMatmulFlops(model, moeLayers > 0) + 2 * 2 * model.hidden * model.hidden;
  return {
    layerMatmul:
      denseLayers * layerMatmulFlops(model, false) +
      moeLayers * layerMatmulFlops(model, true) +
      mtp * mtpLayer,
    attentionCore: (model.layers + mtp) * attentionCoreFlops(model, seqLen),
    lmHead: (1 + mtp) * 2 * model.hidden * model.vocab,
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

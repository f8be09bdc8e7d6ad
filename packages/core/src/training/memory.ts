// Memory per GPU by part. Model states: Rajbhandari et al. 2020 (ZeRO) Sec. 3 with Megatron-LM's
// fp32 gradient accumulation for bf16; activations: Korthikanti et al. 2022 Sec. 4 (Table 2),
// generalised to GQA/SwiGLU, with FlashAttention (no stored score matrix) when enabled.
import type { ParallelConfig, TrainingContext } from './config.js';
import type { ModelShape } from './model-shape.js';
import { attentionParams, mlpMatrices } from './model-shape.js';

export interface MemoryBreakdownGB {
  readonly weights: number;
  readonly gradients: number;
  readonly optimizer: number;
  readonly activations: number;
  readonly reserve: number;
  readonly total: number;
}

const GB = 1e9;

/** Bytes per parameter for weights, gradients and optimizer state (before ZeRO sharding). */
export function bytesPerParam(precision: TrainingContext['precision']): {
  weights: number;
  gradients: number;
  optimizer: number;
} {
  if (precision === 'fp32') return { weights: 4, gradients: 4, optimizer: 8 };
  // fp16: fp16 grads (Megatron 2021, ZeRO K=12); bf16/fp8: fp32 grad accumulation (Megatron-LM
  // forces it for bf16) and fp32 master weights + Adam moments (12 bytes).
  if (precision === 'fp16') return { weights: 2, gradients: 2, optimizer: 12 };
  return { weights: 2, gradients: 4, optimizer: 12 };
}

/** Parameters held by the busiest GPU: its pipeline stage's layers split by TP (experts by EP). */
export function paramsPerGpu(
  model: ModelShape,
  c: ParallelConfig,
): { dense: number; expert: number } {
  const layersOnStage = Math.ceil(model.layers / c.pp);
  const attention = attentionParams(model.hidden, model.kvHeads, model.headDim);
  const matrices = mlpMatrices(model.ffnType);
  const embedding = model.vocab * model.hidden;
  // The first stage holds the input embedding, the last the LM head; with pp = 1 both (unless tied).
  const embeddingOnStage = c.pp === 1 ? embedding * (model.tiedEmbeddings ? 1 : 2) : embedding;
  if (!model.moe) {
    const perLayer = attention + matrices * model.hidden * model.ffnHidden;
    return { dense: (layersOnStage * perLayer + embeddingOnStage) / c.tp, expert: 0 };
  }
  const expertParams = matrices * model.hidden * model.moe.expertFfnHidden;
  const moeShare = (model.layers - model.moe.denseLayers) / model.layers;
  const denseShare = 1 - moeShare;
  const densePerLayer =
    attention +
    denseShare * matrices * model.hidden * model.ffnHidden +
    moeShare * (model.moe.sharedExperts * expertParams + model.hidden * model.moe.experts);
  const expertPerLayer = moeShare * model.moe.experts * expertParams;
  return {
    dense: (layersOnStage * densePerLayer + embeddingOnStage) / c.tp,
    expert: (layersOnStage * expertPerLayer) / (c.tp * c.ep),
  };
}

/** Activation bytes of one layer per token on one GPU (Korthikanti Table 2, generalised). */
export function activationBytesPerTokenPerLayer(ctx: TrainingContext, c: ParallelConfig): number {
  const m = ctx.model;
  const h = m.hidden;
  const kv = m.kvHeads * m.headDim;
  const f = m.moe
    ? m.moe.expertFfnHidden * (m.moe.activeExperts + m.moe.sharedExperts)
    : m.ffnHidden;
  const t = c.tp;
  if (c.recompute === 'full') {
    // Only the layer input is kept (2 bytes per element), sharded by SP.
    return (2 * h) / (ctx.sequenceParallel ? t : 1);
  }
  // Attention block: QKV input 2h, Q 2h, K and V 4*kv, projection input 2h, dropout mask h.
  const attentionTp = 2 * h + 4 * kv + 2 * h; // split by TP
  const attentionInput = 2 * h; // QKV input: SP-sharded
  const mlpTp = mlpMatrices(m.ffnType) === 3 ? 6 * f : 4 * f; // activation inputs/outputs, TP-split
  const replicated = attentionInput + h + 2 * h + h + 4 * h; // inputs, dropout masks, 2 layer norms
  const scores =
    ctx.flashAttention || c.recompute === 'selective' ? 0 : (5 * m.heads * (ctx.seqLen / c.cp)) / t; // softmax, dropout mask and output (s x s per head)
  const sharded = (attentionTp + mlpTp) / t + scores;
  return sharded + replicated / (ctx.sequenceParallel ? t : 1);
}

/** Memory per GPU on the busiest pipeline stage, in GB. */
export function memoryPerGpu(
  ctx: TrainingContext,
  c: ParallelConfig,
  microbatches: number,
): MemoryBreakdownGB {
  const bytes = bytesPerParam(ctx.precision);
  const params = paramsPerGpu(ctx.model, c);
  // ZeRO stage k shards optimizer state (k >= 1), gradients (k >= 2) and weights (k >= 3) over the
  // data-parallel ranks (dp x cp; experts over dp x cp / ep).
  const dense = c.dp * c.cp;
  const expert = Math.max(1, dense / c.ep);
  const stateBytes = (perParam: number, fromStage: number) => {
    const sharded = c.zeroStage >= fromStage;
    return (
      (params.dense * perParam) / (sharded ? dense : 1) +
      (params.expert * perParam) / (sharded ? expert : 1)
    );
  };
  const weightsBytes = stateBytes(bytes.weights, 3);
  const gradBytes = stateBytes(bytes.gradients, 2);
  const optimizerBytes = stateBytes(bytes.optimizer, 1);

  const tokensPerMicrobatch = (c.microBatch * ctx.seqLen) / c.cp;
  const layersOnStage = Math.ceil(ctx.model.layers / c.pp);
  const perLayer = activationBytesPerTokenPerLayer(ctx, c) * tokensPerMicrobatch;
  // 1F1B keeps up to pp microbatches in flight on the first stage; interleaving adds
  // (pp-1)/(pp*v) more (Korthikanti Sec. 4.2.3). Full recompute also needs one layer's working set.
  const inFlight =
    Math.min(microbatches, c.pp) *
    (c.virtualStages > 1 ? 1 + (c.pp - 1) / (c.pp * c.virtualStages) : 1);
  let activationBytes = layersOnStage * perLayer * inFlight;
  if (c.recompute === 'full') {
    activationBytes +=
      activationBytesPerTokenPerLayer(ctx, { ...c, recompute: 'none' }) * tokensPerMicrobatch;
  }
  // Logits and their fp32 softmax/cross-entropy copy for one microbatch (4 s b V / t bytes) sit on
  // the last stage, which holds only one microbatch in flight; the busier of first and last counts.
  const logitsBytes = (4 * tokensPerMicrobatch * ctx.model.vocab) / c.tp;
  if (c.pp === 1) activationBytes += logitsBytes;
  else activationBytes = Math.max(activationBytes, layersOnStage * perLayer + logitsBytes);
  const reserveBase = ctx.efficiency.memoryReserveGB.value * GB;
  const allocated = weightsBytes + gradBytes + optimizerBytes + activationBytes;
  const reserve = reserveBase + allocated * ctx.efficiency.memoryFragmentation.value;
  return {
    weights: weightsBytes / GB,
    gradients: gradBytes / GB,
    optimizer: optimizerBytes / GB,
    activations: activationBytes / GB,
    reserve: reserve / GB,
    total: (allocated + reserve) / GB,
  };
}

/** Usable HBM of a GPU in GB (datasheet "80 GB" parts hold 80 GiB). */
export function hbmCapacityGB(ctx: TrainingContext): number {
  return (ctx.gpu.hbmGB.value * 2 ** 30) / GB;
}

// Memory per GPU by part. Model states: Rajbhandari et al. 2020 (ZeRO) Sec. 3 with Megatron-LM's
// fp32 gradient accumulation for bf16; activations: Korthikanti et al. 2022 Sec. 4 (Table 2),
// generalised to GQA/SwiGLU, with FlashAttention (no stored score matrix) when enabled.
import { hbmCapacityGB as gpuHbmCapacityGB } from '../catalog/gpus.js';
import {
  expertDataParallel,
  stageLayers,
  type ParallelConfig,
  type TrainingContext,
} from './config.js';
import type { ModelShape } from './model-shape.js';
import { attentionParams, headDims, mlpMatrices } from './model-shape.js';
import { memoByOwner } from '../util/memo-by-owner.js';

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
export function bytesPerParam(
  precision: TrainingContext['precision'],
  gradReduceBytes: 2 | 4 = 4,
): {
  weights: number;
  gradients: number;
  optimizer: number;
} {
  if (precision === 'fp32') return { weights: 4, gradients: 4, optimizer: 8 };
  // fp16: fp16 grads (Megatron 2021, ZeRO K=12).
  if (precision === 'fp16') return { weights: 2, gradients: 2, optimizer: 12 };
  // bf16/fp8/fp4: 16-bit weights, fp32 master weights + Adam moments (12 bytes). The gradient
  // buffer has the reduction's precision: fp32 (Megatron-LM 2022 forced it for bf16) or bf16
  // (Megatron-Core's default). With bf16 gradients the optimizer's fp32 copy of its gradient shard
  // is made at the step (DistributedOptimizer._copy_model_grads_to_main_grads), when the
  // activations are already freed, so it does not add to the peak: 4 + 12/d bytes.
  if (gradReduceBytes === 2) return { weights: 2, gradients: 2, optimizer: 12 };
  return { weights: 2, gradients: 4, optimizer: 12 };
}

/** Parameters held by the busiest GPU: its pipeline stage's layers split by TP (experts by EP). */
export function paramsPerGpu(
  model: ModelShape,
  c: ParallelConfig,
): { dense: number; expert: number } {
  // MTP modules (one layer each, DeepSeek-V3 Sec. 2.2) sit with the LM head on the last stage.
  const stages = stageLayers(model.layers, c.pp, c.virtualStages);
  const mtp = model.mtpDepth;
  const layersOnStage =
    c.pp === 1 ? model.layers + mtp : Math.max(stages.middle, stages.last + mtp);
  const attention = attentionParams(model);
  const matrices = mlpMatrices(model.ffnType);
  const embedding = model.vocab * model.hidden;
  // The first stage holds the input embedding, the last the LM head; with pp = 1 both (unless tied).
  const embeddingOnStage = c.pp === 1 ? embedding * (model.tiedEmbeddings ? 1 : 2) : embedding;
  if (!model.moe) {
    const perLayer = attention + matrices * model.hidden * model.ffnHidden;
    return { dense: (layersOnStage * perLayer + embeddingOnStage) / c.tp, expert: 0 };
  }
  const expertParams = matrices * model.hidden * model.moe.expertFfnHidden;
  // The busiest stage is one of MoE layers when there are enough of them (the dense layers come
  // first, DeepSeek-V3's first_k_dense_replace): its experts are what fill the GPU.
  const moeOnStage = Math.min(layersOnStage, model.layers - model.moe.denseLayers + mtp);
  const denseOnStage = layersOnStage - moeOnStage;
  const dense =
    layersOnStage * attention +
    denseOnStage * matrices * model.hidden * model.ffnHidden +
    moeOnStage * (model.moe.sharedExperts * expertParams + model.hidden * model.moe.experts);
  const expert = moeOnStage * model.moe.experts * expertParams;
  return {
    dense: (dense + embeddingOnStage) / c.tp,
    expert: expert / (c.etp * c.ep),
  };
}

/** Activation bytes of one layer per token on one GPU (Korthikanti Table 2, generalised). */
export function activationBytesPerTokenPerLayer(ctx: TrainingContext, c: ParallelConfig): number {
  const m = ctx.model;
  const h = m.hidden;
  const dims = headDims(m);
  const f = m.moe
    ? m.moe.expertFfnHidden * (m.moe.activeExperts + m.moe.sharedExperts)
    : m.ffnHidden;
  const t = c.tp;
  if (c.recompute === 'full') {
    // Only the layer input is kept (2 bytes per element), sharded by SP.
    return (2 * h) / (ctx.sequenceParallel ? t : 1);
  }
  // Attention block, 2 bytes per element, split by TP: Q (heads x qk), K and V (per KV head, or
  // per head after MLA's up-projection, plus MLA's latents), the output projection's input.
  const kvWidth = m.mla
    ? m.heads * (dims.qk + dims.v) + m.mla.kvLoraRank + m.mla.qLoraRank
    : m.kvHeads * (dims.qk + dims.v);
  // FP8/FP4 recipes save each linear layer's input for the weight gradient in its FP8 copy, 1 byte
  // (Transformer Engine, transformer_engine/pytorch/module/linear.py, _Linear.forward:
  // `saved_inputmat = inputmat`, the cast input); attention keeps its 16-bit output as well.
  const g = ctx.precision === 'fp8' || ctx.precision === 'fp4' ? 1 : 2;
  const attentionOut = g < 2 ? 2 + g : 2;
  const attentionTp = 2 * (m.heads * dims.qk) + 2 * kvWidth + attentionOut * (m.heads * dims.v);
  // MLP, TP-split: the up-projection output (gate and up for SwiGLU) in 16-bit for the activation's
  // backward, and the down-projection input at the GEMM-input width.
  const mlpTp = mlpMatrices(m.ffnType) === 3 ? 4 * f + g * f : 2 * f + g * f;
  // SP-sharded: the QKV and MLP inputs (layer-norm outputs, h elements each at the GEMM-input
  // width), the two layer-norm inputs (4h) and, for models trained with dropout, the two 1-byte
  // residual dropout masks (Korthikanti Sec. 4.1).
  const masks = m.dropout ? 2 * h : 0;
  const replicated = g * h + g * h + 4 * h + masks;
  // Stored s x s scores without FlashAttention: softmax output (2 bytes), with dropout also its
  // mask (1) and output (2), per head (Korthikanti's 5as/h term).
  const scoreBytes = m.dropout ? 5 : 2;
  const scores =
    ctx.flashAttention || c.recompute === 'selective'
      ? 0
      : (scoreBytes * m.heads * (ctx.seqLen / c.cp)) / t;
  // MoE: each token's k routed copies are saved as the experts' fc1 input (GEMM-input width) and
  // their outputs (16-bit) for the probability-weighted combine; gathered over etp, split by tp.
  const moeShare = m.moe ? (m.layers - m.moe.denseLayers) / m.layers : 0;
  const routed = m.moe ? (moeShare * (g + 2) * m.moe.activeExperts * h * c.etp) / t : 0;
  const sharded = (attentionTp + mlpTp) / t + scores + routed;
  return sharded + replicated / (ctx.sequenceParallel ? t : 1);
}

/** The search asks for the same stage's parameters under many dp / ZeRO / recompute settings. */
const paramsMemo = memoByOwner<TrainingContext, number, { dense: number; expert: number }>();

export function cachedParamsPerGpu(
  ctx: TrainingContext,
  c: ParallelConfig,
): { dense: number; expert: number } {
  // pp < 1024, v < 64, ep < 1024, etp < 128: a key below 2^53 for any tp up to 8192; beyond,
  // no memo.
  if (c.pp >= 1024 || c.virtualStages >= 64 || c.ep >= 1024 || c.etp >= 128 || c.tp > 8192) {
    return paramsPerGpu(ctx.model, c);
  }
  const key = (((c.tp * 1024 + c.pp) * 64 + c.virtualStages) * 1024 + c.ep) * 128 + c.etp;
  return paramsMemo(ctx, key, () => paramsPerGpu(ctx.model, c));
}

/** Activation bytes per token per layer depend on tp, cp, etp and the recomputation only. */
const activationsMemo = memoByOwner<TrainingContext, number, number>();
const RECOMPUTE_INDEX = { none: 0, selective: 1, full: 2 } as const;

function cachedActivationBytes(
  ctx: TrainingContext,
  c: ParallelConfig,
  recompute: ParallelConfig['recompute'],
): number {
  const compute = () => activationBytesPerTokenPerLayer(ctx, { ...c, recompute });
  if (c.tp >= 4096 || c.cp >= 4096 || c.etp >= 4096) return compute();
  const key = ((c.tp * 4096 + c.cp) * 4096 + c.etp) * 4 + RECOMPUTE_INDEX[recompute];
  return activationsMemo(ctx, key, compute);
}

/** Memory per GPU on the busiest pipeline stage, in GB. */
export function memoryPerGpu(
  ctx: TrainingContext,
  c: ParallelConfig,
  microbatches: number,
): MemoryBreakdownGB {
  const bytes = bytesPerParam(ctx.precision, ctx.framework.gradReduceBytes);
  const params = cachedParamsPerGpu(ctx, c);
  // ZeRO stage k shards optimizer state (k >= 1), gradients (k >= 2) and weights (k >= 3) over the
  // data-parallel ranks (dp x cp; experts over their own data-parallel group).
  const dense = c.dp * c.cp;
  const expert = expertDataParallel(c);
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
  const perLayer = cachedActivationBytes(ctx, c, c.recompute) * tokensPerMicrobatch;
  // 1F1B keeps up to pp - i microbatches in flight on stage i; interleaving adds (pp-1)/(pp*v)
  // more (Korthikanti Sec. 4.2.3). The first stage holds the most unless it has fewer layers
  // (uneven stages), when the second may. Full recompute also needs one layer's working set.
  const interleave = c.virtualStages > 1 ? 1 + (c.pp - 1) / (c.pp * c.virtualStages) : 1;
  const stages = stageLayers(ctx.model.layers, c.pp, c.virtualStages);
  const inFlight = (stage: number) =>
    Math.min(microbatches, Math.max(1, c.pp - stage)) * interleave;
  // Block recomputation of k layers per stage keeps the others' full activations.
  const full = c.recompute === 'full';
  const perLayerKept = full
    ? cachedActivationBytes(ctx, c, 'none') * tokensPerMicrobatch
    : perLayer;
  const recomputed = full ? (c.recomputeLayers ?? Infinity) : Infinity;
  const stageBytes = (layers: number) => {
    const r = Math.min(recomputed, layers);
    return r * perLayer + (layers - r) * perLayerKept;
  };
  // With one stage it also runs the MTP modules (DeepSeek-V3), one more layer each.
  const mtp = ctx.model.mtpDepth;
  let activationBytes = Math.max(
    stageBytes(stages.first + (c.pp === 1 ? mtp : 0)) * inFlight(0),
    c.pp > 2 ? stageBytes(stages.middle) * inFlight(1) : 0,
  );
  if (full) activationBytes += perLayerKept;
  // Logits and their fp32 softmax/cross-entropy copy for one microbatch (4 s b V / t bytes) sit on
  // the last stage, which holds only one microbatch in flight; the busier of first and last counts.
  const logitsBytes = (4 * tokensPerMicrobatch * ctx.model.vocab) / c.tp;
  if (c.pp === 1) activationBytes += (1 + mtp) * logitsBytes;
  else
    activationBytes = Math.max(
      activationBytes,
      stageBytes(stages.last + mtp) + (1 + mtp) * logitsBytes,
    );
  // Fragmentation comes from the caching allocator's churn of per-microbatch activations; the
  // model states are allocated once, in contiguous buffers (Megatron-Core's param/grad buffers).
  const reserveBase = ctx.efficiency.memoryReserveGB.value * GB;
  const allocated = weightsBytes + gradBytes + optimizerBytes + activationBytes;
  const reserve = reserveBase + activationBytes * ctx.efficiency.memoryFragmentation.value;
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
  return gpuHbmCapacityGB(ctx.gpu);
}

// Time of one optimizer step, from its parts: compute (matmuls at an achievable fraction of peak,
// attention, memory-bound elementwise kernels), TP/CP/EP collectives, the pipeline bubble
// (p-1)/(m*v) of Narayanan et al. 2021 Sec. 2.2, point-to-point transfers, data-parallel
// gradient/parameter collectives with overlap, the optimizer update and synchronisation stragglers.
import { peakFlops, type TensorPrecision } from '../catalog/gpus.js';
import { gemmFraction } from '../catalog/gemm-measurements.js';
import { GEMM_TILING } from '../catalog/gemm-tiling.js';
import { gemmTimes, layerGemms } from './gemm-shapes.js';
import {
  allGatherS,
  allReduceS,
  allToAllS,
  reduceScatterS,
  sendS,
  type Link,
} from './collectives.js';
import {
  expertDataParallel,
  layersOnBusiestStage,
  microbatchesPerStep,
  recomputedShare,
  stageLayers,
  type ParallelConfig,
  type TrainingContext,
} from './config.js';
import { layerMatmulFlops } from './flops.js';
import { attentionTimesPerToken } from './attention-time.js';
import { moeDispatchBytesPerToken } from './moe-dispatch.js';
import { castBytesPerElement, quantizedElements } from './low-precision-casts.js';
import { bytesPerParam, cachedParamsPerGpu } from './memory.js';
import { headDims, kvElementsPerToken } from './model-shape.js';
import { memoByOwner } from '../util/memo-by-owner.js';

export interface StepTimeBreakdown {
  /** Matmul, attention and elementwise compute on the critical path (incl. recompute). */
  readonly computeS: number;
  readonly tensorParallelCommS: number;
  readonly contextParallelCommS: number;
  readonly expertParallelCommS: number;
  readonly pipelineBubbleS: number;
  readonly pipelineP2pS: number;
  /** Data-parallel communication not hidden behind compute. */
  readonly dataParallelExposedS: number;
  readonly optimizerS: number;
  /** Waiting for the slowest GPU at each synchronous step. */
  readonly stragglerS: number;
  readonly totalS: number;
  readonly bubbleFraction: number;
}

/**
 * Sustained FLOP/s of the transformer block's linear layers. FP8 (and NVFP4) recipes run only
 * those at the low-precision rate; the output layer, attention and everything else stay in 16-bit
 * (Megatron-Bridge docs/performance-guide.md, 'Low Precision Training': "applies FP8 computation
 * exclusively to the linear layers within the Transformer block").
 */
function matmulFlopsPerS(ctx: TrainingContext): number {
  const low: TensorPrecision[] =
    ctx.precision === 'fp4' ? ['fp4', 'fp8'] : ctx.precision === 'fp8' ? ['fp8'] : [];
  for (const tensor of low) {
    const peak = peakFlops(ctx.gpu, tensor);
    const fraction = gemmFraction(ctx.gpu, tensor, ctx.efficiency);
    if (peak !== undefined && fraction !== undefined) return peak * fraction;
  }
  return halfMatmulFlopsPerS(ctx);
}

/**
 * Sustained FLOP/s of 16-bit matmuls (the LM head, and every matmul of a 16-bit run): the GPU's
 * own measured large-GEMM fraction (gemm-efficiency.json), else its generation's.
 */
function halfMatmulFlopsPerS(ctx: TrainingContext): number {
  const half: TensorPrecision = ctx.precision === 'fp16' ? 'fp16' : 'bf16';
  return halfPrecisionPeak(ctx) * (gemmFraction(ctx.gpu, half, ctx.efficiency) ?? 0.7);
}

/** Peak of the 16-bit path (attention, and matmuls for bf16/fp16/fp8-less parts). */
function halfPrecisionPeak(ctx: TrainingContext): number {
  const g = ctx.gpu;
  if (ctx.precision === 'fp32') return peakFlops(g, 'tf32') ?? peakFlops(g, 'fp32') ?? 1;
  if (ctx.precision === 'fp16') return peakFlops(g, 'fp16') ?? peakFlops(g, 'bf16') ?? 1;
  return peakFlops(g, 'bf16') ?? peakFlops(g, 'fp16') ?? 1;
}

/** What a link's bandwidth depends on: the GPU, the scale-out fabric, the efficiency catalog. */
export type LinkEnv = Pick<TrainingContext, 'gpu' | 'fabric' | 'efficiency'>;

/**
 * Link for a communication group: `stride` GPUs between consecutive members. `pooled`: members in
 * one scale-up domain share the domain's NICs (NCCL multi-channel rings); otherwise each GPU's
 * traffic crosses its own NIC only.
 */
export function groupLink(ctx: LinkEnv, size: number, stride: number, pooled = true): Link {
  const eff = ctx.efficiency;
  const domain = ctx.gpu.scaleUpDomainGpus.value;
  const scaleUp = ctx.gpu.scaleUpGBps.value * 1e9 * eff.scaleUpBusFraction.value;
  if (size * stride <= domain) {
    return { bytesPerS: scaleUp, latencyS: eff.collectiveLatencyUs.value.scaleUp * 1e-6 };
  }
  const nicGbps = ctx.gpu.scaleOutGbpsPerGpu.value ?? eff.unpublishedScaleOutGbps.value;
  const portGbps = ctx.fabric ? ctx.fabric.portGbps.value : nicGbps;
  const nic = (Math.min(nicGbps, portGbps) / 8) * 1e9 * eff.scaleOutBusFraction.value;
  // Members sharing a scale-up domain each drive their own NIC (one ring per rail), so the group's
  // bus bandwidth per GPU is the NIC rate times the members per domain, capped by the scale-up link.
  const membersPerDomain = pooled ? Math.max(1, Math.floor(domain / stride)) : 1;
  const bytesPerS = Math.min(scaleUp, nic * Math.min(membersPerDomain, size));
  return { bytesPerS, latencyS: eff.collectiveLatencyUs.value.scaleOut * 1e-6 };
}

/**
 * All-to-all of `bytes` per rank over n ranks `stride` apart. Every rank sends at once, so the
 * share bound for other scale-up domains crosses each GPU's own NIC (a domain's NICs carry all of
 * its GPUs' traffic: no pooling, unlike a ring whose other members idle on the NIC); the share
 * for peers in the same domain moves over the scale-up links in parallel.
 */
export function expertAllToAllS(ctx: LinkEnv, bytes: number, n: number, stride: number): number {
  const domain = ctx.gpu.scaleUpDomainGpus.value;
  const local = Math.max(1, Math.min(n, Math.floor(domain / stride)));
  const inside = groupLink(ctx, local, stride);
  if (local >= n) return allToAllS(bytes, n, inside);
  const across = groupLink(ctx, n, stride, false);
  const crossS = (bytes * (n - local)) / n / across.bytesPerS;
  const insideS = (bytes * (local - 1)) / n / inside.bytesPerS;
  return Math.max(crossS, insideS) + across.latencyS;
}

/** Elementwise (memory-bound) bytes per token of one layer's forward pass on one GPU. */
function elementwiseBytesPerToken(
  ctx: TrainingContext,
  c: ParallelConfig,
  moeLayer: boolean,
): number {
  const m = ctx.model;
  const h = m.hidden;
  const f =
    moeLayer && m.moe
      ? m.moe.expertFfnHidden * (m.moe.activeExperts + m.moe.sharedExperts)
      : m.ffnHidden;
  // Two layer norms (read+write 2 bytes each: 8h), two residual adds (read 2+2, write 2: 6h each;
  // with dropout, bias-dropout-add also writes and the backward reads a 1-byte mask: 7h each):
  // replicated across TP ranks unless sequence parallelism shards them.
  const normsAndResiduals = 8 * h + 2 * (m.dropout ? 7 : 6) * h;
  // MLP activation: read and write the FFN width (GELU 4f bytes; SwiGLU reads two inputs: 6f).
  const mlp = m.ffnType === 'swiglu' ? 6 * f : 4 * f;
  // QKV reshapes / rotary embedding: read+write of Q, K, V.
  const qkv = 4 * (m.heads * headDims(m).qk + kvElementsPerToken(m));
  // Without FlashAttention the s x s scores are materialised: write scores, softmax read+write,
  // read by the context matmul (7 bytes per score), and with dropout its read+write+mask (6 more:
  // 13 bytes, Korthikanti Sec. 4.1).
  const scores = ctx.flashAttention ? 0 : (m.dropout ? 13 : 7) * m.heads * (ctx.seqLen / c.cp);
  const dispatch =
    moeLayer && m.moe
      ? moeDispatchBytesPerToken(h, m.moe.activeExperts, {
          tp: c.tp,
          ep: c.ep,
          etp: c.etp,
          localExperts: m.moe.experts / c.ep,
        })
      : 0;
  return (
    normsAndResiduals / (ctx.sequenceParallel ? c.tp : 1) + (mlp + qkv + scores) / c.tp + dispatch
  );
}

interface LayerTimes {
  forward: number;
  backward: number;
  recompute: number;
  tpComm: number;
  cpComm: number;
  epComm: number;
}

/** Layer times depend on tp, cp, ep, etp, the microbatch and the recomputed share only, so the
 *  search (which varies pp, dp, v and ZeRO around them) computes each once per context. */
const layerTimesMemo = memoByOwner<TrainingContext, number, LayerTimes>();
const RECOMPUTE_CODE = { none: 0, selective: 1, full: 2 } as const;

/**
 * A layer's times. They depend on tp, cp, ep, etp, the microbatch and the recomputation only, and
 * linearly on the share of layers a block recomputation repeats, so each is computed once per
 * context (at the full share) and scaled; the search varies pp, dp, v and ZeRO around them.
 */
function layerTimes(ctx: TrainingContext, c: ParallelConfig, moeLayer: boolean): LayerTimes {
  const share = recomputedShare(c, layersOnBusiestStage(ctx.model.layers, c.pp, c.virtualStages));
  const full = c.recompute === 'full';
  const compute = () => computeLayerTimes(ctx, c, moeLayer, full ? 1 : 0);
  // tp, cp, etp, microbatch < 128 and ep < 1024: a key below 2^53; beyond, no memo.
  const whole =
    c.tp >= 128 || c.cp >= 128 || c.etp >= 128 || c.microBatch >= 128 || c.ep >= 1024
      ? compute()
      : layerTimesMemo(
          ctx,
          (((((c.tp * 128 + c.cp) * 1024 + c.ep) * 128 + c.etp) * 128 + c.microBatch) * 4 +
            RECOMPUTE_CODE[c.recompute]) *
            2 +
            (moeLayer ? 1 : 0),
          compute,
        );
  if (!full || share === 1) return whole;
  return {
    ...whole,
    recompute: share * whole.recompute,
    tpComm: (whole.tpComm * (4 + 2 * share)) / 6,
    epComm: (whole.epComm * (1 + 0.5 * share)) / 1.5,
  };
}

function computeLayerTimes(
  ctx: TrainingContext,
  c: ParallelConfig,
  moeLayer: boolean,
  share: number,
): LayerTimes {
  const eff = ctx.efficiency;
  const tokens = (c.microBatch * ctx.seqLen) / c.cp;
  // Weight GEMMs shape by shape: the measured large-GEMM rate times wave quantization, or the
  // operand traffic when a GEMM is memory-bound (small expert GEMMs). The router's tiny GEMM and
  // any remainder of the layer's FLOPs not in the list run at the plain rate.
  const rate = matmulFlopsPerS(ctx);
  const hbmRate = ctx.gpu.hbmTBps.value * 1e12 * eff.hbmFraction.value;
  const lowPrecision = ctx.precision === 'fp8' || ctx.precision === 'fp4';
  const gemms = layerGemms(ctx, c, moeLayer, tokens);
  const shaped = gemmTimes(
    gemms,
    GEMM_TILING.sms.value[ctx.gpu.id],
    rate,
    hbmRate,
    lowPrecision ? 1 : 2,
  );
  const listedFlops = gemms.reduce((sum, g) => sum + 2 * g.m * g.n * g.k * g.count, 0);
  const restS =
    Math.max(0, (layerMatmulFlops(ctx.model, moeLayer) * tokens) / c.tp - listedFlops) / rate;
  const matmulS = shaped.forward + restS;
  const matmulBackwardS = shaped.backward + 2 * restS;
  const attention = attentionTimesPerToken(
    ctx.model,
    ctx.gpu,
    eff,
    halfPrecisionPeak(ctx),
    ctx.seqLen,
    ctx.flashAttention,
    c.tp,
    c.cp,
  );
  const attentionS = attention.forward * tokens;
  const attentionBackwardS = attention.backward * tokens;
  const hbm = ctx.gpu.hbmTBps.value * 1e12 * eff.hbmFraction.value;
  const elementwiseS = (elementwiseBytesPerToken(ctx, c, moeLayer) * tokens) / hbm;
  const castBytes = castBytesPerElement(eff, ctx.precision, ctx.gpu.generation, ctx.fp8Recipe);
  const quantized = quantizedElements(gemms, ctx.model.hidden, ctx.sequenceParallel ? c.tp : 1);
  const castForwardS = (castBytes * quantized.forward) / hbm;
  const castBackwardS = (castBytes * quantized.backward) / hbm;

  const activationBytes = tokens * ctx.model.hidden * 2;
  const tpLink = groupLink(ctx, c.tp, 1);
  // Two all-reduces (or all-gather + reduce-scatter with SP) in the forward pass, two in backward.
  const tpOne = allReduceS(activationBytes, c.tp, tpLink);
  let cpComm = 0;
  if (c.cp > 1) {
    // Ring attention: each rank gathers the other ranks' K and V (forward) and reduce-scatters their
    // gradients (backward), overlapped with the attention computation it feeds.
    // Each TP rank exchanges the K and V of its own heads: its KV heads, or for MLA the
    // up-projected per-head keys and values (ring attention runs on those, not on the latent).
    const m = ctx.model;
    const d = headDims(m);
    const perRank = m.mla
      ? (m.heads * (d.qk + d.v)) / c.tp
      : Math.max(1, m.kvHeads / c.tp) * (d.qk + d.v);
    const kvBytes = tokens * perRank * 2;
    const cpLink = groupLink(ctx, c.cp, c.tp);
    const gather = allGatherS(kvBytes * c.cp, c.cp, cpLink);
    cpComm =
      Math.max(0, gather - attentionS) +
      Math.max(0, reduceScatterS(kvBytes * c.cp, c.cp, cpLink) - 2 * attentionS);
  }
  let epComm = 0;
  if (moeLayer && ctx.model.moe && c.ep > 1) {
    // Token dispatch and combine all-to-alls in the forward pass, and again in backward.
    const routedBytes =
      (tokens / (ctx.sequenceParallel ? c.tp : 1)) *
      ctx.model.moe.activeExperts *
      ctx.model.hidden *
      2;
    // MoE parallel folding: the EP group's members sit etp ranks apart within tp x cp x dp.
    epComm = 4 * expertAllToAllS(ctx, routedBytes, c.ep, c.etp);
    if (c.etp > 1) {
      // Expert tensor parallelism: the dispatched tokens are all-gathered over the etp ranks
      // before the expert GEMMs and the outputs reduce-scattered after, forward and backward
      // (Megatron-Core MoE parallel folding). Each GPU ends up with tokens x k x etp / tp slots.
      const slotBytes =
        ((tokens * ctx.model.moe.activeExperts * c.etp) / c.tp) * ctx.model.hidden * 2;
      const etpLink = groupLink(ctx, c.etp, 1);
      epComm +=
        2 * (allGatherS(slotBytes, c.etp, etpLink) + reduceScatterS(slotBytes, c.etp, etpLink));
    }
  }
  const forward = matmulS + attentionS + elementwiseS + castForwardS;
  // Backward: two matmuls per forward matmul; attention's backward at its own measured rate.
  const backward = matmulBackwardS + attentionBackwardS + 2 * elementwiseS + castBackwardS;
  // Full recomputation (of all layers, or of a block of them) repeats the forward pass with its
  // two TP collectives and its dispatch/combine.
  let recompute = share * forward;
  if (c.recompute === 'selective')
    recompute = attentionS + (ctx.flashAttention ? 0 : elementwiseS / 2);
  return {
    forward,
    backward,
    recompute,
    tpComm: (4 + 2 * share) * tpOne,
    cpComm,
    epComm: (1 + 0.5 * share) * epComm,
  };
}

/**
 * A layer's times with its expert all-to-alls as far as they show: all of them, or, where the
 * stack overlaps them with another microbatch's computation (Megatron-Core
 * overlap_moe_expert_parallel_comm), what the layer's forward, backward and recomputation
 * (at the overlap fraction) leave exposed.
 */
function exposed(ctx: TrainingContext, t: LayerTimes): LayerTimes {
  if (!ctx.framework.expertAllToAllOverlap || t.epComm === 0) return t;
  const window = ctx.efficiency.overlapFraction.value * (t.forward + t.backward + t.recompute);
  return { ...t, epComm: Math.max(0, t.epComm - window) };
}

/** Step time of one configuration, by part. */
export function stepTime(ctx: TrainingContext, c: ParallelConfig): StepTimeBreakdown {
  const eff = ctx.efficiency;
  const m = microbatchesPerStep(ctx, c);
  const model = ctx.model;
  const moeLayers = model.moe ? model.layers - model.moe.denseLayers : 0;
  const dense = layerTimes(ctx, c, false);
  const moe = moeLayers > 0 ? layerTimes(ctx, c, true) : dense;
  const moeShare = moeLayers / model.layers;
  const avg = (key: keyof LayerTimes) =>
    (1 - moeShare) * exposed(ctx, dense)[key] + moeShare * exposed(ctx, moe)[key];

  const layersOnStage = layersOnBusiestStage(model.layers, c.pp, c.virtualStages);
  const tokens = (c.microBatch * ctx.seqLen) / c.cp;
  // LM head and cross-entropy on the last stage: matmul 2hV per token forward, x3 with backward,
  // in 16-bit; the fp32 logits are written, read and written again by the loss (~12 bytes per
  // logit). MTP modules (DeepSeek-V3) add, per depth, one more layer and the head once more.
  const heads = 1 + model.mtpDepth;
  const lastLayer = exposed(ctx, moeLayers > 0 ? moe : dense);
  const lmHeadS =
    heads *
      ((3 * 2 * model.hidden * model.vocab * tokens) / c.tp / halfMatmulFlopsPerS(ctx) +
        (12 * model.vocab * tokens) /
          c.tp /
          (ctx.gpu.hbmTBps.value * 1e12 * eff.hbmFraction.value)) +
    model.mtpDepth *
      (lastLayer.forward +
        lastLayer.backward +
        lastLayer.recompute +
        lastLayer.tpComm +
        lastLayer.epComm);

  const computePerMb = layersOnStage * (avg('forward') + avg('backward') + avg('recompute'));
  const commPerMb = layersOnStage * (avg('tpComm') + avg('cpComm') + avg('epComm'));
  // The slowest stage sets the pace: a middle stage, or the last with its (possibly fewer)
  // layers plus the LM head and MTP modules.
  const perLayerS =
    avg('forward') +
    avg('backward') +
    avg('recompute') +
    avg('tpComm') +
    avg('cpComm') +
    avg('epComm');
  const stages = stageLayers(model.layers, c.pp, c.virtualStages);
  const stageMax =
    c.pp === 1
      ? computePerMb + commPerMb + lmHeadS
      : Math.max(
          stages.first * perLayerS,
          c.pp > 2 ? stages.middle * perLayerS : 0,
          stages.last * perLayerS + lmHeadS,
        );
  const stageAvg =
    computePerMb * (model.layers / c.pp / layersOnStage) + commPerMb + lmHeadS / c.pp;

  // Pipeline: steady state of m microbatches on the slowest stage plus (p-1)/v fill and drain.
  const bubbleS = c.pp > 1 ? ((c.pp - 1) / c.virtualStages) * stageAvg : 0;
  let p2pS = 0;
  if (c.pp > 1) {
    const p2pLink = groupLink(ctx, 2, c.tp * c.cp * c.dp);
    const bytes = (tokens * model.hidden * 2) / (ctx.sequenceParallel ? c.tp : 1);
    // Forward activations and backward gradients cross each stage boundary, v times with interleaving.
    p2pS = (m + c.pp - 1) * 2 * c.virtualStages * sendS(bytes, p2pLink);
  }

  // Data-parallel gradient and parameter collectives over dp x cp ranks.
  const bytes = bytesPerParam(ctx.precision, ctx.framework.gradReduceBytes);
  const params = cachedParamsPerGpu(ctx, c);
  const dpSize = c.dp * c.cp;
  const dpLink = groupLink(ctx, dpSize, c.tp, ctx.hierarchicalDataParallel);
  const expertDp = expertDataParallel(c);
  const expertLink = groupLink(ctx, expertDp, c.etp * c.ep, ctx.hierarchicalDataParallel);
  const gradBytes = bytes.gradients;
  const paramBytes = bytes.weights;
  let reduceS: number;
  let gatherS = 0;
  // ZeRO-1/2 reduce in buckets of the framework's size (Megatron-Core: max(40M, 1M x dp)
  // parameters); ZeRO-3 gathers and reduces layer by layer, paying the ring latency per layer.
  const bucket = ctx.framework.gradientBucket;
  const bucketParams = (ranks: number) =>
    Math.max(bucket.minParams, bucket.paramsPerDpRank * ranks);
  const calls = (count: number, ranks: number) =>
    c.zeroStage === 3 ? layersOnStage : Math.max(1, Math.ceil(count / bucketParams(ranks)));
  if (c.zeroStage === 0) {
    reduceS =
      allReduceS(params.dense * gradBytes, dpSize, dpLink) +
      allReduceS(params.expert * gradBytes, expertDp, expertLink);
  } else {
    const denseCalls = calls(params.dense, dpSize);
    const expertCalls = calls(params.expert, expertDp);
    reduceS =
      reduceScatterS(params.dense * gradBytes, dpSize, dpLink, denseCalls) +
      reduceScatterS(params.expert * gradBytes, expertDp, expertLink, expertCalls);
    gatherS =
      allGatherS(params.dense * paramBytes, dpSize, dpLink, denseCalls) +
      allGatherS(params.expert * paramBytes, expertDp, expertLink, expertCalls);
  }
  const stageForward = layersOnStage * avg('forward');
  const stageBackward = layersOnStage * (avg('backward') + avg('recompute'));
  const overlap = eff.overlapFraction.value;
  // Parameter all-gathers hide behind forward compute when prefetched ('forward' or 'full');
  // gradient reductions (and ZeRO-3's backward re-gathers) hide behind backward compute only with
  // 'full' overlap. Whatever does not fit in its window is exposed.
  const hide = (commS: number, windowS: number, enabled: boolean) =>
    enabled ? Math.max(0, commS - overlap * windowS) : commS;
  const forwardOverlap = ctx.dataParallelOverlap !== 'none';
  const backwardOverlap = ctx.dataParallelOverlap === 'full';
  let dpExposedS: number;
  if (c.zeroStage === 3) {
    // Parameters gathered for every microbatch's forward and backward, gradients reduce-scattered.
    dpExposedS =
      m *
      (hide(gatherS, stageForward, forwardOverlap) +
        hide(gatherS + reduceS, stageBackward, backwardOverlap));
  } else if (c.zeroStage === 2 && m > 1) {
    // Sharded gradients cannot accumulate across microbatches in a full buffer: each
    // microbatch's gradients are reduce-scattered as its backward pass produces them (DeepSpeed
    // ZeRO-2 with gradient accumulation; Rajbhandari et al. 2020 Sec. 5.2), m reductions a step.
    dpExposedS =
      m * hide(reduceS, stageBackward, backwardOverlap) +
      hide(gatherS, stageForward, forwardOverlap);
  } else {
    // Bucketed gradient reduction can hide behind the last microbatch's backward pass; the
    // parameter all-gather behind the first microbatch's forward pass.
    dpExposedS =
      hide(reduceS, stageBackward, backwardOverlap) + hide(gatherS, stageForward, forwardOverlap);
  }

  // Adam update: ~30 bytes of HBM traffic per locally updated parameter (fp32 p, g, m, v read;
  // p, m, v written; 16-bit copy written).
  const updated =
    params.dense / (c.zeroStage >= 1 ? dpSize : 1) +
    params.expert / (c.zeroStage >= 1 ? expertDp : 1);
  const optimizerS = (30 * updated) / (ctx.gpu.hbmTBps.value * 1e12 * eff.hbmFraction.value);

  const computeS = m * (computePerMb + lmHeadS);
  const pipelineS = m * stageMax + bubbleS;
  const stragglerS =
    ctx.gpus > 1 ? eff.stragglerCv.value * Math.sqrt(2 * Math.log(ctx.gpus)) * pipelineS : 0;
  const totalS = pipelineS + p2pS + dpExposedS + optimizerS + stragglerS;
  return {
    computeS,
    tensorParallelCommS: m * layersOnStage * avg('tpComm'),
    contextParallelCommS: m * layersOnStage * avg('cpComm'),
    expertParallelCommS: m * layersOnStage * avg('epComm'),
    pipelineBubbleS: bubbleS,
    pipelineP2pS: p2pS,
    dataParallelExposedS: dpExposedS,
    optimizerS,
    stragglerS,
    totalS,
    bubbleFraction: c.pp > 1 ? (c.pp - 1) / (c.virtualStages * m) : 0,
  };
}

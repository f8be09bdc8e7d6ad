// Time of one optimizer step, from its parts: compute (matmuls at an achievable fraction of peak,
// attention, memory-bound elementwise kernels), TP/CP/EP collectives, the pipeline bubble
// (p-1)/(m*v) of Narayanan et al. 2021 Sec. 2.2, point-to-point transfers, data-parallel
// gradient/parameter collectives with overlap, the optimizer update and synchronisation stragglers.
import { peakFlops } from '../catalog/gpus.js';
import {
  allGatherS,
  allReduceS,
  allToAllS,
  reduceScatterS,
  sendS,
  type Link,
} from './collectives.js';
import { microbatchesPerStep, type ParallelConfig, type TrainingContext } from './config.js';
import { attentionCoreFlops, layerMatmulFlops } from './flops.js';
import { bytesPerParam, paramsPerGpu } from './memory.js';

/** Megatron-LM's default gradient bucket (DistributedDataParallel bucket_size, 40M elements). */
const GRADIENT_BUCKET_PARAMS = 40e6;

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

/** Matmul precision's sustained FLOP/s: only the large matmuls run at the FP8 rate. */
function matmulFlopsPerS(ctx: TrainingContext): number {
  const eff = ctx.efficiency;
  const gen = ctx.gpu.generation;
  if (ctx.precision === 'fp8') {
    const fp8 = peakFlops(ctx.gpu, 'fp8');
    const fraction = eff.fp8GemmFraction.value[gen];
    if (fp8 !== undefined && fraction !== undefined) return fp8 * fraction;
  }
  return halfPrecisionPeak(ctx) * (eff.gemmFraction.value[gen] ?? 0.7);
}

/** Peak of the 16-bit path (attention, and matmuls for bf16/fp16/fp8-less parts). */
function halfPrecisionPeak(ctx: TrainingContext): number {
  const g = ctx.gpu;
  if (ctx.precision === 'fp32') return peakFlops(g, 'tf32') ?? peakFlops(g, 'fp32') ?? 1;
  if (ctx.precision === 'fp16') return peakFlops(g, 'fp16') ?? peakFlops(g, 'bf16') ?? 1;
  return peakFlops(g, 'bf16') ?? peakFlops(g, 'fp16') ?? 1;
}

/**
 * Link for a communication group: `stride` GPUs between consecutive members. `pooled`: members in
 * one scale-up domain share the domain's NICs (NCCL multi-channel rings); otherwise each GPU's
 * traffic crosses its own NIC only.
 */
export function groupLink(ctx: TrainingContext, size: number, stride: number, pooled = true): Link {
  const eff = ctx.efficiency;
  const domain = ctx.gpu.scaleUpDomainGpus.value;
  const scaleUp = ctx.gpu.scaleUpGBps.value * 1e9 * eff.scaleUpBusFraction.value;
  if (size * stride <= domain) {
    return { bytesPerS: scaleUp, latencyS: eff.collectiveLatencyUs.value.scaleUp * 1e-6 };
  }
  const nicGbps = ctx.gpu.scaleOutGbpsPerGpu.value ?? 100;
  const portGbps = ctx.fabric ? ctx.fabric.portGbps.value : nicGbps;
  const nic = (Math.min(nicGbps, portGbps) / 8) * 1e9 * eff.scaleOutBusFraction.value;
  // Members sharing a scale-up domain each drive their own NIC (one ring per rail), so the group's
  // bus bandwidth per GPU is the NIC rate times the members per domain, capped by the scale-up link.
  const membersPerDomain = pooled ? Math.max(1, Math.floor(domain / stride)) : 1;
  const bytesPerS = Math.min(scaleUp, nic * Math.min(membersPerDomain, size));
  return { bytesPerS, latencyS: eff.collectiveLatencyUs.value.scaleOut * 1e-6 };
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
  // Two layer norms (read+write 2 bytes each: 8h), two bias-dropout-residual adds (read 2, write 1,
  // mask: 7h each): 22h bytes, replicated across TP ranks unless sequence parallelism shards them.
  const normsAndResiduals = 22 * h;
  // MLP activation: read and write the FFN width (GELU 4f bytes; SwiGLU reads two inputs: 6f).
  const mlp = m.ffnType === 'swiglu' ? 6 * f : 4 * f;
  // QKV reshapes / rotary embedding: read+write of Q, K, V.
  const qkv = 4 * (h + 2 * m.kvHeads * m.headDim);
  // Without FlashAttention the s x s scores are materialised: write scores, softmax read+write,
  // dropout read+write+mask, read by the context matmul: 13 bytes per score (Korthikanti Sec. 4.1).
  const scores = ctx.flashAttention ? 0 : 13 * m.heads * (ctx.seqLen / c.cp);
  return normsAndResiduals / (ctx.sequenceParallel ? c.tp : 1) + (mlp + qkv + scores) / c.tp;
}

interface LayerTimes {
  forward: number;
  backward: number;
  recompute: number;
  tpComm: number;
  cpComm: number;
  epComm: number;
}

function layerTimes(ctx: TrainingContext, c: ParallelConfig, moeLayer: boolean): LayerTimes {
  const eff = ctx.efficiency;
  const tokens = (c.microBatch * ctx.seqLen) / c.cp;
  const matmulS = (layerMatmulFlops(ctx.model, moeLayer) * tokens) / c.tp / matmulFlopsPerS(ctx);
  const attentionS =
    (attentionCoreFlops(ctx.model, ctx.seqLen, ctx.flashAttention) * tokens) /
    c.tp /
    (halfPrecisionPeak(ctx) * eff.attentionFraction.value);
  const hbm = ctx.gpu.hbmTBps.value * 1e12 * eff.hbmFraction.value;
  const elementwiseS = (elementwiseBytesPerToken(ctx, c, moeLayer) * tokens) / hbm;

  const activationBytes = tokens * ctx.model.hidden * 2;
  const tpLink = groupLink(ctx, c.tp, 1);
  // Two all-reduces (or all-gather + reduce-scatter with SP) in the forward pass, two in backward.
  const tpOne = allReduceS(activationBytes, c.tp, tpLink);
  let cpComm = 0;
  if (c.cp > 1) {
    // Ring attention: each rank gathers the other ranks' K and V (forward) and reduce-scatters their
    // gradients (backward), overlapped with the attention computation it feeds.
    const kvBytes = tokens * 2 * ctx.model.kvHeads * ctx.model.headDim * 2;
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
    const epLink = groupLink(ctx, c.ep, c.tp * c.cp);
    epComm = 4 * allToAllS(routedBytes, c.ep, epLink);
  }
  const forward = matmulS + attentionS + elementwiseS;
  // Backward: two matmuls per forward matmul; FlashAttention's backward is ~2.5x its forward.
  const backward = 2 * matmulS + 2.5 * attentionS + 2 * elementwiseS;
  let recompute = 0;
  if (c.recompute === 'full') recompute = forward;
  else if (c.recompute === 'selective')
    recompute = attentionS + (ctx.flashAttention ? 0 : elementwiseS / 2);
  // Full recomputation repeats the forward pass's two TP collectives and its dispatch/combine.
  const full = c.recompute === 'full';
  return {
    forward,
    backward,
    recompute,
    tpComm: (full ? 6 : 4) * tpOne,
    cpComm,
    epComm: full ? 1.5 * epComm : epComm,
  };
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
  const avg = (key: keyof LayerTimes) => (1 - moeShare) * dense[key] + moeShare * moe[key];

  const layersOnStage = Math.ceil(model.layers / c.pp);
  const tokens = (c.microBatch * ctx.seqLen) / c.cp;
  // LM head and cross-entropy on the last stage: matmul 2hV per token forward, x3 with backward;
  // the fp32 logits are written, read and written again by the loss (~12 bytes per logit).
  const lmHeadS =
    (3 * 2 * model.hidden * model.vocab * tokens) / c.tp / matmulFlopsPerS(ctx) +
    (12 * model.vocab * tokens) / c.tp / (ctx.gpu.hbmTBps.value * 1e12 * eff.hbmFraction.value);

  const computePerMb = layersOnStage * (avg('forward') + avg('backward') + avg('recompute'));
  const commPerMb = layersOnStage * (avg('tpComm') + avg('cpComm') + avg('epComm'));
  const stageMax = computePerMb + commPerMb + lmHeadS;
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
  const bytes = bytesPerParam(ctx.precision);
  const params = paramsPerGpu(model, c);
  const dpSize = c.dp * c.cp;
  const dpLink = groupLink(ctx, dpSize, c.tp, ctx.hierarchicalDataParallel);
  const expertDp = Math.max(1, dpSize / c.ep);
  const expertLink = groupLink(ctx, expertDp, c.tp * c.ep, ctx.hierarchicalDataParallel);
  const gradBytes = bytes.gradients;
  const paramBytes = bytes.weights;
  let reduceS: number;
  let gatherS = 0;
  // ZeRO-1/2 reduce in buckets (Megatron-LM: 40M elements); ZeRO-3 gathers and reduces layer by
  // layer, so it pays the ring latency once per layer and collective.
  const calls = (count: number) =>
    c.zeroStage === 3 ? layersOnStage : Math.max(1, Math.ceil(count / GRADIENT_BUCKET_PARAMS));
  if (c.zeroStage === 0) {
    reduceS =
      allReduceS(params.dense * gradBytes, dpSize, dpLink) +
      allReduceS(params.expert * gradBytes, expertDp, expertLink);
  } else {
    reduceS =
      reduceScatterS(params.dense * gradBytes, dpSize, dpLink, calls(params.dense)) +
      reduceScatterS(params.expert * gradBytes, expertDp, expertLink, calls(params.expert));
    gatherS =
      allGatherS(params.dense * paramBytes, dpSize, dpLink, calls(params.dense)) +
      allGatherS(params.expert * paramBytes, expertDp, expertLink, calls(params.expert));
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

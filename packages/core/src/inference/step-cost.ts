// Time of one engine iteration of a continuously batched server: a fused forward pass over the
// decode tokens of the running sequences plus the prompt tokens being prefilled.
//  - linear layers: compute at an achievable fraction of the precision's peak PLUS the time to
//    stream the weights once from HBM. Decode GEMMs are thin (a few hundred rows); near the ridge
//    point measured serving kernels take about the sum, not the max (issue #3, effect 2);
//  - attention: prefill is compute-bound (causal, FlashAttention-style), decode streams each
//    sequence's KV cache;
//  - tensor parallelism: two all-reduces of the activations per layer on the scale-up link, with
//    a per-call latency that matters at TP 8;
//  - pipeline parallelism (vLLM and TensorRT-LLM serve a model too large for one server this way):
//    the running batch is split into pp micro-batches kept in flight, one per stage; each stage
//    runs its layers over one micro-batch and sends the hidden states on. Every sequence then
//    advances one token per pp stage-times, so the iteration is pp x (stage time + transfer), and
//    each stage reads its weights once per micro-batch.
import { peakFlops, type Gpu } from '../catalog/gpus.js';
import type { EfficiencyCatalog } from '../catalog/efficiency.js';
import type { InferencePrecision, KvCachePrecision } from '../scenario/schema.js';
import type { ModelShape } from '../training/model-shape.js';
import {
  kvBytesPerTokenPerGpu,
  layersPerStage,
  paramSplit,
  weightBytesPerGpu,
  type ParamSplit,
} from './memory.js';
import { halfPrecision, matmulPrecision } from './precision.js';

export interface ServingContext {
  readonly model: ModelShape;
  readonly gpu: Gpu;
  readonly precision: InferencePrecision;
  readonly kvPrecision: KvCachePrecision;
  readonly tp: number;
  /** Pipeline stages (default 1). */
  readonly pp?: number;
  readonly efficiency: EfficiencyCatalog;
}

/** The work of one iteration. */
export interface IterationLoad {
  /** Sequences generating a token from their cache this iteration. */
  readonly decodeSeqs: number;
  /** Mean tokens already in those sequences' caches. */
  readonly decodeContext: number;
  /** Prompts (whole or chunks) being prefilled this iteration. */
  readonly prefillRequests: number;
  /** Length of each prompt prefilled. */
  readonly promptTokens: number;
}

export interface IterationCost {
  readonly linearComputeS: number;
  readonly weightReadS: number;
  /** Memory-bound kernels between the matmuls: norms, residual adds, activation, rotary. */
  readonly elementwiseS: number;
  readonly prefillAttentionS: number;
  readonly decodeAttentionS: number;
  readonly tensorParallelS: number;
  /** Hidden states sent between pipeline stages (0 without pipeline parallelism). */
  readonly pipelineTransferS: number;
  readonly totalS: number;
}

/** Sustained matmul FLOP/s at the serving precision (per GPU). */
export function servingMatmulFlopsPerS(ctx: ServingContext): number {
  const eff = ctx.efficiency;
  const gen = ctx.gpu.generation;
  const tensor = matmulPrecision(ctx.gpu, ctx.precision);
  const peak = peakFlops(ctx.gpu, tensor) ?? 1;
  const fraction =
    tensor === 'fp8'
      ? eff.fp8GemmFraction.value[gen]
      : tensor === 'fp4'
        ? eff.fp4GemmFraction.value[gen]
        : tensor === 'int8'
          ? eff.int8GemmFraction.value[gen]
          : eff.gemmFraction.value[gen];
  return peak * (fraction ?? 0.7);
}

function hbmBytesPerS(ctx: ServingContext): number {
  return ctx.gpu.hbmTBps.value * 1e12 * ctx.efficiency.serving.hbmFraction.value;
}

/** Expected routed experts a layer reads when `tokens` tokens each pick k of E (uniform routing). */
export function expertsTouchedFraction(model: ModelShape, tokens: number): number {
  if (!model.moe || tokens <= 0) return 0;
  const pick = model.moe.activeExperts / model.moe.experts;
  return 1 - Math.pow(1 - pick, tokens);
}

/**
 * Bytes one token moves through HBM in the memory-bound kernels of one layer on one GPU (serving
 * engines fuse each residual add into the following RMSNorm): two fused add+norms read residual
 * and block output and write residual and normalised input (8h bytes each, every TP rank holds the
 * full hidden state); the gated activation reads gate and up and writes its output (6f, 4f for
 * GELU) and rotary embedding reads and writes Q and K and appends K, V (4(h + 2 kv)), both split
 * by TP. The same accounting as training's, without dropout.
 */
export function elementwiseBytesPerTokenPerLayer(model: ModelShape, tp: number): number {
  const h = model.hidden;
  const f = model.moe
    ? model.moe.expertFfnHidden * (model.moe.activeExperts + model.moe.sharedExperts)
    : model.ffnHidden;
  const kv = model.kvHeads * model.headDim;
  const mlp = model.ffnType === 'swiglu' ? 6 * f : 4 * f;
  return 16 * h + (mlp + 4 * (h + 2 * kv)) / tp;
}

/**
 * Time of one iteration: every running sequence advances one token. Each component is the sum
 * over the pp micro-batches of the busiest (last) stage; they add up to the iteration.
 */
export function iterationCost(ctx: ServingContext, load: IterationLoad): IterationCost {
  const { model, tp } = ctx;
  const pp = ctx.pp ?? 1;
  const serving = ctx.efficiency.serving;
  const split: ParamSplit = paramSplit(model);
  const layers = layersPerStage(model, pp);
  const stageShare = layers / model.layers;
  // One micro-batch: 1/pp of the sequences and prompts.
  const prefillRequests = load.prefillRequests / pp;
  const decodeSeqs = load.decodeSeqs / pp;
  const prefillTokens = prefillRequests * load.promptTokens;
  const tokens = decodeSeqs + prefillTokens;
  // Logits only for the last prompt token and each decode token.
  const logitTokens = decodeSeqs + prefillRequests;
  const lmHeadParams = split.lmHead > 0 ? split.lmHead : split.embedding;
  const linearFlops =
    (2 * split.activeLinear * stageShare * tokens + 2 * lmHeadParams * logitTokens) / tp;
  const linearComputeS = linearFlops / servingMatmulFlopsPerS(ctx);

  const touched = expertsTouchedFraction(model, tokens);
  const weightBytes = weightBytesPerGpu(model, ctx.precision, tp, pp);
  const untouched = (split.routedExperts * (1 - touched)) / split.linear || 0;
  // The input embedding is gathered row by row, not streamed; a tied one is streamed as LM head.
  // The last stage of a pipeline holds the LM head alone.
  const embeddingBytes = ctx.precision === 'fp32' ? 4 : 2;
  const embeddingShare = split.lmHead > 0 && pp === 1 ? (split.embedding * embeddingBytes) / tp : 0;
  const streamed = (weightBytes - embeddingShare) * (1 - untouched);
  const weightReadS = tokens > 0 ? streamed / hbmBytesPerS(ctx) : 0;

  const elementwiseS =
    (tokens * layers * elementwiseBytesPerTokenPerLayer(model, tp)) / hbmBytesPerS(ctx);

  const half = halfPrecision(ctx.gpu);
  const attentionPeak = (half ? peakFlops(ctx.gpu, half) : undefined) ?? 1;
  // Dot-product width per token and layer: heads x head dim. MLA decodes with the weights
  // absorbed, every head working over the cached latent; it prefills as ordinary attention with
  // its QK (nope + rope) and V head dims.
  const qDim = model.heads * (model.mlaKvDim ?? model.headDim);
  const prefillDim = model.heads * (model.mlaPrefillHeadDim ?? model.headDim);
  // Causal prefill: QK^T and AV, 2 FLOPs per MAC, half the score matrix: 2 S^2 qDim per layer.
  const prefillAttnFlops =
    (prefillRequests * 2 * load.promptTokens ** 2 * prefillDim * layers) / tp;
  const prefillAttentionS = prefillAttnFlops / (attentionPeak * serving.attentionFraction.value);
  const kvBytes =
    decodeSeqs * load.decodeContext * kvBytesPerTokenPerGpu(model, ctx.kvPrecision, tp, pp);
  const decodeAttnFlops = (decodeSeqs * 4 * load.decodeContext * qDim * layers) / tp;
  const decodeAttentionS = Math.max(
    kvBytes / hbmBytesPerS(ctx),
    decodeAttnFlops / (attentionPeak * serving.attentionFraction.value),
  );

  let tensorParallelS = 0;
  if (tp > 1 && tokens > 0) {
    const busBytesPerS = ctx.gpu.scaleUpGBps.value * 1e9 * ctx.efficiency.scaleUpBusFraction.value;
    const bytes = tokens * model.hidden * 2;
    // Two all-reduces per layer (after attention and after the MLP) of 16-bit activations; each
    // call costs its latency plus the ring's 2(n-1)/n of the buffer over the bus bandwidth.
    const perCall =
      serving.allReduceLatencyUs.value * 1e-6 + (2 * (tp - 1) * bytes) / (tp * busBytesPerS);
    tensorParallelS = 2 * layers * perCall;
  }
  const pipelineTransferS = pp > 1 && tokens > 0 ? stageTransferS(ctx, tokens) : 0;
  // pp micro-batches per iteration, each through the busiest stage.
  const parts = {
    linearComputeS: pp * linearComputeS,
    weightReadS: pp * weightReadS,
    elementwiseS: pp * elementwiseS,
    prefillAttentionS: pp * prefillAttentionS,
    decodeAttentionS: pp * decodeAttentionS,
    tensorParallelS: pp * tensorParallelS,
    pipelineTransferS: pp * pipelineTransferS,
  };
  const totalS = Object.values(parts).reduce((a, b) => a + b, 0);
  return { ...parts, totalS };
}

/**
 * Sending one micro-batch's 16-bit hidden states to the next stage. Every TP rank holds them after
 * the all-reduce, so each sends its 1/tp slice over its own link (the receivers all-gather on the
 * scale-up link, as Megatron's scatter/gather p2p does); a stage boundary inside one scale-up
 * domain uses NVLink, across servers the GPU's scale-out NIC.
 */
export function stageTransferS(ctx: ServingContext, tokens: number): number {
  const eff = ctx.efficiency;
  const pp = ctx.pp ?? 1;
  const acrossServers = ctx.tp * pp > ctx.gpu.scaleUpDomainGpus.value;
  const link = acrossServers
    ? ((ctx.gpu.scaleOutGbpsPerGpu.value ?? 100) / 8) * 1e9 * eff.scaleOutBusFraction.value
    : ctx.gpu.scaleUpGBps.value * 1e9 * eff.scaleUpBusFraction.value;
  const latencyUs = acrossServers
    ? eff.collectiveLatencyUs.value.scaleOut
    : eff.collectiveLatencyUs.value.scaleUp;
  return latencyUs * 1e-6 + (tokens * ctx.model.hidden * 2) / ctx.tp / link;
}

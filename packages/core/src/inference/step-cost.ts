// Time of one engine iteration of a continuously batched server: a fused forward pass over the
// decode tokens of the running sequences plus the prompt tokens being prefilled.
//  - linear layers: compute at an achievable fraction of the precision's peak PLUS the time to
//    stream the weights once from HBM. Decode GEMMs are thin (a few hundred rows); near the ridge
//    point measured serving kernels take about the sum, not the max (issue #3, effect 2);
//  - attention: prefill is compute-bound (causal, FlashAttention-style), decode streams each
//    sequence's KV cache;
//  - tensor parallelism: two all-reduces of the activations per layer on the scale-up link, with
//    a per-call latency that matters at TP 8;
//  - attention data parallelism (dp groups of tp/dp GPUs, each with its own requests): attention,
//    dense layers and their all-reduces run per group over the group's tokens; an MoE layer then
//    sends each token from its group to the GPUs holding the experts it picked and the outputs
//    back (dispatch and combine), in place of the attention all-reduce over all tp GPUs;
//  - expert parallelism (ep ranks, each expert split over tp/ep GPUs): a rank computes and reads
//    only its experts, for the tokens routed to them; the busiest rank sets the pace;
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
  attentionTp,
  kvBytesPerTokenPerGpu,
  layersPerStage,
  paramSplit,
  type ParamSplit,
} from './memory.js';
import { halfPrecision, matmulPrecision, weightBytes } from './precision.js';

export interface ServingContext {
  readonly model: ModelShape;
  readonly gpu: Gpu;
  readonly precision: InferencePrecision;
  readonly kvPrecision: KvCachePrecision;
  readonly tp: number;
  /** Pipeline stages (default 1). */
  readonly pp?: number;
  /** Expert-parallel ranks of the MoE layers within each stage's tp GPUs (default 1). */
  readonly ep?: number;
  /** Attention data-parallel groups within each stage's tp GPUs (default 1). */
  readonly dp?: number;
  /**
   * How requests arrive, which decides how prompts fall on attention-DP groups. 'uniform' (the
   * default; offline, a full queue of like requests): requests finish and are replaced together,
   * so every group prefills its share at once: spread evenly. 'poisson' (online): prompts arrive
   * one by one and each is prefilled whole by the group that will hold its KV cache.
   */
  readonly arrivals?: 'uniform' | 'poisson';
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
  /**
   * Communication inside each stage's scale-up domain: the tensor-parallel all-reduces (per
   * attention group with attention DP) and the MoE layers' token dispatch and combine.
   */
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

/** Expected maximum of `ranks` independent Binomial(n, p) counts, exact: sum of P(max > m). */
export function expectedMaxBinomial(n: number, p: number, ranks: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (ranks <= 1) return n * p;
  const logOdds = Math.log(p) - Math.log1p(-p);
  let logPmf = n * Math.log1p(-p);
  let cdf = 0;
  let sum = 0;
  for (let m = 0; m < n; m++) {
    cdf += Math.exp(logPmf);
    sum += 1 - Math.min(1, cdf) ** ranks;
    logPmf += Math.log((n - m) / (m + 1)) + logOdds;
  }
  return sum;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf, |error| < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const maxNormalCache = new Map<number, number>();

/** Expected maximum of `ranks` independent standard normals (0, 0.564, 1.029, 1.424 for 1, 2, 4, 8). */
export function expectedMaxStandardNormal(ranks: number): number {
  if (ranks <= 1) return 0;
  const cached = maxNormalCache.get(ranks);
  if (cached !== undefined) return cached;
  // E[max] = integral of x r phi(x) Phi(x)^(r-1) dx, midpoint rule over [-8, 8].
  const step = 0.005;
  let sum = 0;
  for (let x = -8 + step / 2; x < 8; x += step) {
    const density = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
    sum += x * ranks * density * normalCdf(x) ** (ranks - 1) * step;
  }
  maxNormalCache.set(ranks, sum);
  return sum;
}

/**
 * Share of its own routed-expert weights the busiest of `ep` expert-parallel ranks streams in one
 * pass. Each rank holds E/ep experts, each touched with the probability q of
 * expertsTouchedFraction (independently, uniform routing), so a rank reads Binomial(E/ep, q) of
 * them and the pass waits for the largest of the ep counts. ep = 1 (every GPU holds a 1/tp slice
 * of every expert): q.
 */
export function busiestRankExpertFraction(model: ModelShape, tokens: number, ep: number): number {
  const q = expertsTouchedFraction(model, tokens);
  if (!model.moe || ep <= 1) return q;
  const perRank = model.moe.experts / ep;
  return expectedMaxBinomial(perRank, q, ep) / perRank;
}

/**
 * Routed-expert work of the busiest expert-parallel rank relative to the mean: the `tokens` x k
 * token-expert pairs fall on each of the ep ranks with probability 1/ep (uniform routing), and the
 * rank with the most sets the pace (exact binomial maximum for small counts, its normal
 * approximation above 2,000 pairs). 1 when ep = 1: every GPU works on every pair's 1/tp slice.
 */
export function busiestRankRoutedLoad(model: ModelShape, tokens: number, ep: number): number {
  if (!model.moe || ep <= 1 || tokens <= 0) return 1;
  const pairs = tokens * model.moe.activeExperts;
  const mean = pairs / ep;
  // A token's k distinct experts put at most min(k, E/ep) pairs on one rank.
  const most = tokens * Math.min(model.moe.activeExperts, model.moe.experts / ep);
  const busiest =
    pairs <= 2000
      ? expectedMaxBinomial(Math.round(pairs), 1 / ep, ep) *
        (pairs / Math.max(1, Math.round(pairs)))
      : mean + Math.sqrt(pairs * (1 / ep) * (1 - 1 / ep)) * expectedMaxStandardNormal(ep);
  return Math.max(1, Math.min(most, busiest) / mean);
}

/**
 * Expert-parallel ranks one token's k experts fall on: ep x P(a rank holds at least one of them),
 * the k drawn without replacement from E experts dealt E/ep to a rank. 1 when ep = 1.
 */
export function expertRanksPerToken(model: ModelShape, ep: number): number {
  if (!model.moe || ep <= 1) return 1;
  const { experts, activeExperts } = model.moe;
  const others = experts - experts / ep;
  let none = 1;
  for (let i = 0; i < activeExperts; i++) none *= Math.max(0, others - i) / (experts - i);
  return ep * (1 - none);
}

/** Memory-bound bytes of one layer per token, split as the work is (see the function below). */
function elementwiseParts(model: ModelShape, tp: number, dp: number) {
  const h = model.hidden;
  const routedF = model.moe ? model.moe.expertFfnHidden * model.moe.activeExperts : 0;
  const denseF = model.moe ? model.moe.expertFfnHidden * model.moe.sharedExperts : model.ffnHidden;
  const kv = model.kvHeads * model.headDim;
  const mlp = (f: number) => (model.ffnType === 'swiglu' ? 6 * f : 4 * f);
  return {
    /** Per token of the attention group, on each of its tp / dp GPUs. */
    group: 16 * h + (mlp(denseF) + 4 * (h + 2 * kv)) / attentionTp(tp, dp),
    /** Per token of the replica, on each GPU (the routed experts' activations, split tp ways). */
    routed: mlp(routedF) / tp,
  };
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
  const parts = elementwiseParts(model, tp, 1);
  return parts.group + parts.routed;
}

/** Scale-up communication of one micro-batch through one stage, by kind. */
export interface ScaleUpCommunication {
  /** Tensor-parallel all-reduces: over all tp GPUs, or over each attention group's tp / dp. */
  readonly allReduceS: number;
  /** MoE token dispatch and combine between attention groups (0 without attention DP). */
  readonly dispatchCombineS: number;
}

/**
 * The communication of one micro-batch through a stage's `layers` on the scale-up link (ring
 * all-reduce 2(n-1)/n of the buffer, an all-to-all the bytes each GPU sends, over the bus
 * bandwidth, each call with the serving all-reduce latency; 16-bit activations).
 *  - dp = 1: two all-reduces per layer over the tp GPUs, after attention and after the MLP or MoE.
 *    Every rank holds every token, so with ep > 1 a rank picks the tokens routed to its experts
 *    locally, and the combine, which must give every rank each token's sum over all ranks, is
 *    that same all-reduce (what TensorRT-LLM runs when attention DP is off).
 *  - dp > 1: the attention and dense-MLP all-reduces run inside each group of tp / dp GPUs over
 *    the group's `groupTokens` (none when the group is one GPU). An MoE layer dispatches each
 *    token from its group to the GPUs holding the experts it picked (expertRanksPerToken x tp/ep
 *    of them; all tp GPUs when ep = 1, which is the all-gather of the hidden states), those
 *    outside its own group over the link, each group GPU sending 1/(tp/dp) of the group's tokens,
 *    and combines the expert outputs back the same way; the group's partial sums then join its
 *    MLP all-reduce.
 */
export function scaleUpCommunication(
  ctx: ServingContext,
  tokens: number,
  groupTokens: number,
  layers: number,
): ScaleUpCommunication {
  const { model, tp } = ctx;
  const dp = ctx.dp ?? 1;
  const ep = model.moe ? (ctx.ep ?? 1) : 1;
  if (tp <= 1 || tokens <= 0) return { allReduceS: 0, dispatchCombineS: 0 };
  const busBytesPerS = ctx.gpu.scaleUpGBps.value * 1e9 * ctx.efficiency.scaleUpBusFraction.value;
  const latencyS = ctx.efficiency.serving.allReduceLatencyUs.value * 1e-6;
  const tokenBytes = model.hidden * 2;
  const allReduce = (n: number, t: number) =>
    n > 1 && t > 0 ? latencyS + (2 * (n - 1) * t * tokenBytes) / (n * busBytesPerS) : 0;
  if (dp <= 1) return { allReduceS: 2 * layers * allReduce(tp, tokens), dispatchCombineS: 0 };
  const groupTp = attentionTp(tp, dp);
  const allReduceS = 2 * layers * allReduce(groupTp, groupTokens);
  if (!model.moe) return { allReduceS, dispatchCombineS: 0 };
  const moeLayers = (layers * (model.layers - model.moe.denseLayers)) / model.layers;
  const destinations = expertRanksPerToken(model, ep) * (tp / ep);
  const remote = (destinations * (dp - 1)) / dp;
  const sentBytes = (groupTokens / groupTp) * remote * tokenBytes;
  const oneWay = latencyS + sentBytes / busBytesPerS;
  return { allReduceS, dispatchCombineS: moeLayers * 2 * oneWay };
}

/**
 * Time of one iteration: every running sequence advances one token. Each component is the sum
 * over the pp micro-batches of the busiest (last) stage; they add up to the iteration. With
 * attention DP the attention and dense parts are those of the busiest group (the MoE layers make
 * every group wait for it), with expert parallelism the routed experts' those of the busiest rank.
 */
export function iterationCost(ctx: ServingContext, load: IterationLoad): IterationCost {
  const { model, tp } = ctx;
  const pp = ctx.pp ?? 1;
  const ep = model.moe ? (ctx.ep ?? 1) : 1;
  const dp = ctx.dp ?? 1;
  const groupTp = attentionTp(tp, dp);
  const serving = ctx.efficiency.serving;
  const split: ParamSplit = paramSplit(model);
  const layers = layersPerStage(model, pp);
  const stageShare = layers / model.layers;
  // One micro-batch: 1/pp of the sequences and prompts.
  const prefillRequests = load.prefillRequests / pp;
  const decodeSeqs = load.decodeSeqs / pp;
  const prefillTokens = prefillRequests * load.promptTokens;
  const tokens = decodeSeqs + prefillTokens;
  // The busiest attention group: its 1/dp of the running sequences (the scheduler balances them)
  // and its share of the prompts. Under Poisson arrivals a prompt is prefilled whole by the group
  // that will hold its KV cache, so the P prompts of a micro-batch fill at most P groups: a lone
  // prompt loads one group, whose attention and dense layers run it while the others wait for it
  // at the MoE layers. A full queue of like requests refills every group at once: even.
  const groups =
    ctx.arrivals === 'poisson' ? Math.min(dp, Math.max(1, prefillRequests)) : Math.max(1, dp);
  const groupDecode = decodeSeqs / dp;
  const groupPrefill = prefillRequests / groups;
  const groupTokens = groupDecode + groupPrefill * load.promptTokens;
  // Logits only for the last prompt token and each decode token.
  const groupLogits = groupDecode + groupPrefill;
  const lmHeadParams = split.lmHead > 0 ? split.lmHead : split.embedding;
  const routedLoad = busiestRankRoutedLoad(model, tokens, ep);
  const denseActive = split.activeLinear - split.routedActive;
  const linearFlops =
    (2 * denseActive * stageShare * groupTokens + 2 * lmHeadParams * groupLogits) / groupTp +
    (2 * split.routedActive * stageShare * tokens * routedLoad) / tp;
  const linearComputeS = linearFlops / servingMatmulFlopsPerS(ctx);

  // Weights streamed once per pass: the attention group's dense share and one vocabulary matrix
  // (the input embedding is gathered row by row, not streamed; the last stage of a pipeline holds
  // the LM head alone, a tied embedding is streamed as the LM head), and the routed experts the
  // busiest rank's tokens touch.
  const bytesPerWeight = weightBytes(ctx.precision);
  const embeddingBytes = ctx.precision === 'fp32' ? 4 : 2;
  const denseBytes =
    ((split.linear - split.routedExperts) * stageShare * bytesPerWeight +
      split.embedding * embeddingBytes) /
    groupTp;
  const expertBytes = (split.routedExperts * stageShare * bytesPerWeight) / tp;
  const streamed = denseBytes + expertBytes * busiestRankExpertFraction(model, tokens, ep);
  const weightReadS = tokens > 0 ? streamed / hbmBytesPerS(ctx) : 0;

  const elementwise = elementwiseParts(model, tp, dp);
  const elementwiseS =
    (layers * (groupTokens * elementwise.group + tokens * routedLoad * elementwise.routed)) /
    hbmBytesPerS(ctx);

  const half = halfPrecision(ctx.gpu);
  const attentionPeak = (half ? peakFlops(ctx.gpu, half) : undefined) ?? 1;
  // Dot-product width per token and layer: heads x head dim. MLA decodes with the weights
  // absorbed, every head working over the cached latent; it prefills as ordinary attention with
  // its QK (nope + rope) and V head dims. A group splits its heads tp / dp ways.
  const qDim = model.heads * (model.mlaKvDim ?? model.headDim);
  const prefillDim = model.heads * (model.mlaPrefillHeadDim ?? model.headDim);
  // Causal prefill: QK^T and AV, 2 FLOPs per MAC, half the score matrix: 2 S^2 qDim per layer.
  const prefillAttnFlops =
    (groupPrefill * 2 * load.promptTokens ** 2 * prefillDim * layers) / groupTp;
  const prefillAttentionS = prefillAttnFlops / (attentionPeak * serving.attentionFraction.value);
  // Decode reads the group's sequences' caches only: with attention DP the others live elsewhere.
  const kvBytes =
    groupDecode * load.decodeContext * kvBytesPerTokenPerGpu(model, ctx.kvPrecision, tp, pp, dp);
  const decodeAttnFlops = (groupDecode * 4 * load.decodeContext * qDim * layers) / groupTp;
  const decodeAttentionS = Math.max(
    kvBytes / hbmBytesPerS(ctx),
    decodeAttnFlops / (attentionPeak * serving.attentionFraction.value),
  );

  const comm = scaleUpCommunication(ctx, tokens, groupTokens, layers);
  const tensorParallelS = comm.allReduceS + comm.dispatchCombineS;
  // Each GPU hands on its group's tokens' 1/(tp/dp) slice: 1/tp of the micro-batch when even.
  const pipelineTransferS = pp > 1 && tokens > 0 ? stageTransferS(ctx, groupTokens * dp) : 0;
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

// Time of one engine iteration of a continuously batched server: a fused forward pass over the
// decode tokens of the running sequences plus the prompt tokens being prefilled.
//  - linear layers: compute at the GPU's measured large-GEMM rate PLUS the time to stream the
//    weights once from HBM. Decode GEMMs are thin (a few hundred rows); near the ridge point
//    measured serving kernels take about the sum, not the max (issue #3, effect 2). GEMM by GEMM
//    (gemm-cost.ts) each takes max(padded compute, operand traffic) + min(compute, weights): the
//    sum, unless padding rows into whole tiles or the activations' traffic lengthen its roofline;
//    the routed experts are one grouped GEMM whose experts pad their rows separately; the LM head
//    (16-bit weights) runs on the 16-bit path. An iteration carries whole prompts, so the mean
//    load's fractional prompt count is the mix of the two whole counts around it;
//  - MoE layers also permute each token's hidden state into its experts' rows and combine the k
//    outputs back, and write and read the router's logits (HBM traffic);
//  - attention: prefill is compute-bound (causal, FlashAttention-style, at the throughput measured
//    for its head dim and prompt length, as training's), decode streams each sequence's KV cache;
//  - tensor parallelism: two all-reduces of the activations per layer on the scale-up link, with
//    a per-call latency that matters at TP 8;
//  - attention data parallelism (dp groups of tp/dp GPUs, each with its own requests): attention,
//    dense layers and their all-reduces run per group over the group's tokens; an MoE layer then
//    sends each token from its group to the GPUs holding the experts it picked and the outputs
//    back (dispatch and combine), in place of the attention all-reduce over all tp GPUs. Each
//    group schedules its own requests, and the MoE layers make every group wait for the one with
//    the most work: the iteration is that of the group with the most prefill, the expected
//    maximum over the dp groups (busiestGroupPrefill);
//  - expert parallelism (ep ranks, each expert split over tp/ep GPUs): a rank computes and reads
//    only its experts, for the tokens routed to them; the busiest rank sets the pace;
//  - pipeline parallelism (vLLM and TensorRT-LLM serve a model too large for one server this way):
//    the running batch is split into pp micro-batches kept in flight, one per stage; each stage
//    runs its layers over one micro-batch and sends the hidden states on. Every sequence then
//    advances one token per pp stage-times, so the iteration is pp x (stage time + transfer), and
//    each stage reads its weights once per micro-batch;
//  - the engine's host work (scheduling, input preparation, sampling), per request a scheduler
//    rank holds: hidden behind the GPUs by the overlap scheduler up to their own time, added to it
//    by a blocking pipeline loop (engine-host-time.ts).
import { peakFlops } from '../catalog/gpus.js';
import { attentionTimesPerToken } from '../training/attention-time.js';
import type { ModelShape } from '../training/model-shape.js';
import {
  attentionTp,
  cachedTokens,
  kvBytesPerTokenPerGpu,
  layersPerStage,
  paramSplit,
  type ParamSplit,
} from './memory.js';
import {
  addLayerCharge,
  blockGemmFlopsPerS,
  denseChargeS,
  expertPick,
  layerShapes,
  lmHeadFlopsPerS,
  servingTile,
  type GemmOperands,
  type LayerShapes,
  type Tile,
} from './gemm-cost.js';
import { activationBytes, halfPrecision, weightBytes } from './precision.js';
import { normalCdf } from '../util/normal-cdf.js';
import type { ServingContext } from './serving-context.js';

export type { ServingContext } from './serving-context.js';
import { exposedHostS, hostStepS } from './engine-host-time.js';

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
  /**
   * Tokens one attention-DP rank may carry in an iteration (the engine's max_num_tokens per rank;
   * absent: unbounded). A prompt longer than what its decode tokens leave of it is prefilled in
   * chunks of the rest.
   */
  readonly groupTokenBudget?: number;
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
  /** The engine's host work the GPUs wait for, beyond their own (engine-host-time.ts). */
  readonly hostS: number;
  readonly totalS: number;
}

/**
 * Sustained matmul FLOP/s of large GEMMs at the serving precision (per GPU): the GPU's own
 * measured fraction of peak (gemm-efficiency.json), else its generation's (efficiency.json).
 */
export function servingMatmulFlopsPerS(ctx: ServingContext): number {
  return blockGemmFlopsPerS(ctx);
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
 * Expected maximum of `ranks` independent Binomial(n, p) counts, exact: sum of P(max > m); with a
 * `cap`, of the counts each held to at most cap (E[min(max, cap)]).
 */
export function expectedMaxBinomial(n: number, p: number, ranks: number, cap = n): number {
  const top = Math.min(n, Math.max(0, Math.floor(cap)));
  if (n <= 0 || p <= 0 || top <= 0) return 0;
  if (p >= 1) return top;
  if (ranks <= 1 && top >= n) return n * p;
  const logOdds = Math.log(p) - Math.log1p(-p);
  let logPmf = n * Math.log1p(-p);
  let cdf = 0;
  let sum = 0;
  for (let m = 0; m < top; m++) {
    cdf += Math.exp(logPmf);
    const above = 1 - Math.min(1, cdf) ** ranks;
    sum += above;
    // Past the mean, once the tail is negligible the remaining terms are too.
    if (above < 1e-12 && m > n * p) break;
    logPmf += Math.log((n - m) / (m + 1)) + logOdds;
  }
  return sum;
}

/** How the prompt work of one micro-batch falls on its busiest attention-DP group. */
export interface BusiestGroupPrefill {
  /** Tokens of one unit of prefill work: a whole prompt, or a chunk of the rank's token budget. */
  readonly unitTokens: number;
  /** Expected units the busiest group carries (its prefill tokens / unitTokens). */
  readonly units: number;
}

/**
 * The busiest attention-DP group's prefill in an iteration of a full queue of like requests.
 * Each of the dp ranks schedules its own sequences (TensorRT-LLM's attention DP: every rank runs
 * its own batch, and the MoE layers' token exchange makes all of them wait for the slowest,
 * "the iteration time is dominated by the slowest rank", the ADP Balance blog); each of a group's
 * n sequences finishes, and is replaced by a new prompt, in a given iteration with probability
 * q = 1/O, so a group starts Binomial(n, q) prompts, independently of the others (the engine's
 * balancing wait, attention_dp_config.enable_balance, is off by default). The iteration runs at the
 * expected maximum over the dp groups. A prompt longer than the room its group's decode tokens
 * leave in the per-rank token budget is prefilled in chunks of that room: a group is then either
 * prefilling a chunk or not, with the probability that keeps its mean prefill tokens, and the
 * busiest carries a chunk when any does, 1 - (1 - p)^dp. dp = 1: the mean.
 */
export function busiestGroupPrefill(
  seqsPerGroup: number,
  promptsPerGroup: number,
  promptTokens: number,
  dp: number,
  roomTokens = Infinity,
): BusiestGroupPrefill {
  if (promptsPerGroup <= 0 || promptTokens <= 0) return { unitTokens: promptTokens, units: 0 };
  if (dp <= 1) return { unitTokens: promptTokens, units: promptsPerGroup };
  const room = Math.max(1, roomTokens);
  const meanTokens = promptsPerGroup * promptTokens;
  if (promptTokens > room) {
    const p = Math.min(1, meanTokens / room);
    return { unitTokens: room, units: 1 - Math.pow(1 - p, dp) };
  }
  const n = Math.max(1, Math.round(seqsPerGroup));
  const q = Math.min(1, promptsPerGroup / n);
  const cap = Math.max(1, Math.floor(room / promptTokens));
  const units = Math.max(Math.min(promptsPerGroup, cap), expectedMaxBinomial(n, q, dp, cap));
  return { unitTokens: promptTokens, units };
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

/**
 * Memory-bound bytes of one layer per token, split as the work is (see the function below). A
 * dense layer's MLP is its FFN; an MoE layer's its shared experts (over the attention group) and
 * its k routed experts (split over all tp GPUs).
 */
function elementwiseParts(model: ModelShape, tp: number, dp: number, moeLayer: boolean) {
  const h = model.hidden;
  const moe = moeLayer ? model.moe : undefined;
  const routedF = moe ? moe.expertFfnHidden * moe.activeExperts : 0;
  const denseF = moe ? moe.expertFfnHidden * moe.sharedExperts : model.ffnHidden;
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
export function elementwiseBytesPerTokenPerLayer(
  model: ModelShape,
  tp: number,
  moeLayer = model.moe !== undefined,
): number {
  const parts = elementwiseParts(model, tp, 1, moeLayer);
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
 *    the group's `groupTokens` (none when the group is one GPU). An MoE layer all-gathers every
 *    group's tokens to every GPU (each rank then picks those routed to its experts) and
 *    reduce-scatters the 16-bit partial outputs back to the tokens' groups: TensorRT-LLM's
 *    default MoE backend with attention DP (CutlassFusedMoE: routing, quantization, all-gather
 *    of the quantized inputs with the expert ids and scales, the fused MoE, reduce-scatter;
 *    tensorrt_llm/_torch/modules/fused_moe/fused_moe_cutlass.py). Each GPU of the busiest group
 *    sends its 1/(tp/dp) of the group's tokens to the tp - tp/dp GPUs outside it and receives
 *    their partial sums for them; every other GPU waits for it.
 */
export function scaleUpCommunication(
  ctx: ServingContext,
  tokens: number,
  groupTokens: number,
  layers: number,
): ScaleUpCommunication {
  const { model, tp } = ctx;
  const dp = ctx.dp ?? 1;
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
  const moeLayers = Math.min(layers, model.layers - model.moe.denseLayers);
  // Every GPU outside the group receives the group's tokens (the all-gather), whatever ep: a
  // rank picks the tokens routed to its experts from the gathered rows.
  const remote = tp - groupTp;
  const perGpuTokens = groupTokens / groupTp;
  // The all-gather carries the MoE input after its quantization (NVFP4: 4-bit values with a
  // scale per 16) and each token's k expert ids and weights (int32 and fp32); the reduce-scatter
  // the 16-bit partial outputs.
  const gatherBytes = model.hidden * activationBytes(ctx.precision) + model.moe.activeExperts * 8;
  const gatherS = latencyS + (perGpuTokens * remote * gatherBytes) / busBytesPerS;
  const scatterS = latencyS + (perGpuTokens * remote * tokenBytes) / busBytesPerS;
  return { allReduceS, dispatchCombineS: moeLayers * (gatherS + scatterS) };
}

/** The token counts of one micro-batch through the busiest stage that its linear layers see. */
interface LinearLoad {
  /** Tokens of the micro-batch (the routed experts see them all). */
  readonly tokens: number;
  /** Tokens and LM-head rows of the busiest attention group. */
  readonly groupTokens: number;
  readonly groupLogits: number;
  /** Share of its experts the busiest rank reads. */
  readonly touched: number;
}

/** What the linear layers' GEMMs need of the context alone: rates, tile, operand costs, shapes. */
interface LinearBasis {
  readonly rate: number;
  readonly lmHeadRate: number;
  readonly tile: Tile;
  readonly operands: GemmOperands;
  /** The LM head's: 16-bit weights and inputs. */
  readonly lmHeadOperands: GemmOperands;
  readonly denseShapes: LayerShapes;
  readonly moeShapes: LayerShapes;
  /** The LM head's columns per GPU and inner dimension. */
  readonly vocabPerGpu: number;
  readonly hidden: number;
}

const basisCache = new WeakMap<ServingContext, LinearBasis>();

/** The context's LinearBasis, computed once per context object. */
function linearBasis(ctx: ServingContext): LinearBasis {
  const cached = basisCache.get(ctx);
  if (cached) return cached;
  const secondsPerByte = 1 / hbmBytesPerS(ctx);
  const half = ctx.precision === 'fp32' ? 4 : 2;
  const basis: LinearBasis = {
    rate: blockGemmFlopsPerS(ctx),
    lmHeadRate: lmHeadFlopsPerS(ctx),
    tile: servingTile(ctx),
    operands: {
      secondsPerByte,
      weightBytes: weightBytes(ctx.precision),
      inputBytes: activationBytes(ctx.precision),
    },
    lmHeadOperands: { secondsPerByte, weightBytes: half, inputBytes: half },
    denseShapes: layerShapes(ctx, false),
    moeShapes: layerShapes(ctx, true),
    vocabPerGpu: ctx.model.vocab / attentionTp(ctx.tp, ctx.dp ?? 1),
    hidden: ctx.model.hidden,
  };
  basisCache.set(ctx, basis);
  return basis;
}

/**
 * Everything the linear layers' GEMMs need, read from the context once per iteration (so the
 * GEMM loop below touches nothing else).
 */
interface LinearPlan {
  readonly basis: LinearBasis;
  /** Dense and MoE layers on the busiest stage. */
  readonly denseLayers: number;
  readonly moeLayers: number;
  readonly pick: number;
  /** FLOPs per token of the parameter count: over the group's and the routed tokens. */
  readonly groupFlopsPerToken: number;
  readonly routedFlopsPerToken: number;
}

function linearPlan(
  ctx: ServingContext,
  split: ParamSplit,
  layers: number,
  moeLayers: number,
  routedLoad: number,
): LinearPlan {
  const { model, tp } = ctx;
  const groupTp = attentionTp(tp, ctx.dp ?? 1);
  const stageShare = layers / model.layers;
  return {
    basis: linearBasis(ctx),
    denseLayers: layers - moeLayers,
    moeLayers,
    pick: expertPick(model, routedLoad),
    groupFlopsPerToken: (2 * (split.activeLinear - split.routedActive) * stageShare) / groupTp,
    routedFlopsPerToken: (2 * split.routedActive * stageShare * routedLoad) / tp,
  };
}

/**
 * Tensor-core time of a micro-batch's linear layers on one GPU of the busiest stage, group and
 * rank: each layer's GEMMs shape by shape (gemm-cost.ts), the LM head on the 16-bit path, and any
 * FLOPs the parameter count has beyond the listed shapes (the router, what a preset's count
 * includes beyond the shapes) at the plain rate.
 */
function linearTensorS(p: LinearPlan, l: LinearLoad): number {
  const b = p.basis;
  const sum = { flops: 0, tensorS: 0 };
  if (p.denseLayers > 0) {
    addLayerCharge(sum, p.denseLayers, b.denseShapes, l, p.pick, b.rate, b.tile, b.operands);
  }
  if (p.moeLayers > 0) {
    addLayerCharge(sum, p.moeLayers, b.moeShapes, l, p.pick, b.rate, b.tile, b.operands);
  }
  const paramFlops = p.groupFlopsPerToken * l.groupTokens + p.routedFlopsPerToken * l.tokens;
  const restS = Math.max(0, paramFlops - sum.flops) / b.rate;
  const lmHeadS = denseChargeS(
    l.groupLogits,
    b.vocabPerGpu,
    b.hidden,
    b.lmHeadRate,
    b.tile,
    b.lmHeadOperands,
  );
  return sum.tensorS + restS + lmHeadS;
}

/**
 * HBM bytes one MoE layer moves on one GPU of the busiest rank to route its tokens (TensorRT-LLM's
 * expandInputRows and finalizeMoeRouting kernels; Megatron-Core's permute / unpermute): each
 * token present is read once (16-bit) and written into the rows of its experts on this rank at
 * the GEMM's input precision; the experts' 16-bit outputs are read back and summed into one
 * 16-bit row per token. The router writes and the top-k reads E fp32 logits per token of the
 * attention group. Every GPU of an expert's tp / ep shards holds the whole rows.
 */
export function moeRoutingBytes(
  ctx: ServingContext,
  tokens: number,
  groupTokens: number,
  routedLoad: number,
): number {
  const { model } = ctx;
  if (!model.moe || tokens <= 0) return 0;
  const ep = ctx.ep ?? 1;
  const h = model.hidden;
  const pairs = (tokens * model.moe.activeExperts * routedLoad) / ep;
  const present = (tokens * expertRanksPerToken(model, ep)) / ep;
  const router = groupTokens * model.moe.experts * 8;
  return pairs * h * (activationBytes(ctx.precision) + 2) + present * h * 4 + router;
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
  // at the MoE layers (spread evenly over those P). A full queue of like requests: each group
  // starts its own replacements, and the iteration waits for the group with the most prefill
  // (busiestGroupPrefill), in whole prompts or chunks of its token budget (`unit` tokens each).
  const poisson = ctx.arrivals === 'poisson';
  const groups = poisson ? Math.min(dp, Math.max(1, prefillRequests)) : Math.max(1, dp);
  const groupDecode = decodeSeqs / dp;
  const busiest =
    poisson || dp <= 1
      ? { unitTokens: load.promptTokens, units: prefillRequests / groups }
      : busiestGroupPrefill(
          (decodeSeqs + prefillRequests) / dp,
          prefillRequests / dp,
          load.promptTokens,
          dp,
          (load.groupTokenBudget ?? Infinity) - groupDecode,
        );
  const unit = busiest.unitTokens;
  const groupPrefillTokens = busiest.units * unit;
  // Whole prompts' worth of the busiest group's prefill (a chunk is a share of one).
  const groupPrefill = load.promptTokens > 0 ? groupPrefillTokens / load.promptTokens : 0;
  const groupTokens = groupDecode + groupPrefillTokens;
  const routedLoad = busiestRankRoutedLoad(model, tokens, ep);
  const touched = busiestRankExpertFraction(model, tokens, ep);
  const moeLayers = model.moe ? Math.min(layers, model.layers - model.moe.denseLayers) : 0;
  // The mean load carries a fractional number of prompts; an engine's iterations carry whole
  // ones (or whole chunks), some a unit more than others. GEMM tiles pad whole token counts, so
  // the tensor-core time is the mean over the busiest group's two neighbouring whole unit counts,
  // weighted to the mean. Evenly spread, each of its prompts stands for `groups` of the
  // micro-batch's; with the busiest of independent groups, the routed experts see the
  // micro-batch's mean prompt tokens whatever the busiest carries.
  const fewer = Math.floor(busiest.units);
  const more = busiest.units - fewer;
  const plan = linearPlan(ctx, split, layers, moeLayers, routedLoad);
  const evenlySpread = poisson || dp <= 1;
  const linearAt = (units: number) =>
    linearTensorS(plan, {
      tokens: decodeSeqs + (evenlySpread ? units * groups * unit : prefillTokens),
      groupTokens: groupDecode + units * unit,
      // Logits only for the last prompt token and each decode token.
      groupLogits: groupDecode + (units * unit) / Math.max(1, load.promptTokens),
      touched,
    });
  const linearComputeS =
    tokens > 0 ? (1 - more) * linearAt(fewer) + (more > 1e-9 ? more * linearAt(fewer + 1) : 0) : 0;

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
  const streamed = denseBytes + expertBytes * touched;
  const weightReadS = tokens > 0 ? streamed / hbmBytesPerS(ctx) : 0;

  const dense = elementwiseParts(model, tp, dp, false);
  const moe = elementwiseParts(model, tp, dp, true);
  const elementwiseS =
    ((layers - moeLayers) * groupTokens * dense.group +
      moeLayers *
        (groupTokens * moe.group +
          tokens * routedLoad * moe.routed +
          moeRoutingBytes(ctx, tokens, groupTokens, routedLoad))) /
    hbmBytesPerS(ctx);

  const half = halfPrecision(ctx.gpu);
  const attentionPeak = (half ? peakFlops(ctx.gpu, half) : undefined) ?? 1;
  // Dot-product width per token and layer: heads x head dim. MLA decodes with the weights
  // absorbed, every head working over the cached latent; it prefills as ordinary attention with
  // its QK (nope + rope) and V head dims. A group splits its heads tp / dp ways.
  const qDim = model.heads * (model.mlaKvDim ?? model.headDim);
  // Causal prefill: QK^T and AV, 2 FLOPs per MAC, half the score matrix: 2 S^2 (heads x head dim)
  // per layer, local (sliding-window) layers over at most their window; the kernel runs at the
  // FlashAttention forward throughput measured for its head dim and the prompt length, the same
  // cuDNN table and Blackwell exponential bound training uses (training/attention-time.ts).
  const prefillAttentionS =
    groupPrefill > 0 && load.promptTokens > 0
      ? groupPrefill *
        load.promptTokens *
        layers *
        attentionTimesPerToken(
          model,
          ctx.gpu,
          ctx.efficiency,
          attentionPeak,
          load.promptTokens,
          true,
          groupTp,
          1,
        ).forward
      : 0;
  // Decode reads the group's sequences' caches only: with attention DP the others live elsewhere.
  const decodeKeys = cachedTokens(model, load.decodeContext);
  const kvBytes =
    groupDecode * decodeKeys * kvBytesPerTokenPerGpu(model, ctx.kvPrecision, tp, pp, dp);
  const decodeAttnFlops = (groupDecode * 4 * decodeKeys * qDim * layers) / groupTp;
  const decodeAttentionS = Math.max(
    kvBytes / hbmBytesPerS(ctx),
    decodeAttnFlops / (attentionPeak * serving.attentionFraction.value),
  );

  const comm = scaleUpCommunication(ctx, tokens, groupTokens, layers);
  const tensorParallelS = comm.allReduceS + comm.dispatchCombineS;
  // Each GPU hands on its group's tokens' 1/(tp/dp) slice: 1/tp of the micro-batch when even.
  const pipelineTransferS = pp > 1 && tokens > 0 ? stageTransferS(ctx, groupTokens * dp) : 0;
  // pp micro-batches per iteration, each through the busiest stage.
  // (Summed in this order, and built as one literal: the planner's inner loop.)
  const cost = {
    linearComputeS: pp * linearComputeS,
    weightReadS: pp * weightReadS,
    elementwiseS: pp * elementwiseS,
    prefillAttentionS: pp * prefillAttentionS,
    decodeAttentionS: pp * decodeAttentionS,
    tensorParallelS: pp * tensorParallelS,
    pipelineTransferS: pp * pipelineTransferS,
    hostS: 0,
    totalS: 0,
  };
  cost.totalS =
    cost.linearComputeS +
    cost.weightReadS +
    cost.elementwiseS +
    cost.prefillAttentionS +
    cost.decodeAttentionS +
    cost.tensorParallelS +
    cost.pipelineTransferS;
  // Each scheduler rank (one per attention-DP group) handles its requests of every micro-batch.
  const host = hostStepS((load.decodeSeqs + load.prefillRequests) / dp, ctx.hostSPerRequest ?? 0);
  cost.hostS = exposedHostS(cost.totalS, host, pp);
  cost.totalS += cost.hostS;
  return cost;
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
    ? ((ctx.gpu.scaleOutGbpsPerGpu.value ?? eff.unpublishedScaleOutGbps.value) / 8) *
      1e9 *
      eff.scaleOutBusFraction.value
    : ctx.gpu.scaleUpGBps.value * 1e9 * eff.scaleUpBusFraction.value;
  const latencyUs = acrossServers
    ? eff.collectiveLatencyUs.value.scaleOut
    : eff.collectiveLatencyUs.value.scaleUp;
  return latencyUs * 1e-6 + (tokens * ctx.model.hidden * 2) / ctx.tp / link;
}

// The weight GEMMs of one serving iteration on one GPU, shape by shape, and the tensor-core time
// charged to them. As the training planner times its GEMMs (training/gemm-shapes.ts): each at the
// GPU's own measured large-GEMM rate (gemm-efficiency.json; its generation's fraction where it has
// none), over the output tiles it computes (gemm-tiling.json: the catalogued tile, in the better
// of its two orientations, pads a GEMM's rows and columns to whole tiles; NVIDIA, 'Matrix
// Multiplication Background User's Guide', 'Dimension Quantization Effects'), against its operand
// traffic at the HBM rate (the roofline). What a serving engine launches differs in three ways:
//  - no wave quantization: TensorRT-LLM times the candidate kernels for every GEMM shape and keeps
//    the fastest, split-K and stream-K ones among them, which share a partial last wave's work out
//    over the idle SMs (Osama et al., 'Stream-K: Work-centric Parallel Decomposition for Dense
//    Matrix-Matrix Multiplication on the GPU', PPoPP 2023). Splitting the inner dimension cannot
//    shrink a tile, so the padding stays;
//  - the routed experts of an MoE layer are one grouped GEMM: every expert's rows (the tokens
//    routed to it, Binomial(tokens, k/E) under uniform routing) are padded to whole tiles on their
//    own, since a tile never spans two experts;
//  - the charge keeps the serving sum (thin decode GEMMs near the ridge point take compute plus
//    weight reads, step-cost.ts): the useful work plus what padding and activation traffic add to
//    the GEMM's roofline (chargedTensorS). The weights themselves are charged in step-cost.ts.
import { peakFlops, type TensorPrecision } from '../catalog/gpus.js';
import { gemmFraction } from '../catalog/gemm-measurements.js';
import { GEMM_TILING } from '../catalog/gemm-tiling.js';
import { mlpMatrices, type ModelShape } from '../training/model-shape.js';
import { attentionTp } from './memory.js';
import { halfPrecision, matmulPrecision } from './precision.js';
import type { ServingContext } from './serving-context.js';
import { normalCdf } from '../util/normal-cdf.js';

/** One dense GEMM per GPU: output m x n, inner dimension k. */
export interface DenseGemm {
  readonly m: number;
  readonly n: number;
  readonly k: number;
}

/**
 * The grouped GEMM of a rank's routed experts: `experts` GEMMs of output r x n, inner k, where
 * each expert's row count r is Binomial(`tokens`, `pick`).
 */
export interface GroupedGemm {
  readonly experts: number;
  readonly tokens: number;
  readonly pick: number;
  /** Share of the experts whose weights the pass reads (at least one token picked them). */
  readonly touched: number;
  readonly n: number;
  readonly k: number;
}

/**
 * The output tile a GPU's GEMMs compute in; undefined without a catalogued SM count (TPU systolic
 * arrays, inline accelerators), whose GEMMs are not padded here.
 */
export type Tile = { readonly m: number; readonly n: number } | undefined;

/**
 * The tile serving GEMMs compute in, for GPUs with a catalogued SM count: the catalogued large
 * tile's long side for many rows, and a thin tile of 64 rows (the smallest tensor-core MMA) for
 * few: its two orientations pad the rows to 256 (columns to 64) or to 64 (columns to 256).
 */
export function servingTile(ctx: ServingContext): Tile {
  if (GEMM_TILING.sms.value[ctx.gpu.id] === undefined) return undefined;
  return { m: GEMM_TILING.tile.value.m, n: GEMM_TILING.thinTileRows.value };
}

/** Sustained FLOP/s of large GEMMs on `tensor`: the GPU's measured fraction, else its generation's. */
export function gemmFlopsPerS(ctx: ServingContext, tensor: TensorPrecision): number {
  const peak = peakFlops(ctx.gpu, tensor) ?? 1;
  return peak * (gemmFraction(ctx.gpu, tensor, ctx.efficiency) ?? 0.7);
}

/** The transformer blocks' linear layers: on the serving precision's tensor path. */
export function blockGemmFlopsPerS(ctx: ServingContext): number {
  return gemmFlopsPerS(ctx, matmulPrecision(ctx.gpu, ctx.precision));
}

/**
 * The LM head: its weights stay 16-bit (memory.ts; TensorRT Model Optimizer leaves `lm_head`
 * unquantised), so it multiplies on the 16-bit path; fp32 serving keeps its own.
 */
export function lmHeadFlopsPerS(ctx: ServingContext): number {
  const half = halfPrecision(ctx.gpu);
  if (ctx.precision === 'fp32' || !half) return blockGemmFlopsPerS(ctx);
  return gemmFlopsPerS(ctx, half);
}

/**
 * Expected whole tiles of `tile` rows that r ~ Binomial(n, p) rows fill: E[ceil(r / tile)], the
 * sum over j >= 0 of P(r > j tile). P(r > 0) = 1 - (1 - p)^n exactly (an expert no token picked
 * computes nothing); the further terms from the normal approximation with continuity correction.
 */
export function expectedTiles(n: number, p: number, tile: number): number {
  if (n <= 0 || p <= 0) return 0;
  const q = Math.min(1, p);
  const mean = n * q;
  const sd = Math.sqrt(n * q * (1 - q));
  if (sd < 1e-9) return Math.ceil(mean / tile);
  let sum = 1 - Math.pow(1 - q, n);
  // Tiles the rows fill all but surely (more than 8 sd below the mean) count whole.
  const sure = Math.max(0, Math.floor((mean - 8 * sd - 0.5) / tile));
  sum += sure;
  for (let j = sure + 1; j * tile < n; j++) {
    const tail = 1 - normalCdf((j * tile + 0.5 - mean) / sd);
    if (tail < 1e-9 && j * tile > mean) break;
    sum += tail;
  }
  return sum;
}

/**
 * A GEMM's times: its useful FLOPs at the measured rate, the tiles it computes at that rate, its
 * weights at the HBM rate, and all its operand traffic (weights, input activations, 16-bit
 * outputs) at the HBM rate.
 */
export interface GemmTimes {
  readonly usefulS: number;
  readonly tiledS: number;
  readonly weightS: number;
  readonly trafficS: number;
}

/**
 * Tensor-core time charged to a GEMM on top of streaming its weights (step-cost.ts charges those
 * for every weight), so that the GEMM takes in all
 *   max(tiled, traffic) + min(useful, weights):
 * its roofline with the padded tiles and every operand, plus the share the serving sum measured
 * not to overlap (thin decode GEMMs near the ridge point take compute plus weight reads). With no
 * padding and negligible activations that is useful + weights, the sum. A padded tile's wasted
 * MMAs cost nothing while the tile waits for its weights; a GEMM whose inputs and outputs outweigh
 * its weights (an expert sharded thin over many GPUs, every routed row writing a whole 16-bit
 * hidden state) waits for them.
 */
export function chargedTensorS(t: GemmTimes): number {
  return charged(t.usefulS, t.tiledS, t.weightS, t.trafficS);
}

function charged(usefulS: number, tiledS: number, weightS: number, trafficS: number): number {
  return usefulS + Math.max(0, Math.max(tiledS, trafficS) - Math.max(usefulS, weightS));
}

/** What one byte of each operand costs. */
export interface GemmOperands {
  /** Seconds to stream one byte from HBM. */
  readonly secondsPerByte: number;
  /** Bytes per weight and per input activation. */
  readonly weightBytes: number;
  readonly inputBytes: number;
}

/** GEMM outputs are 16-bit. */
const OUTPUT_BYTES = 2;

const NONE: GemmTimes = { usefulS: 0, tiledS: 0, weightS: 0, trafficS: 0 };

/**
 * FLOPs of the tiles an output of n columns computes, its rows padded to `rowsA` whole tiles of
 * the tile's m side or `rowsB` of its n side: the better of the two orientations.
 */
function paddedFlops(rowsA: number, rowsB: number, n: number, k: number, tile: NonNullable<Tile>) {
  const a = rowsA * Math.ceil(n / tile.n) * tile.n;
  const b = rowsB * Math.ceil(n / tile.m) * tile.m;
  return 2 * k * Math.min(a, b);
}

/** Seconds of a GEMM's operand traffic: `rows` x k inputs, rows x n 16-bit outputs, weights. */
function trafficSeconds(rows: number, n: number, k: number, weightS: number, o: GemmOperands) {
  return weightS + rows * (k * o.inputBytes + n * OUTPUT_BYTES) * o.secondsPerByte;
}

/** A dense GEMM: its rows and columns padded to whole tiles, its operands' traffic. */
export function denseGemmTimes(
  g: DenseGemm,
  flopsPerS: number,
  tile: Tile,
  o: GemmOperands,
): GemmTimes {
  const { m, n, k } = g;
  if (m <= 0 || n <= 0 || k <= 0) return NONE;
  const usefulS = (2 * m * n * k) / flopsPerS;
  const weightS = n * k * o.weightBytes * o.secondsPerByte;
  const tiledS = tile
    ? paddedFlops(Math.ceil(m / tile.m) * tile.m, Math.ceil(m / tile.n) * tile.n, n, k, tile) /
      flopsPerS
    : usefulS;
  return { usefulS, tiledS, weightS, trafficS: trafficSeconds(m, n, k, weightS, o) };
}

/**
 * A grouped expert GEMM: each expert's rows padded to whole tiles on their own; the weights of
 * the experts touched, and every routed row's input and output.
 */
export function groupedGemmTimes(
  g: GroupedGemm,
  flopsPerS: number,
  tile: Tile,
  o: GemmOperands,
): GemmTimes {
  const { experts, tokens, pick, n, k } = g;
  if (experts <= 0 || tokens <= 0 || pick <= 0 || n <= 0 || k <= 0) return NONE;
  const rows = experts * tokens * Math.min(1, pick);
  const usefulS = (2 * rows * n * k) / flopsPerS;
  const weightS = experts * g.touched * n * k * o.weightBytes * o.secondsPerByte;
  const tiledS = tile
    ? paddedFlops(
        experts * expectedTiles(tokens, pick, tile.m) * tile.m,
        experts * expectedTiles(tokens, pick, tile.n) * tile.n,
        n,
        k,
        tile,
      ) / flopsPerS
    : usefulS;
  return { usefulS, tiledS, weightS, trafficS: trafficSeconds(rows, n, k, weightS, o) };
}

/** Projections of one layer's attention, per GPU of an attention group of `groupTp`. */
function attentionGemms(model: ModelShape, tokens: number, groupTp: number): DenseGemm[] {
  const h = model.hidden;
  const a = model.mla;
  if (a) {
    // MLA (DeepSeek-V2 Sec. 2.1.2): query down/up, the joint KV down-projection with the rotary
    // key, the latent's up-projection to per-head keys and values, the output projection; every
    // matrix split over the group, as memory.ts holds it.
    const qHead = a.qkNopeHeadDim + a.ropeHeadDim;
    const query: DenseGemm[] =
      a.qLoraRank > 0
        ? [
            { m: tokens, n: a.qLoraRank / groupTp, k: h },
            { m: tokens, n: (model.heads * qHead) / groupTp, k: a.qLoraRank },
          ]
        : [{ m: tokens, n: (model.heads * qHead) / groupTp, k: h }];
    return [
      ...query,
      { m: tokens, n: (a.kvLoraRank + a.ropeHeadDim) / groupTp, k: h },
      { m: tokens, n: (model.heads * (a.qkNopeHeadDim + a.vHeadDim)) / groupTp, k: a.kvLoraRank },
      { m: tokens, n: h, k: (model.heads * a.vHeadDim) / groupTp },
    ];
  }
  const d = model.headDim;
  return [
    { m: tokens, n: (model.heads * d + 2 * model.kvHeads * d) / groupTp, k: h },
    { m: tokens, n: h, k: (model.heads * d) / groupTp },
  ];
}

/** An MLP of FFN width `f` split `split` ways: gate and up (one GEMM) or up, then down. */
function mlpGemms(model: ModelShape, tokens: number, f: number, split: number): DenseGemm[] {
  const up = mlpMatrices(model.ffnType) === 3 ? 2 : 1;
  return [
    { m: tokens, n: (up * f) / split, k: model.hidden },
    { m: tokens, n: model.hidden, k: f / split },
  ];
}

/** The GEMMs of one layer on one GPU of the busiest attention group and expert rank. */
export interface LayerGemms {
  /** Attention, dense MLP or shared experts: over the attention group's tokens. */
  readonly dense: readonly DenseGemm[];
  /** The routed experts' grouped GEMMs (none in a dense layer). */
  readonly routed: readonly GroupedGemm[];
}

/** How a layer's tokens reach its GEMMs. */
export interface LayerRows {
  /** The attention group's tokens (its tp / dp GPUs split the attention and dense weights). */
  readonly groupTokens: number;
  /** The micro-batch's, each routed to k of the E experts (dealt E / ep to a rank, split tp / ep). */
  readonly tokens: number;
  /** Share of its experts the busiest rank reads (step-cost.ts busiestRankExpertFraction). */
  readonly touched: number;
}

/** LayerRows and the busiest rank's load of token-expert pairs over the mean. */
export interface LayerTokens extends LayerRows {
  /** step-cost.ts busiestRankRoutedLoad. */
  readonly routedLoad: number;
}

/** A layer's weight shapes per GPU (n x k), which do not depend on the tokens. */
export interface LayerShapes {
  readonly dense: readonly { readonly n: number; readonly k: number }[];
  readonly routed: readonly { readonly n: number; readonly k: number }[];
  /** Routed experts on a rank (E / ep). */
  readonly experts: number;
}

const shapeCache = new WeakMap<ModelShape, Map<number, LayerShapes>>();

/** A layer's weight shapes per GPU (the router's tiny GEMM left out), cached per layout. */
export function layerShapes(ctx: ServingContext, moeLayer: boolean): LayerShapes {
  const { model, tp } = ctx;
  const dp = ctx.dp ?? 1;
  const ep = ctx.ep ?? 1;
  const key = ((tp * 1024 + dp) * 1024 + ep) * 2 + (moeLayer ? 1 : 0);
  let byLayout = shapeCache.get(model);
  const cached = byLayout?.get(key);
  if (cached) return cached;
  const groupTp = attentionTp(tp, dp);
  const dense = attentionGemms(model, 1, groupTp);
  const e = moeLayer ? model.moe : undefined;
  if (!e) dense.push(...mlpGemms(model, 1, model.ffnHidden, groupTp));
  else if (e.sharedExperts > 0) {
    dense.push(...mlpGemms(model, 1, e.expertFfnHidden * e.sharedExperts, groupTp));
  }
  const shapes: LayerShapes = {
    dense: dense.map(({ n, k }) => ({ n, k })),
    routed: e ? mlpGemms(model, 1, e.expertFfnHidden, tp / ep).map(({ n, k }) => ({ n, k })) : [],
    experts: e ? e.experts / ep : 0,
  };
  if (!byLayout) {
    byLayout = new Map();
    shapeCache.set(model, byLayout);
  }
  byLayout.set(key, shapes);
  return shapes;
}

/**
 * The chance that a token picks a given expert of the busiest rank: k/E scaled by its load, so
 * that each routed expert's rows are Binomial(tokens, pick).
 */
export function expertPick(model: ModelShape, routedLoad: number): number {
  const e = model.moe;
  return e ? Math.min(1, (e.activeExperts / e.experts) * routedLoad) : 0;
}

/** A layer's weight GEMMs per GPU (the router's tiny one left out). */
export function servingLayerGemms(
  ctx: ServingContext,
  moeLayer: boolean,
  t: LayerTokens,
): LayerGemms {
  const shapes = layerShapes(ctx, moeLayer);
  const pick = expertPick(ctx.model, t.routedLoad);
  return {
    dense: shapes.dense.map(({ n, k }) => ({ m: t.groupTokens, n, k })),
    routed: shapes.routed.map(({ n, k }) => ({
      experts: shapes.experts,
      tokens: t.tokens,
      pick,
      touched: t.touched,
      n,
      k,
    })),
  };
}

/** Useful GEMM FLOPs and the tensor-core time charged to them, summed as layers are added. */
export interface ChargeSum {
  flops: number;
  tensorS: number;
}

/** chargedTensorS(denseGemmTimes(...)) without building either (the planner's inner loop). */
export function denseChargeS(
  m: number,
  n: number,
  k: number,
  flopsPerS: number,
  tile: Tile,
  o: GemmOperands,
): number {
  if (m <= 0 || n <= 0 || k <= 0) return 0;
  const rowsA = tile ? Math.ceil(m / tile.m) * tile.m : m;
  const rowsB = tile ? Math.ceil(m / tile.n) * tile.n : m;
  return rowsCharge(m, rowsA, rowsB, n, k, 1, flopsPerS, tile, o);
}

/**
 * The charge of `rows` useful rows by n x k padded to `rowsA` / `rowsB` (see paddedFlops), the
 * weights `weights` x n x k.
 */
function rowsCharge(
  rows: number,
  rowsA: number,
  rowsB: number,
  n: number,
  k: number,
  weights: number,
  flopsPerS: number,
  tile: Tile,
  o: GemmOperands,
): number {
  const usefulS = (2 * rows * n * k) / flopsPerS;
  const weightS = weights * n * k * o.weightBytes * o.secondsPerByte;
  const tiledS = tile ? paddedFlops(rowsA, rowsB, n, k, tile) / flopsPerS : usefulS;
  return charged(usefulS, tiledS, weightS, trafficSeconds(rows, n, k, weightS, o));
}

/**
 * Adds `count` layers' useful GEMM FLOPs and charged tensor-core time to `sum`: what
 * chargedTensorS of denseGemmTimes and groupedGemmTimes over servingLayerGemms gives, without
 * building the GEMMs (the planner's inner loop, which reads nothing from the context: `shapes`
 * from layerShapes, `pick` from expertPick).
 */
export function addLayerCharge(
  sum: ChargeSum,
  count: number,
  shapes: LayerShapes,
  t: LayerRows,
  pick: number,
  flopsPerS: number,
  tile: Tile,
  o: GemmOperands,
): void {
  const m = t.groupTokens;
  if (m > 0) {
    const rowsA = tile ? Math.ceil(m / tile.m) * tile.m : m;
    const rowsB = tile ? Math.ceil(m / tile.n) * tile.n : m;
    for (const { n, k } of shapes.dense) {
      sum.flops += count * 2 * m * n * k;
      sum.tensorS += count * rowsCharge(m, rowsA, rowsB, n, k, 1, flopsPerS, tile, o);
    }
  }
  if (shapes.routed.length === 0 || t.tokens <= 0 || pick <= 0) return;
  const experts = shapes.experts;
  const rows = experts * t.tokens * pick;
  const rowsA = tile ? experts * expectedTiles(t.tokens, pick, tile.m) * tile.m : rows;
  const rowsB = tile ? experts * expectedTiles(t.tokens, pick, tile.n) * tile.n : rows;
  for (const { n, k } of shapes.routed) {
    sum.flops += count * 2 * rows * n * k;
    const weights = experts * t.touched;
    sum.tensorS += count * rowsCharge(rows, rowsA, rowsB, n, k, weights, flopsPerS, tile, o);
  }
}

// The weight GEMMs of one transformer layer on one GPU, and their time: each at the GPU's measured
// large-GEMM rate scaled by its wave/tile quantization, or at the HBM rate when it is
// memory-bound (the roofline). NVIDIA, 'Matrix Multiplication Background User's Guide'.
import { GEMM_TILING } from '../catalog/gemm-tiling.js';
import type { ParallelConfig, TrainingContext } from './config.js';
import { headDims, mlpMatrices } from './model-shape.js';

/** One GEMM per GPU: output m x n with inner dimension k, `count` times (experts). */
export interface Gemm {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly count: number;
  /** A routed expert's GEMM: its rows are the tokens dispatched to this GPU. */
  readonly routed?: boolean;
}

/**
 * Share of the SMs' tile slots doing useful work for an m x n output: whole tiles in whole waves
 * of one tile per SM, in the better of the tile's two orientations. 1 for accelerators without
 * an SM count (TPU systolic arrays).
 */
export function waveEfficiency(m: number, n: number, sms: number | undefined, count = 1): number {
  if (sms === undefined || m <= 0 || n <= 0) return 1;
  const { m: a, n: b } = GEMM_TILING.tile.value;
  // A grouped GEMM (the local experts) tiles all `count` problems in one launch.
  const one = (tm: number, tn: number) => {
    const tiles = count * Math.ceil(m / tm) * Math.ceil(n / tn);
    const waves = Math.ceil(tiles / sms);
    return (count * m * n) / (waves * sms * tm * tn);
  };
  return Math.max(one(a, b), one(b, a));
}

/**
 * Share of the padded output tiles that is useful work for an m x n output (tile quantization
 * alone), in the better of the tile's two orientations: a GEMM whose inner dimension is split
 * over the SMs (split-K or stream-K, Osama et al., PPoPP 2023) fills its waves and keeps only
 * this padding.
 */
export function tileEfficiency(m: number, n: number): number {
  if (m <= 0 || n <= 0) return 1;
  const { m: a, n: b } = GEMM_TILING.tile.value;
  const one = (tm: number, tn: number) =>
    (m * n) / (Math.ceil(m / tm) * tm * Math.ceil(n / tn) * tn);
  return Math.max(one(a, b), one(b, a));
}

/** The layer's weight GEMMs per GPU for a microbatch of `tokens` tokens (forward shapes). */
export function layerGemms(
  ctx: TrainingContext,
  c: ParallelConfig,
  moeLayer: boolean,
  tokens: number,
): Gemm[] {
  const m = ctx.model;
  const h = m.hidden;
  const dims = headDims(m);
  const t = c.tp;
  const gemms: Gemm[] = [];
  if (m.mla) {
    // MLA (DeepSeek-V2 Sec. 2.1): the down-projections to the query and KV latents are
    // replicated on the tensor-parallel ranks; the up-projections split by heads.
    const a = m.mla;
    if (a.qLoraRank > 0) {
      gemms.push({ m: tokens, n: a.qLoraRank, k: h, count: 1 });
      gemms.push({ m: tokens, n: (m.heads * dims.qk) / t, k: a.qLoraRank, count: 1 });
    } else gemms.push({ m: tokens, n: (m.heads * dims.qk) / t, k: h, count: 1 });
    gemms.push({ m: tokens, n: a.kvLoraRank + a.ropeHeadDim, k: h, count: 1 });
    gemms.push({
      m: tokens,
      n: (m.heads * (a.qkNopeHeadDim + a.vHeadDim)) / t,
      k: a.kvLoraRank,
      count: 1,
    });
  } else {
    const qkvWidth = m.heads * dims.qk + m.kvHeads * (dims.qk + dims.v);
    gemms.push({ m: tokens, n: qkvWidth / t, k: h, count: 1 });
  }
  gemms.push({ m: tokens, n: h, k: (m.heads * dims.v) / t, count: 1 });
  const up = mlpMatrices(m.ffnType) === 3 ? 2 : 1;
  const mlp = (width: number, rows: number, split: number, count: number, routed = false) => {
    gemms.push({ m: rows, n: (up * width) / split, k: h, count, ...(routed ? { routed } : {}) });
    gemms.push({ m: rows, n: h, k: width / split, count, ...(routed ? { routed } : {}) });
  };
  if (!moeLayer || !m.moe) {
    mlp(m.ffnHidden, tokens, t, 1);
    return gemms;
  }
  const e = m.moe;
  if (e.sharedExperts > 0) mlp(e.expertFfnHidden * e.sharedExperts, tokens, t, 1);
  // Routed experts: tokens x k slots over the tensor-parallel ranks, regrouped over ep x etp
  // GPUs holding experts/ep experts each (Megatron-Core MoE parallel folding).
  const local = e.experts / c.ep;
  const perExpert = (tokens * e.activeExperts * c.etp * c.ep) / (t * e.experts);
  mlp(e.expertFfnHidden, perExpert, c.etp, local, true);
  return gemms;
}

/**
 * Forward and backward (data- and weight-gradient) time of a set of GEMMs: each at `flopsPerS`
 * times its wave efficiency, or its operand traffic at `bytesPerS` when that is longer.
 * `inBytes`: bytes per input element (1 for FP8); outputs are 2 bytes, and the weight gradient
 * accumulates into fp32 (read and write, 8 bytes per weight; Megatron-Core gradient-accumulation
 * fusion).
 */
export function gemmTimes(
  gemms: readonly Gemm[],
  sms: number | undefined,
  flopsPerS: number,
  bytesPerS: number,
  inBytes: number,
): { forward: number; backward: number } {
  let forward = 0;
  let backward = 0;
  // `count` GEMMs of one shape (the local experts), tiled together.
  const time = (rows: number, cols: number, inner: number, bytes: number, count: number) => {
    const compute =
      (2 * count * rows * cols * inner) / (flopsPerS * waveEfficiency(rows, cols, sms, count));
    return Math.max(compute, (count * bytes) / bytesPerS);
  };
  for (const g of gemms) {
    const { m, n, k, count } = g;
    if (m <= 0 || n <= 0 || k <= 0) continue;
    forward += time(m, n, k, inBytes * (m * k + k * n) + 2 * m * n, count);
    backward +=
      time(m, k, n, inBytes * (m * n + k * n) + 2 * m * k, count) +
      time(k, n, m, inBytes * (m * k + m * n) + 8 * k * n, count);
  }
  return { forward, backward };
}

// Time of the attention core (scores, softmax, context) per layer and token, forward and backward:
// FlashAttention-style kernels at the throughput cuDNN measures for the head dimension and
// sequence length (Shah et al. 2024, FlashAttention-3, Fig. 5-6), held to the softmax
// exponential unit's rate where that is the slower (Zadouri et al. 2026, FlashAttention-4).
import type { EfficiencyCatalog } from '../catalog/efficiency.js';
import type { Gpu } from '../catalog/gpus.js';
import { attentionCoreFlops, meanAttendedKeys } from './flops.js';
import { headDims, type ModelShape } from './model-shape.js';
import { memoByOwner } from '../util/memo-by-owner.js';

export interface AttentionTimes {
  /** Seconds per token of one layer (averaged over local and global layers), forward. */
  readonly forward: number;
  readonly backward: number;
}

/** Linear interpolation of `ys` over `xs` at x on a log2 scale, clamped to the measured range. */
function logInterpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  const points = xs.slice(0, ys.length).map((px, i) => ({ x: px, y: ys[i] ?? 0 }));
  let previous = points[0];
  if (previous === undefined || x <= previous.x) return previous?.y ?? 0;
  for (const p of points) {
    if (x <= p.x) {
      const t = Math.log2(x / previous.x) / Math.log2(p.x / previous.x);
      return previous.y + t * (p.y - previous.y);
    }
    previous = p;
  }
  return previous.y;
}

/** A measured table (head dim -> TFLOP/s by sequence length) at head dim d and sequence s. */
function tableAt(
  table: Readonly<Record<string, readonly number[]>>,
  seqLens: readonly number[],
  d: number,
  s: number,
): number {
  const rows = Object.entries(table)
    .map(([dim, rates]) => ({ dim: Number(dim), rate: logInterpolate(seqLens, rates, s) }))
    .sort((a, b) => a.dim - b.dim);
  return logInterpolate(
    rows.map((r) => r.dim),
    rows.map((r) => r.rate),
    d,
  );
}

/**
 * Achieved fraction of the 16-bit tensor peak of a FlashAttention pass at head dim `d` over
 * causal sequences of length `s`, forward and backward. Measured on H100; on another generation
 * the forward pass, which takes one exponential per score against 4d tensor FLOPs, is slowed by
 * the ratio of its exponential-bound time to H100's where its tensor cores outpace its SFU
 * (B200: 512 FLOPs per exponential against H100's 256). The backward pass (10d FLOPs per score,
 * one recomputed exponential) is not exponential-bound; on Blackwell it waits on shared memory
 * (FlashAttention-4's roofline: 1.25x its tensor time). The causal backward is not measured: the
 * measured backward is scaled by the forward's causal / non-causal ratio.
 */
export function flashAttentionFractions(
  eff: EfficiencyCatalog,
  generation: Gpu['generation'],
  d: number,
  s: number,
): { forward: number; backward: number } {
  return fractionsMemo(eff, `${generation}:${d}:${s}`, () => fractionsAt(eff, generation, d, s));
}

/** Per catalog: the search asks for the same head dim and sequence under many layouts. */
const fractionsMemo = memoByOwner<
  EfficiencyCatalog,
  string,
  { forward: number; backward: number }
>();

function fractionsAt(
  eff: EfficiencyCatalog,
  generation: Gpu['generation'],
  d: number,
  s: number,
): { forward: number; backward: number } {
  const t = eff.flashAttention.value;
  const peak = t.referencePeakTflops;
  const causal = tableAt(t.forwardCausal, t.seqLens, d, s);
  const maskRatio = Math.min(1, causal / tableAt(t.forward, t.seqLens, d, s));
  const forwardH100 = causal / peak;
  // Where shared-memory traffic outlasts the tensor cores (B200), the backward pass waits on it.
  const smem = eff.attentionBackwardSmemRatio.value[generation] ?? 1;
  const backward = (tableAt(t.backward, t.seqLens, d, s) * maskRatio) / peak / smem;
  const ratios = eff.softmaxExpFlopsRatio.value;
  const reference = ratios['hopper'];
  const own = ratios[generation];
  if (reference === undefined || own === undefined) return { forward: forwardH100, backward };
  // Exponential-bound share of a forward score: max(1, FLOPs per exponential / 4d).
  const bound = (flopsPerExp: number) => Math.max(1, flopsPerExp / (4 * d));
  return { forward: (forwardH100 * bound(reference)) / bound(own), backward };
}

/**
 * Attention-core seconds per token of one layer, averaged over the model's local (sliding-window)
 * and global layers, with `tp` ranks sharing the heads and `cp` ranks the sequence. Without
 * FlashAttention the scores are materialised: batched GEMMs at `attentionFraction` of peak over
 * the full (unmasked) square, backward 2.5x forward; their softmax traffic is elementwise work.
 */
export function attentionTimesPerToken(
  model: ModelShape,
  gpu: Gpu,
  eff: EfficiencyCatalog,
  halfPeakFlops: number,
  seqLen: number,
  flash: boolean,
  tp: number,
  cp: number,
): AttentionTimes {
  if (!flash) {
    const forward =
      attentionCoreFlops(model, seqLen, false) / tp / (halfPeakFlops * eff.attentionFraction.value);
    return { forward, backward: 2.5 * forward };
  }
  const dims = headDims(model);
  // The kernel's head dim: the mean of the QK and V widths (MLA: 192 and 128), as its FLOPs are.
  const d = (dims.qk + dims.v) / 2;
  const perKey = (2 * model.heads * (dims.qk + dims.v)) / tp;
  // `span`: the causal sequence length whose tiles the kernel fills.
  const pass = (keys: number, span: number) => {
    const f = flashAttentionFractions(eff, gpu.generation, d, span);
    const flops = perKey * keys;
    return {
      forward: flops / (halfPeakFlops * f.forward),
      backward: (2.5 * flops) / (halfPeakFlops * f.backward),
    };
  };
  // Each context-parallel rank runs the kernel on blocks of s / cp queries and keys.
  const global = pass(meanAttendedKeys(seqLen, true), seqLen / cp);
  const w = model.slidingWindow;
  if (!w) return global;
  // A causal window of w keys fills the kernel's tiles as a causal sequence of 2w does.
  const local = pass(meanAttendedKeys(seqLen, true, w.window), Math.min(seqLen / cp, 2 * w.window));
  const localShare = Math.floor(model.layers / w.everyNth) / model.layers;
  return {
    forward: (1 - localShare) * global.forward + localShare * local.forward,
    backward: (1 - localShare) * global.backward + localShare * local.backward,
  };
}

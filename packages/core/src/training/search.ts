// Parallelism search: enumerate tp/pp/dp/cp/ep, microbatch, interleaving, recompute and ZeRO stage;
// drop what does not divide or does not fit; rank the rest by step time.
import { RECOMPUTE_MODES, type Parallelism, type RecomputeMode } from '../scenario/schema.js';
import {
  layersOnBusiestStage,
  microbatchesPerStep,
  type ParallelConfig,
  type TrainingContext,
} from './config.js';
import { hbmCapacityGB, memoryPerGpu, type MemoryBreakdownGB } from './memory.js';
import { stepTime, type StepTimeBreakdown } from './step-time.js';

export interface SearchConstraints {
  readonly fixed: Parallelism;
  readonly recompute?: RecomputeMode | undefined;
  readonly zeroStage?: number | undefined;
}

export interface Evaluated {
  readonly config: ParallelConfig;
  readonly step: StepTimeBreakdown;
  readonly memory: MemoryBreakdownGB;
  readonly fits: boolean;
}

export interface SearchResult {
  /** Fastest configurations that fit, best first. */
  readonly ranked: readonly Evaluated[];
  /** The configuration closest to fitting when nothing fits (smallest memory). */
  readonly leastMemory: Evaluated | undefined;
  readonly evaluated: number;
  readonly rejectedForMemory: number;
}

const powersOfTwo = (max: number): number[] => {
  const out: number[] = [];
  for (let v = 1; v <= max; v *= 2) out.push(v);
  return out;
};

function choices(fixed: number | undefined, candidates: number[]): number[] {
  return fixed !== undefined ? [fixed] : candidates;
}

/**
 * Pipeline sizes practitioners run: stage counts that divide the layers evenly, or leave the
 * first and last stages at most one layer short each (Llama 3 405B: 126 layers on 16 stages;
 * 80 layers on 3: 26, 27, 27), up to 64.
 * Other counts (7 or 25 stages of an 80-layer model) are left to explicit `parallelism.pp`.
 */
export function pipelineCandidates(layers: number): number[] {
  const out: number[] = [];
  for (let pp = 1; pp <= Math.min(layers, 64); pp++) if (splitsEvenly(layers, pp)) out.push(pp);
  return out;
}

/** Whether `parts` chunks of ceil(L / parts) layers hold L with at most two layers missing
 *  (one from the first chunk, one from the last). */
export function splitsEvenly(layers: number, parts: number): boolean {
  return parts <= layers && parts * Math.ceil(layers / parts) - layers <= 2;
}

/**
 * Context-parallel sizes practitioners run: powers of two that leave each rank at least 4096
 * tokens of the sequence (NVIDIA's recipes use cp 2 at 8k and none at 4k, Megatron-Bridge and
 * NeMo performance summaries; ring attention's exchanges outweigh the attention below that).
 */
export function contextParallelCandidates(seqLen: number): number[] {
  return powersOfTwo(64).filter(
    (cp) => cp === 1 || (seqLen / cp >= MIN_TOKENS_PER_CP_RANK && seqLen % (2 * cp) === 0),
  );
}

/** Fewest sequence tokens per context-parallel rank in the searched layouts. */
export const MIN_TOKENS_PER_CP_RANK = 4096;

/** Search every configuration consistent with the constraints; keep the `keep` fastest that fit. */
export function searchParallelism(
  ctx: TrainingContext,
  constraints: SearchConstraints,
  keep = 6,
): SearchResult {
  const model = ctx.model;
  const fixed = constraints.fixed;
  const domain = ctx.gpu.scaleUpDomainGpus.value;
  const capacity = hbmCapacityGB(ctx);
  const tps = choices(
    fixed.tp,
    powersOfTwo(Math.min(model.heads, Math.max(domain, 8))).filter((t) => model.heads % t === 0),
  );
  const pps = choices(fixed.pp, pipelineCandidates(model.layers));
  const cps = choices(fixed.cp, contextParallelCandidates(ctx.seqLen));
  const eps = choices(fixed.ep, model.moe ? powersOfTwo(model.moe.experts) : [1]);
  const mbs = choices(fixed.microBatch, powersOfTwo(16));
  // With FlashAttention no score matrix is stored, so selective recomputation saves no memory and
  // only costs time: the search leaves it out (it stays available when asked for).
  const recomputes = constraints.recompute
    ? [constraints.recompute]
    : RECOMPUTE_MODES.filter((r) => r !== 'selective' || !ctx.flashAttention);
  const ranked: Evaluated[] = [];
  let leastMemory: Evaluated | undefined;
  let evaluated = 0;
  let rejectedForMemory = 0;

  for (const tp of tps) {
    for (const pp of pps) {
      for (const cp of cps) {
        const dp = ctx.gpus / (tp * pp * cp);
        if (!Number.isInteger(dp) || dp < 1) continue;
        if (fixed.dp !== undefined && fixed.dp !== dp) continue;
        // Interleaving splits each stage into v chunks of ceil(L / (pp v)) layers; as for the
        // stages, the first and last chunks may each be a layer short (Megatron-Core).
        const vs = choices(fixed.virtualStages, [
          1,
          ...(pp > 1 ? [2, 3, 4, 6, 8].filter((v) => splitsEvenly(model.layers, pp * v)) : []),
        ]);
        // ZeRO-2 with pipelining: gradients sharded as the optimizer state (Llama 3's FSDP-style
        // sharding with pipeline parallelism, Dubey et al. 2024 Sec. 3.3.2); ZeRO-3 only without.
        const zeros =
          constraints.zeroStage !== undefined
            ? [constraints.zeroStage]
            : pp > 1
              ? [0, 1, 2]
              : [0, 1, 2, 3];
        for (const ep of eps) {
          if (model.moe && model.moe.experts % ep !== 0) continue;
          // Expert tensor parallelism: given, else searched over the powers of two up to tp
          // with expert parallelism (Megatron-Core MoE parallel folding lets ep span the
          // tensor-parallel ranks); without it the experts split like the dense layers (tp).
          const etps = fixed.etp !== undefined ? [fixed.etp] : ep === 1 ? [tp] : powersOfTwo(tp);
          for (const etp of etps) {
            if ((tp * cp * dp) % (ep * etp) !== 0) continue;
            for (const microBatch of mbs) {
              const m = ctx.globalBatchSequences / (dp * microBatch);
              if (!Number.isInteger(m) || m < 1) continue;
              for (const virtualStages of vs) {
                if (virtualStages > 1 && m % pp !== 0) continue;
                // Recomputation only adds time: where a layout fits without it at a ZeRO stage, its
                // recomputing variants at that stage and above are not evaluated.
                let lowestZeroWithoutRecompute = Infinity;
                for (const recompute of recomputes) {
                  // With pipelining, ZeRO-2 reduces every microbatch's gradients, so it can only
                  // pay off where ZeRO-1 does not fit: evaluated only then.
                  let zeroOneFits = false;
                  for (const zeroStage of zeros) {
                    if (zeroStage === 2 && pp > 1 && zeroOneFits) continue;
                    if (recompute !== 'none' && lowestZeroWithoutRecompute <= zeroStage) continue;
                    let config: ParallelConfig = {
                      tp,
                      pp,
                      dp,
                      cp,
                      ep,
                      etp,
                      microBatch,
                      virtualStages,
                      recompute,
                      zeroStage,
                    };
                    evaluated++;
                    const mbs = microbatchesPerStep(ctx, config);
                    if (
                      recompute === 'full' &&
                      constraints.recompute === undefined &&
                      mightRank(ranked, keep, stepTime(ctx, { ...config, recomputeLayers: 1 }))
                    ) {
                      const block = fewestRecomputedLayers(ctx, config, mbs, capacity);
                      if (block !== undefined) config = { ...config, recomputeLayers: block };
                    }
                    const memory = memoryPerGpu(ctx, config, mbs);
                    const fits = memory.total <= capacity;
                    if (zeroStage === 1 && fits) zeroOneFits = true;
                    if (recompute === 'none' && fits)
                      lowestZeroWithoutRecompute = Math.min(lowestZeroWithoutRecompute, zeroStage);
                    if (!fits) {
                      rejectedForMemory++;
                      if (!leastMemory || memory.total < leastMemory.memory.total) {
                        leastMemory = { config, memory, fits, step: stepTime(ctx, config) };
                      }
                      continue;
                    }
                    const step = stepTime(ctx, config);
                    insertRanked(ranked, { config, step, memory, fits }, keep);
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  return { ranked, leastMemory, evaluated, rejectedForMemory };
}

/**
 * Fewest layers per stage that block recomputation must recompute for the layout to fit, when
 * fewer than all of them do (memory falls with each recomputed layer); undefined when all must.
 */
function fewestRecomputedLayers(
  ctx: TrainingContext,
  config: ParallelConfig,
  microbatches: number,
  capacity: number,
): number | undefined {
  const layers = layersOnBusiestStage(ctx.model.layers, config.pp, config.virtualStages);
  const total = (k: number) =>
    memoryPerGpu(ctx, { ...config, recomputeLayers: k }, microbatches).total;
  if (layers < 2) return undefined;
  const all = total(layers);
  const oneLess = total(layers - 1);
  if (oneLess > capacity || all > capacity) return undefined;
  // Each layer kept adds the same activations, so memory is linear in k: solve, then settle the
  // uneven first and last stages by stepping.
  const perLayer = oneLess - all;
  const k =
    perLayer > 0
      ? Math.min(layers - 1, Math.max(1, layers - 1 - Math.floor((capacity - oneLess) / perLayer)))
      : 1;
  if (total(k) <= capacity) return k;
  // The uneven first and last stages bend the line: bisect between the estimate and all-but-one.
  let lo = k;
  let hi = layers - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (total(mid) <= capacity) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Whether a layout at least this fast could enter the `keep` fastest found so far. */
function mightRank(ranked: readonly Evaluated[], keep: number, bound: StepTimeBreakdown): boolean {
  return (
    ranked.length < keep || bound.totalS < (ranked[ranked.length - 1]?.step.totalS ?? Infinity)
  );
}

function insertRanked(ranked: Evaluated[], item: Evaluated, keep: number): void {
  if (
    ranked.length >= keep &&
    item.step.totalS >= (ranked[ranked.length - 1]?.step.totalS ?? Infinity)
  )
    return;
  let i = ranked.length;
  while (i > 0 && (ranked[i - 1]?.step.totalS ?? 0) > item.step.totalS) i--;
  ranked.splice(i, 0, item);
  if (ranked.length > keep) ranked.pop();
}

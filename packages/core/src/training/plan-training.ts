// The training planner: from a training workload to parallelism, memory, step time, MFU and days.
import { peakFlops, type Gpu, type TensorPrecision } from '../catalog/gpus.js';
import type { Fabric } from '../catalog/fabrics.js';
import { EFFICIENCY } from '../catalog/efficiency.js';
import { trainingFramework } from '../catalog/frameworks.js';
import type { TrainingWorkload } from '../scenario/schema.js';
import type { ParallelConfig, TrainingContext } from './config.js';
import { layersOnBusiestStage, microbatchesPerStep, recomputedShare } from './config.js';
import { modelFlopsPerToken, recomputeFlopsPerToken } from './flops.js';
import { hbmCapacityGB, type MemoryBreakdownGB } from './memory.js';
import type { ModelShape } from './model-shape.js';
import {
  MIN_TOKENS_PER_CP_RANK,
  pipelineCandidates,
  searchParallelism,
  type Evaluated,
  type SearchResult,
} from './search.js';
import type { StepTimeBreakdown } from './step-time.js';
import type { PlanningOutcome, TrainingRunTotals } from './training-run.js';
import { warning, type PlanWarning } from '../warnings.js';

export interface TrainingAlternative {
  readonly parallelism: ParallelConfig;
  readonly stepTimeS: number;
  readonly slowerBy: number;
  readonly why: string;
}

export interface TrainingResult extends TrainingRunTotals {
  readonly gpus: number;
  readonly parallelism: Omit<ParallelConfig, 'recompute' | 'recomputeLayers' | 'zeroStage'>;
  readonly recompute: ParallelConfig['recompute'];
  /** Full recomputation of only this many layers per stage (block method); absent: all. */
  readonly recomputeLayers?: number;
  readonly zeroStage: number;
  readonly modelParams: number;
  readonly modelFlopsPerToken: number;
  readonly globalBatchSequences: number;
  readonly microbatchesPerStep: number;
  readonly stepTimeS: number;
  readonly stepTimeBreakdownS: StepTimeBreakdown;
  readonly tokensPerS: number;
  readonly tflopsPerGpu: number;
  readonly hardwareTflopsPerGpu: number;
  readonly mfu: number;
  readonly hfu: number;
  readonly memoryPerGpuGB: MemoryBreakdownGB;
  readonly memoryCapacityGB: number;
  readonly searched: { readonly evaluated: number; readonly rejectedForMemory: number };
  readonly alternatives: readonly TrainingAlternative[];
}

export type TrainingOutcome = PlanningOutcome<TrainingResult>;

export interface TrainingInputs {
  readonly workload: TrainingWorkload;
  readonly model: ModelShape;
  readonly gpu: Gpu;
  readonly fabric: Fabric | undefined;
  /** GPUs given to this workload; undefined when it is to be sized from its deadline. */
  readonly gpus: number | undefined;
  /**
   * Wall-clock days of a run on `gpus` that takes `idealDays` at steady speed, interruptions
   * included; deadline sizing meets the deadline on this figure. Absent: steady speed.
   */
  readonly wallDays?: (gpus: number, idealDays: number) => number;
}

const PART_LABELS: Record<string, string> = {
  computeS: 'compute',
  tensorParallelCommS: 'tensor-parallel communication',
  contextParallelCommS: 'context-parallel communication',
  expertParallelCommS: 'expert-parallel all-to-all',
  pipelineBubbleS: 'pipeline bubble',
  pipelineP2pS: 'pipeline transfers',
  dataParallelExposedS: 'exposed data-parallel communication',
  optimizerS: 'optimizer step',
  stragglerS: 'stragglers',
};

function describeConfig(c: ParallelConfig): string {
  const parts = [`tp=${c.tp}`, `pp=${c.pp}`, `dp=${c.dp}`];
  if (c.cp > 1) parts.push(`cp=${c.cp}`);
  if (c.ep > 1) parts.push(`ep=${c.ep}`);
  if (c.ep > 1 && c.etp !== c.tp) parts.push(`etp=${c.etp}`);
  parts.push(`mb=${c.microBatch}`);
  if (c.virtualStages > 1) parts.push(`v=${c.virtualStages}`);
  parts.push(
    `recompute=${c.recompute}${c.recomputeLayers !== undefined ? `(${c.recomputeLayers} layers)` : ''}`,
    `zero=${c.zeroStage}`,
  );
  return parts.join(' ');
}

/** Why an alternative lost to the best: the step-time part that grew the most. */
function whyLost(best: StepTimeBreakdown, other: StepTimeBreakdown): string {
  let worstKey = 'computeS';
  let worstDelta = -Infinity;
  const b = best as unknown as Record<string, number>;
  const o = other as unknown as Record<string, number>;
  for (const key of Object.keys(PART_LABELS)) {
    const delta = (o[key] ?? 0) - (b[key] ?? 0);
    if (delta > worstDelta) {
      worstDelta = delta;
      worstKey = key;
    }
  }
  return `${PART_LABELS[worstKey] ?? worstKey} +${worstDelta.toFixed(2)} s per step`;
}

/**
 * A batch given in tokens may be nominal ("4M tokens"); frameworks run a whole number of sequences
 * that splits evenly over data-parallel ranks. An exact whole number of sequences is kept as it
 * is (2688 stays 2688); a fractional one becomes the multiple of the largest power of two within
 * 5%.
 * @example batchSequencesFromTokens(4e6 / 2048) // 2048 (LLaMA's 4M-token batch)
 * @example batchSequencesFromTokens(2688) // 2688
 */
export function batchSequencesFromTokens(sequences: number): number {
  if (sequences >= 1 && Math.abs(sequences - Math.round(sequences)) < 1e-9) {
    return Math.round(sequences);
  }
  const nearest = Math.max(1, Math.round(sequences));
  for (let unit = 2 ** Math.floor(Math.log2(nearest)); unit > 1; unit /= 2) {
    const candidate = Math.max(unit, Math.round(sequences / unit) * unit);
    if (Math.abs(candidate / sequences - 1) <= 0.05) return candidate;
  }
  return nearest;
}

export function trainingContext(inputs: TrainingInputs, gpus: number): TrainingContext {
  const w = inputs.workload;
  const framework = trainingFramework(w.framework);
  const globalBatchSequences =
    w.globalBatchSequences ?? batchSequencesFromTokens((w.globalBatchTokens ?? 0) / w.seqLen);
  return {
    model: inputs.model,
    gpu: inputs.gpu,
    fabric: inputs.fabric,
    precision: w.precision,
    ...(w.fp8Recipe !== undefined ? { fp8Recipe: w.fp8Recipe } : {}),
    seqLen: w.seqLen,
    globalBatchSequences,
    gpus,
    sequenceParallel: w.sequenceParallel ?? framework.sequenceParallel,
    flashAttention: w.flashAttention ?? framework.flashAttention,
    dataParallelOverlap: w.dataParallelOverlap ?? framework.dataParallelOverlap,
    hierarchicalDataParallel: w.hierarchicalDataParallel ?? framework.hierarchicalDataParallel,
    framework,
    efficiency: EFFICIENCY,
  };
}

function search(
  inputs: TrainingInputs,
  gpus: number,
  keep = 6,
): { ctx: TrainingContext; found: SearchResult } {
  const ctx = trainingContext(inputs, gpus);
  const w = inputs.workload;
  const found = searchParallelism(
    ctx,
    { fixed: w.parallelism, recompute: w.recompute, zeroStage: w.zeroStage },
    keep,
  );
  return { ctx, found };
}

function summarise(
  ctx: TrainingContext,
  best: Evaluated,
  found: SearchResult,
  workload: TrainingWorkload,
): TrainingResult {
  const c = best.config;
  const precision: TensorPrecision = workload.precision;
  const peak = peakFlops(ctx.gpu, precision) ?? 1;
  const flopsPerToken = modelFlopsPerToken(ctx.model, ctx.seqLen);
  const layersOnStage = layersOnBusiestStage(ctx.model.layers, c.pp, c.virtualStages);
  const hwFlopsPerToken =
    flopsPerToken +
    recomputeFlopsPerToken(ctx.model, ctx.seqLen, c.recompute) *
      (c.recompute === 'full' ? recomputedShare(c, layersOnStage) : 1);
  const tokensPerStep = ctx.globalBatchSequences * ctx.seqLen;
  const stepTimeS = best.step.totalS;
  const tokensPerS = tokensPerStep / stepTimeS;
  const tflopsPerGpu = (flopsPerToken * tokensPerS) / ctx.gpus / 1e12;
  const hardwareTflopsPerGpu = (hwFlopsPerToken * tokensPerS) / ctx.gpus / 1e12;
  const steps = Math.ceil(workload.tokens / tokensPerStep);
  const idealSeconds = steps * stepTimeS;
  const idealDays = idealSeconds / 86400;
  const idealGpuHours = (idealSeconds / 3600) * ctx.gpus;
  const alternatives = found.ranked.slice(1).map((alt) => ({
    parallelism: alt.config,
    stepTimeS: alt.step.totalS,
    slowerBy: alt.step.totalS / stepTimeS - 1,
    why: whyLost(best.step, alt.step),
  }));
  return {
    gpus: ctx.gpus,
    parallelism: {
      tp: c.tp,
      pp: c.pp,
      dp: c.dp,
      cp: c.cp,
      ep: c.ep,
      etp: c.etp,
      microBatch: c.microBatch,
      virtualStages: c.virtualStages,
    },
    recompute: c.recompute,
    ...(c.recomputeLayers !== undefined ? { recomputeLayers: c.recomputeLayers } : {}),
    zeroStage: c.zeroStage,
    modelParams: ctx.model.params,
    modelFlopsPerToken: flopsPerToken,
    globalBatchSequences: ctx.globalBatchSequences,
    microbatchesPerStep: microbatchesPerStep(ctx, c),
    stepTimeS,
    stepTimeBreakdownS: best.step,
    tokensPerS,
    tflopsPerGpu,
    hardwareTflopsPerGpu,
    mfu: (tflopsPerGpu * 1e12) / peak,
    hfu: (hardwareTflopsPerGpu * 1e12) / peak,
    memoryPerGpuGB: best.memory,
    memoryCapacityGB: hbmCapacityGB(ctx),
    steps,
    idealDays,
    idealGpuHours,
    searched: { evaluated: found.evaluated, rejectedForMemory: found.rejectedForMemory },
    alternatives,
  };
}

function infeasible(
  ctx: TrainingContext,
  found: SearchResult,
  inputs: TrainingInputs,
): { reason: string; fix: string } {
  const w = inputs.workload;
  if (found.evaluated === 0) {
    return {
      reason: `no parallel layout of ${ctx.gpus} GPUs divides the global batch of ${ctx.globalBatchSequences} sequences and the model (${ctx.model.layers} layers, ${ctx.model.heads} heads) under the fixed settings ${JSON.stringify(w.parallelism)}`,
      fix: 'choose a GPU count whose factors divide the batch, or leave parallelism fields out so aidc can search them',
    };
  }
  const closest = found.leastMemory;
  const need = closest ? closest.memory.total.toFixed(1) : '?';
  const have = hbmCapacityGB(ctx).toFixed(1);
  const fixes: string[] = [];
  if (w.recompute !== 'full') fixes.push('recompute: full');
  if (w.parallelism.tp === undefined || w.parallelism.pp === undefined)
    fixes.push('more GPUs (a larger tp x pp)');
  else fixes.push('a larger tp or pp');
  if (w.zeroStage === undefined || w.zeroStage < 1)
    fixes.push('zeroStage: 1 (distributed optimizer)');
  fixes.push('a GPU with more HBM');
  return {
    reason: `does not fit in GPU memory: the smallest layout found (${closest ? describeConfig(closest.config) : '?'}) needs ${need} GB per GPU, the ${ctx.gpu.id} has ${have} GB`,
    fix: `try ${fixes.join(', or ')}`,
  };
}

/**
 * Cluster sizes tried when sizing by deadline: whole servers, in steps of at most 1/4 of the size
 * (units x 1..7, then 8, 10, 12, 14, 16, 20, ... x units), which keeps the counts divisible enough
 * for tensor, pipeline and data parallelism to factor them.
 */
export function candidateClusterSizes(unit: number, maxGpus: number): number[] {
  const sizes = new Set<number>();
  for (let base = 1; base * unit <= maxGpus; base *= 2) {
    for (const k of base < 4 ? [1, 2, 3] : [4, 5, 6, 7]) {
      const gpus = (base < 4 ? k : (k * base) / 4) * unit;
      if (gpus <= maxGpus && Number.isInteger(gpus)) sizes.add(gpus);
    }
  }
  return [...sizes].sort((a, b) => a - b);
}

/** Largest cluster the deadline search considers. */
const MAX_SIZED_GPUS = 1 << 20;

/** A cluster size found for a deadline. */
interface Sized {
  readonly gpus: number;
  /** Wall-clock days at that size (with interruptions when the caller counts them). */
  readonly days: number;
  readonly meetsDeadline: boolean;
}

/**
 * Smallest candidate GPU count that finishes the workload within its deadline. Steady-speed days
 * fall as the cluster grows, so a binary search finds the smallest size that would make it
 * without failures. Wall time with interruptions is not monotone (failures grow with the
 * cluster), so from there the sizes are walked upward until one meets the deadline; when none
 * does, the fastest of all sizes is returned as not meeting it. Undefined: not even steady
 * speed makes it.
 */
function sizeForDeadline(inputs: TrainingInputs, deadlineDays: number): Sized | undefined {
  const sizes = candidateClusterSizes(inputs.gpu.gpusPerServer.value, MAX_SIZED_GPUS);
  const ideal = new Map<number, number>();
  const idealAt = (gpus: number): number => {
    const known = ideal.get(gpus);
    if (known !== undefined) return known;
    const { ctx, found } = search(inputs, gpus, 1);
    const top = found.ranked[0];
    const days = top ? summarise(ctx, top, found, inputs.workload).idealDays : Infinity;
    ideal.set(gpus, days);
    return days;
  };
  // Layouts exist only where the batch divides; step over sizes that have none.
  let lo = 0;
  let hi = sizes.length - 1;
  let first: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    let days = idealAt(sizes[mid] ?? 0);
    let probe = mid;
    while (!Number.isFinite(days) && probe < hi && probe - mid < 3) {
      probe++;
      days = idealAt(sizes[probe] ?? 0);
    }
    if (days <= deadlineDays) {
      first = probe;
      hi = mid - 1;
    } else lo = probe + 1;
  }
  if (first === undefined) return undefined;
  const wallDays = inputs.wallDays;
  const firstGpus = sizes[first] ?? 0;
  if (!wallDays) return { gpus: firstGpus, days: idealAt(firstGpus), meetsDeadline: true };
  const wallAt = (gpus: number): number => {
    const days = idealAt(gpus);
    return Number.isFinite(days) ? wallDays(gpus, days) : Infinity;
  };
  // Upward from the steady-speed answer; steady-speed days wobble with how the sizes factor, so
  // the walk stops only once the wall time is far past the best seen.
  let best = Infinity;
  for (let i = first; i < sizes.length; i++) {
    const gpus = sizes[i] ?? 0;
    const days = wallAt(gpus);
    if (days <= deadlineDays) return { gpus, days, meetsDeadline: true };
    best = Math.min(best, days);
    if (days > 2 * best) break;
  }
  // None makes it: the fastest size of all, which may lie below the steady-speed answer.
  let fastest: Sized | undefined;
  for (const gpus of sizes) {
    const days = wallAt(gpus);
    if (Number.isFinite(days) && (!fastest || days < fastest.days)) {
      fastest = { gpus, days, meetsDeadline: false };
    }
  }
  return fastest;
}

/** The settings the scenario left out, with the values the search chose: "pp=4, microBatch=2". */
function searchedSettings(w: TrainingWorkload, c: ParallelConfig, moe: boolean): string {
  const parallel = ['tp', 'pp', 'dp', 'cp', 'ep', 'etp', 'microBatch', 'virtualStages'] as const;
  const chosen: string[] = parallel
    .filter(
      (key) =>
        w.parallelism[key] === undefined && (key !== 'etp' || c.ep > 1) && (key !== 'ep' || moe),
    )
    .map((key) => `${key}=${c[key]}`);
  if (w.recompute === undefined)
    chosen.push(
      `recompute=${c.recompute}${c.recomputeLayers !== undefined ? ` (${c.recomputeLayers} layers per stage)` : ''}`,
    );
  if (w.zeroStage === undefined) chosen.push(`zeroStage=${c.zeroStage}`);
  return chosen.join(', ');
}

/** Why a (given) layout is one frameworks rarely run, or undefined when it is ordinary. */
function unusualLayout(ctx: TrainingContext, c: ParallelConfig): string | undefined {
  const layers = ctx.model.layers;
  if (c.pp > 1 && !pipelineCandidates(layers).includes(c.pp)) {
    return `pp ${c.pp} splits ${layers} layers unevenly beyond one layer short on the first and last stages; Megatron-Core needs the split given layer by layer (decoder_first/last_pipeline_num_layers)`;
  }
  if (c.cp > 1 && ctx.seqLen / c.cp < MIN_TOKENS_PER_CP_RANK) {
    return `cp ${c.cp} leaves ${ctx.seqLen / c.cp} tokens per rank; context parallelism is run for long sequences (${MIN_TOKENS_PER_CP_RANK}+ tokens per rank)`;
  }
  return undefined;
}

/** Plan one training workload. */
export function planTraining(inputs: TrainingInputs): TrainingOutcome {
  // Paths are the workload's keys; the plan places them under workloads[i].
  const warnings: PlanWarning[] = [];
  const w = inputs.workload;
  let gpus = inputs.gpus;
  if (gpus === undefined && w.deadlineDays !== undefined) {
    const sized = sizeForDeadline(inputs, w.deadlineDays);
    if (sized === undefined) {
      return {
        ok: false,
        reason: `no cluster size up to the largest tried finishes ${w.tokens.toExponential(2)} tokens within ${w.deadlineDays} days`,
        fix: 'extend deadlineDays, train on fewer tokens, use a larger global batch (more data parallelism) or a faster GPU',
        warnings,
      };
    }
    gpus = sized.gpus;
    if (sized.meetsDeadline) {
      const basis = inputs.wallDays ? ', expected interruptions included' : ' at steady speed';
      warnings.push(
        warning(
          'deadline-sized',
          `${w.name}: sized to ${gpus} GPUs to finish within ${w.deadlineDays} days${basis}`,
          'deadlineDays',
        ),
      );
    } else {
      warnings.push(
        warning(
          'deadline-unreachable',
          `${w.name}: no cluster size finishes within ${w.deadlineDays} days once expected interruptions are counted (more GPUs fail more often); the fastest, ${gpus} GPUs, takes ${sized.days.toFixed(2)} days. Extend deadlineDays, or give your fleet's own failure rate and restart time (reliability.failuresPer1000NodeDays, reliability.restartMin) if they are better`,
          'deadlineDays',
        ),
      );
    }
  }
  if (gpus === undefined) {
    return {
      ok: false,
      reason:
        'no GPU count: the workload has no gpus, the cluster has none, and there is no deadlineDays to size from',
      fix: 'set cluster.gpus, the workload gpus, or deadlineDays',
      warnings,
    };
  }
  const { ctx, found } = search(inputs, gpus);
  const best = found.ranked[0];
  if (!best) {
    const why = infeasible(ctx, found, inputs);
    return { ok: false, reason: why.reason, fix: why.fix, warnings };
  }
  const rawBatch = w.globalBatchSequences ?? (w.globalBatchTokens ?? 0) / w.seqLen;
  if (Math.abs(rawBatch - ctx.globalBatchSequences) > 1e-9) {
    warnings.push(
      warning(
        'batch-rounded',
        `${w.name}: global batch of ${rawBatch.toFixed(1)} sequences rounded to ${ctx.globalBatchSequences}`,
        w.globalBatchSequences !== undefined ? 'globalBatchSequences' : 'globalBatchTokens',
      ),
    );
  }
  const result = summarise(ctx, best, found, w);
  const unusual = unusualLayout(ctx, best.config);
  if (unusual) warnings.push(warning('unusual-layout', `${w.name}: ${unusual}`, 'parallelism'));
  if (ctx.gpu.scaleOutGbpsPerGpu.value === null && gpus > ctx.gpu.scaleUpDomainGpus.value) {
    warnings.push(
      warning(
        'scale-out-unpublished',
        `${w.name}: ${ctx.gpu.id} has no published data-centre network bandwidth; the traffic between its ${ctx.gpu.scaleUpDomainGpus.value}-chip domains is planned at ${ctx.efficiency.unpublishedScaleOutGbps.value} Gb/s per chip (a typical TPU figure)`,
      ),
    );
  }
  const searched = searchedSettings(w, best.config, inputs.model.moe !== undefined);
  if (searched.length > 0) {
    warnings.push(
      warning(
        'searched-settings',
        `${w.name}: not given, chosen by the search (fastest that fits): ${searched}`,
      ),
    );
  }
  if (w.deadlineDays !== undefined && result.idealDays > w.deadlineDays) {
    warnings.push(
      warning(
        'deadline-missed',
        `${w.name}: takes ${result.idealDays.toFixed(1)} days, past the ${w.deadlineDays}-day deadline`,
        'deadlineDays',
      ),
    );
  }
  return { ok: true, result, warnings };
}

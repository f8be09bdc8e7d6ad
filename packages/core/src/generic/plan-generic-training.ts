// The training planner for generic (non-LLM) networks: the data-parallel (and pipeline) layout
// and microbatch that fit in memory and give the shortest step, its breakdown, the run's days.
import { EFFICIENCY } from '../catalog/efficiency.js';
import type { Fabric } from '../catalog/fabrics.js';
import { GENERIC_TRAINING, type GenericFamily } from '../catalog/generic-models.js';
import { peakFlops, type Gpu } from '../catalog/gpus.js';
import type { GenericPrecision, GenericTrainingWorkload } from '../scenario/schema.js';
import { warning, type PlanWarning } from '../warnings.js';
import { genericTensorPath, type GenericModel } from './generic-model.js';
import { genericMemoryGB, usableMemoryGB, type GenericMemoryGB } from './memory.js';
import { genericStepTime, type GenericLayout, type GenericStepBreakdown } from './step-time.js';
import type { PlanningOutcome, TrainingRunTotals } from '../training/training-run.js';

/** What limits the step most. */
export const GENERIC_BOUNDS = [
  'compute',
  'memory-bandwidth',
  'embeddings',
  'communication',
  'pipeline',
] as const;
export type GenericBound = (typeof GENERIC_BOUNDS)[number];

export interface GenericTrainingResult extends TrainingRunTotals {
  readonly gpus: number;
  readonly parallelism: GenericLayout;
  readonly precision: GenericPrecision;
  readonly family: GenericFamily;
  readonly forwardFlopsPerSample: number;
  /** Forward + backward model FLOPs of one sample (3x forward). */
  readonly trainFlopsPerSample: number;
  readonly globalBatchSamples: number;
  readonly microbatchesPerStep: number;
  readonly stepTimeS: number;
  readonly stepTimeBreakdownS: GenericStepBreakdown;
  readonly bound: GenericBound;
  readonly samplesPerS: number;
  readonly samplesPerSPerGpu: number;
  readonly tflopsPerGpu: number;
  readonly mfu: number;
  /** Training input read per GPU at the planned rate, GB/s. */
  readonly inputGBpsPerGpu: number;
  readonly memoryPerGpuGB: GenericMemoryGB;
  readonly memoryCapacityGB: number;
}

export type GenericTrainingOutcome = PlanningOutcome<GenericTrainingResult>;

export interface GenericTrainingInputs {
  readonly workload: GenericTrainingWorkload;
  readonly model: GenericModel;
  readonly gpu: Gpu;
  readonly fabric: Fabric | undefined;
  readonly gpus: number | undefined;
}

function divisorsDescending(n: number): number[] {
  const out: number[] = [];
  for (let d = 1; d * d <= n; d++) {
    if (n % d !== 0) continue;
    out.push(d);
    if (d * d !== n) out.push(n / d);
  }
  return out.sort((a, b) => b - a);
}

function boundOf(b: GenericStepBreakdown): GenericBound {
  const parts: [GenericBound, number][] = [
    ['compute', b.computeS],
    ['memory-bandwidth', b.activationMemoryS + b.optimizerS],
    ['embeddings', b.embeddingS],
    ['communication', b.embeddingAllToAllS + b.dataParallelExposedS + b.pipelineP2pS],
    ['pipeline', b.pipelineBubbleS],
  ];
  return parts.reduce((a, c) => (c[1] > a[1] ? c : a))[0];
}

export function planGenericTraining(x: GenericTrainingInputs): GenericTrainingOutcome {
  const { workload: w, model, gpu } = x;
  const none: readonly PlanWarning[] = [];
  const gpus = x.gpus;
  if (gpus === undefined) {
    return {
      ok: false,
      reason: `${w.name}: a generic network's training is planned on a given number of GPUs`,
      fix: 'give the workload gpus or deadlineDays, or cluster.gpus',
      warnings: none,
    };
  }
  const tensor = genericTensorPath(gpu, w.precision);
  const peak = tensor === undefined ? undefined : peakFlops(gpu, tensor);
  if (peak === undefined) {
    return {
      ok: false,
      reason: `${gpu.id} has no ${w.precision} tensor path`,
      fix: 'choose bf16 or fp16',
      warnings: none,
    };
  }
  const eff = EFFICIENCY;
  const k = GENERIC_TRAINING;
  const capacity = usableMemoryGB(gpu, eff);
  const p = w.parallelism;
  const ppCandidates =
    p.pp !== undefined ? [p.pp] : model.boundaryBytesPerSample !== undefined ? [1, 2, 4, 8] : [1];
  let best:
    { layout: GenericLayout; step: GenericStepBreakdown; memory: GenericMemoryGB } | undefined;
  let smallest: GenericMemoryGB | undefined;
  let evaluated = 0;
  for (const pp of ppCandidates) {
    if (gpus % pp !== 0) continue;
    const dp = gpus / pp;
    if (p.dp !== undefined && p.dp !== dp) continue;
    if (w.globalBatchSamples % dp !== 0) continue;
    const local = w.globalBatchSamples / dp;
    const microBatches = p.microBatch !== undefined ? [p.microBatch] : divisorsDescending(local);
    for (const microBatch of microBatches) {
      if (local % microBatch !== 0) continue;
      const layout = { dp, pp, microBatch };
      const memory = genericMemoryGB(model, w.precision, layout, w.globalBatchSamples, eff, k);
      if (smallest === undefined || memory.total < smallest.total) smallest = memory;
      if (memory.total > capacity) continue;
      evaluated++;
      const step = genericStepTime({
        model,
        gpu,
        fabric: x.fabric,
        precision: w.precision,
        globalBatchSamples: w.globalBatchSamples,
        layout,
        dataParallelOverlap: w.dataParallelOverlap,
        efficiency: eff,
        constants: k,
      });
      if (!best || step.totalS < best.step.totalS) best = { layout, step, memory };
    }
  }
  if (!best) {
    if (!smallest) {
      return {
        ok: false,
        reason: `${w.name}: the global batch of ${w.globalBatchSamples} samples does not split evenly over ${gpus} GPUs${p.pp !== undefined ? ` in ${p.pp} stages` : ''}`,
        fix: `a globalBatchSamples that ${gpus} GPUs divide, or a GPU count that divides it`,
        warnings: none,
      };
    }
    const tables = smallest.embeddings;
    const need =
      tables > capacity - smallest.reserve
        ? Math.ceil(
            (tables * gpus) /
              (capacity -
                smallest.reserve -
                smallest.weights -
                smallest.gradients -
                smallest.optimizer),
          )
        : undefined;
    return {
      ok: false,
      reason: `${w.name}: needs ${smallest.total.toFixed(1)} GB per GPU at the smallest microbatch (${tables > 0 ? `embedding shard ${tables.toFixed(1)} GB, ` : ''}activations ${smallest.activations.toFixed(1)} GB), more than the ${capacity.toFixed(1)} GB usable on ${gpu.id}`,
      fix:
        need !== undefined && need > 0
          ? `shard the embedding tables over at least ${need} GPUs`
          : 'more GPUs, a smaller batch per GPU, or pipeline stages (parallelism.pp with model.boundaryBytesPerSample)',
      warnings: none,
    };
  }
  const { layout, step, memory } = best;
  const samplesPerS = w.globalBatchSamples / step.totalS;
  const trainFlops = 3 * model.forwardFlopsPerSample;
  const tflopsPerGpu = (samplesPerS * trainFlops) / gpus / 1e12;
  const steps = Math.ceil(w.samples / w.globalBatchSamples);
  const idealDays = (steps * step.totalS) / 86_400;
  const warnings: PlanWarning[] = [];
  const searched = [
    p.pp === undefined && ppCandidates.length > 1 ? `pp ${layout.pp}` : undefined,
    p.microBatch === undefined ? `microbatch ${layout.microBatch}` : undefined,
  ].filter((s): s is string => s !== undefined);
  if (searched.length > 0) {
    warnings.push(
      warning(
        'searched-settings',
        `${w.name}: chose ${searched.join(', ')} (dp ${layout.dp}; ${evaluated} layouts fit in memory); the step is ${boundOf(step)}-bound`,
      ),
    );
  }
  return {
    ok: true,
    warnings,
    result: {
      gpus,
      parallelism: layout,
      precision: w.precision,
      family: model.family,
      forwardFlopsPerSample: model.forwardFlopsPerSample,
      trainFlopsPerSample: trainFlops,
      globalBatchSamples: w.globalBatchSamples,
      microbatchesPerStep: w.globalBatchSamples / (layout.dp * layout.microBatch),
      stepTimeS: step.totalS,
      stepTimeBreakdownS: step,
      bound: boundOf(step),
      samplesPerS,
      samplesPerSPerGpu: samplesPerS / gpus,
      tflopsPerGpu,
      mfu: (tflopsPerGpu * 1e12) / peak,
      inputGBpsPerGpu: (samplesPerS * model.inputBytesPerSample) / gpus / 1e9,
      memoryPerGpuGB: memory,
      memoryCapacityGB: capacity,
      steps,
      idealDays,
      idealGpuHours: idealDays * 24 * gpus,
    },
  };
}

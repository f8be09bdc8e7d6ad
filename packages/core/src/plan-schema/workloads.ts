// The plan's workload results as zod schemas: a training run (parallelism, step time, MFU, memory,
// days, interruptions, energy) and an inference service (layout, batch, latency, throughput, KV
// cache, failures, a year's energy), mirroring TrainingResult and InferenceResult.
import { z } from 'zod';
import { FAILURE_CAUSES } from '../catalog/failure-rates.js';
import { GENERIC_FAMILIES } from '../catalog/generic-models.js';
import { GENERIC_BOUNDS } from '../generic/plan-generic-training.js';
import { GENERIC_SERVING_BOUNDS } from '../generic/plan-generic-inference.js';
import {
  GENERIC_PRECISIONS,
  GENERIC_SERVING_PRECISIONS,
  KV_CACHE_PRECISIONS,
  RECOMPUTE_MODES,
} from '../scenario/schema.js';
import { absentOr, count, num, numbersByKey, share } from './primitives.js';

const Layout = {
  tp: count,
  pp: count,
  dp: count,
  cp: count,
  ep: count,
  etp: count,
  microBatch: count,
  virtualStages: count,
};

const Reliability = z.strictObject({
  interruptionsPerDay: num,
  interruptionsPerDayByCause: numbersByKey(FAILURE_CAUSES),
  mtbfHours: num,
  interruptionsExpected: num,
  checkpointGB: num,
  checkpointSave: z.enum(['async', 'sync']),
  checkpointStallS: num,
  checkpointWriteS: num,
  checkpointIntervalMin: num,
  intervalChosen: z.enum([
    'optimal (Daly 2006)',
    'fixed by the scenario',
    'the previous save still writing',
  ]),
  restartMin: num,
  goodput: share.describe('useful compute time / wall time'),
  days: num,
  meanServersInRepair: num,
  spareServers: count,
  spareUnitGpus: count,
  spareConfidence: share,
  monteCarlo: absentOr(
    z.strictObject({
      seed: count,
      trials: count,
      p10Days: num,
      p50Days: num,
      p90Days: num,
      meanDays: num,
      method: z.enum(['events', 'intervals', 'closed-form']),
    }),
  ),
});

export const TrainingResultSchema = z.strictObject({
  gpus: count,
  parallelism: z.strictObject(Layout),
  recompute: z.enum(RECOMPUTE_MODES),
  recomputeLayers: absentOr(count),
  zeroStage: count,
  modelParams: num,
  modelFlopsPerToken: num.describe('forward + backward model FLOPs per token, no recomputation'),
  globalBatchSequences: num,
  microbatchesPerStep: num,
  stepTimeS: num.describe('one optimizer step (the global batch), seconds'),
  stepTimeBreakdownS: numbersByKey([
    'computeS',
    'tensorParallelCommS',
    'contextParallelCommS',
    'expertParallelCommS',
    'pipelineBubbleS',
    'pipelineP2pS',
    'dataParallelExposedS',
    'optimizerS',
    'stragglerS',
    'totalS',
    'bubbleFraction',
  ]),
  tokensPerS: num,
  tflopsPerGpu: num.describe('model FLOPs per GPU per second, TFLOP/s (the MFU numerator)'),
  hardwareTflopsPerGpu: num.describe('with recomputed forward passes, TFLOP/s (HFU numerator)'),
  mfu: share,
  hfu: share,
  memoryPerGpuGB: numbersByKey([
    'weights',
    'gradients',
    'optimizer',
    'activations',
    'reserve',
    'total',
  ]),
  memoryCapacityGB: num,
  steps: num,
  idealDays: num.describe('at steady-state speed, no interruptions'),
  idealGpuHours: num,
  days: num.describe('wall-clock days including expected interruptions and restarts'),
  gpuHours: num.describe('GPUs x wall-clock hours of the run, interruptions included'),
  reliability: Reliability,
  energyMWh: absentOr(num),
  itEnergyMWh: absentOr(num),
  nameplateEnergyMWh: absentOr(num),
  kWhPerGpuHour: absentOr(num),
  tCO2e: absentOr(num),
  tCO2eMarket: absentOr(num),
  costUsd: absentOr(num),
  searched: z.strictObject({ evaluated: count, rejectedForMemory: count }),
  alternatives: z.array(
    z.strictObject({
      parallelism: z.strictObject({
        ...Layout,
        recompute: z.enum(RECOMPUTE_MODES),
        recomputeLayers: absentOr(count),
        zeroStage: count,
      }),
      stepTimeS: num,
      slowerBy: num,
      why: z.string(),
    }),
  ),
});

const ServiceReliability = z.strictObject({
  failuresPerYear: num,
  replicaMtbfDays: num,
  restartMin: num,
  downtimeFraction: share,
  meanServersInRepair: num,
  headroomServers: num,
  spareServers: count,
  spareUnitGpus: count,
  spareConfidence: share,
});

export const InferenceResultSchema = z.strictObject({
  mode: z.enum(['online', 'offline']),
  gpus: count,
  replicas: count,
  replicasForLoad: count,
  tp: count,
  pp: count,
  ep: count,
  dp: count,
  precision: z.string(),
  kvCachePrecision: z.enum(KV_CACHE_PRECISIONS),
  batchSize: num.describe('mean sequences in flight per replica at the operating point'),
  maxBatchSize: num,
  latencyStatistic: z.string(),
  ttftMs: num,
  tpotMs: num,
  outputTokensPerS: num.describe('whole workload, at the operating point'),
  maxOutputTokensPerS: num.describe('whole workload, at the best batch ignoring the SLOs'),
  requestsPerS: num,
  capacityRequestsPerS: num,
  capacityOutputTokensPerS: num,
  loadFraction: num,
  kvCacheGBPerReplica: num,
  kvCacheTokensPerReplica: num,
  kvBytesPerToken: num,
  memoryPerGpuGB: numbersByKey(['weights', 'kvCache', 'reserve', 'total', 'capacity']),
  iterationMs: numbersByKey([
    'linearCompute',
    'weightRead',
    'elementwise',
    'prefillAttention',
    'decodeAttention',
    'tensorParallel',
    'pipelineTransfer',
    'host',
    'total',
  ]),
  alternatives: z.array(
    z.strictObject({
      tp: count,
      pp: count,
      gpus: absentOr(count),
      outputTokensPerS: absentOr(num),
      reason: z.string(),
    }),
  ),
  notes: z.array(z.string()),
  latencyCurve: z.array(
    z.strictObject({ batch: num, ttftMs: num, tpotMs: num, outputTokensPerS: num }),
  ),
  reliability: absentOr(ServiceReliability),
  energyMWhPerYear: absentOr(num),
  tCO2ePerYear: absentOr(num),
  kWhPerMillionOutputTokens: absentOr(num),
  usdPerMillionOutputTokens: absentOr(num),
});

/** A generic (non-LLM) network's training run, mirroring GenericTrainingResult. */
export const GenericTrainingResultSchema = z.strictObject({
  gpus: count,
  parallelism: z.strictObject({ dp: count, pp: count, microBatch: count }),
  precision: z.enum(GENERIC_PRECISIONS),
  family: z.enum(GENERIC_FAMILIES),
  forwardFlopsPerSample: num,
  trainFlopsPerSample: num.describe('forward + backward model FLOPs of one sample (3x forward)'),
  globalBatchSamples: num,
  microbatchesPerStep: num,
  stepTimeS: num.describe('one optimizer step (the global batch), seconds'),
  stepTimeBreakdownS: numbersByKey([
    'computeS',
    'activationMemoryS',
    'embeddingS',
    'embeddingAllToAllS',
    'pipelineBubbleS',
    'pipelineP2pS',
    'dataParallelExposedS',
    'optimizerS',
    'totalS',
  ]),
  bound: z.enum(GENERIC_BOUNDS).describe('what limits the step most'),
  samplesPerS: num,
  samplesPerSPerGpu: num,
  tflopsPerGpu: num.describe('model FLOPs per GPU per second, TFLOP/s'),
  mfu: share,
  inputGBpsPerGpu: num.describe('training input read per GPU, GB/s'),
  memoryPerGpuGB: numbersByKey([
    'weights',
    'gradients',
    'optimizer',
    'embeddings',
    'activations',
    'reserve',
    'total',
  ]),
  memoryCapacityGB: num,
  steps: num,
  idealDays: num.describe('at steady-state speed, no interruptions'),
  idealGpuHours: num,
  days: num.describe('wall-clock days including expected interruptions and restarts'),
  gpuHours: num,
  reliability: Reliability,
  energyMWh: absentOr(num),
  itEnergyMWh: absentOr(num),
  nameplateEnergyMWh: absentOr(num),
  kWhPerGpuHour: absentOr(num),
  tCO2e: absentOr(num),
  tCO2eMarket: absentOr(num),
  costUsd: absentOr(num),
});

/** A generic (non-LLM) network's serving, mirroring GenericInferenceResult. */
export const GenericInferenceResultSchema = z.strictObject({
  mode: z.enum(['online', 'offline']),
  gpus: count,
  replicas: count,
  replicasForLoad: count,
  precision: z.enum(GENERIC_SERVING_PRECISIONS),
  family: z.enum(GENERIC_FAMILIES),
  forwardFlopsPerSample: num,
  batchSize: count.describe('samples per batch on one GPU at the operating point'),
  serviceTimeMs: num.describe('one batch on one GPU, ms'),
  serviceTimeBreakdownMs: numbersByKey(['computeMs', 'weightsMs', 'activationsMs', 'embeddingsMs']),
  bound: z.enum(GENERIC_SERVING_BOUNDS).describe('what limits the batch most'),
  latencyMs: num.describe('arrival to result at the percentile, ms'),
  percentile: z.union([z.literal(50), z.literal(90), z.literal(99)]),
  sloLatencyMs: absentOr(num),
  samplesPerSPerGpu: num.describe('samples/s one GPU sustains at the operating batch'),
  maxSamplesPerSPerGpu: num.describe(
    'samples/s one GPU reaches at its best batch, latency ignored',
  ),
  samplesPerS: num.describe('samples/s the workload serves'),
  loadFraction: share,
  tflopsPerGpu: num,
  mfu: share,
  memoryPerGpuGB: numbersByKey(['weights', 'embeddings', 'activations', 'total']),
  memoryCapacityGB: num,
  reliability: absentOr(ServiceReliability),
  energyMWhPerYear: absentOr(num),
  tCO2ePerYear: absentOr(num),
  kWhPerMillionSamples: absentOr(num),
  usdPerMillionSamples: absentOr(num),
});

const workloadModel = z.strictObject({
  name: z.string(),
  params: num,
  activeParams: num,
  kind: absentOr(z.literal('generic')),
});
const absent = absentOr(z.never());
const RESULT_FIELDS = {
  training: TrainingResultSchema,
  genericTraining: GenericTrainingResultSchema,
  inference: InferenceResultSchema,
  genericInference: GenericInferenceResultSchema,
  infeasible: z.strictObject({ reason: z.string(), fix: z.string() }),
};
type ResultField = keyof typeof RESULT_FIELDS;

/** One kind of workload plan: its `kind`, its `type`, and the one result field it carries. */
function variant<K extends string, T extends 'training' | 'inference', F extends ResultField>(
  kind: K,
  type: z.ZodType<T>,
  field: F,
) {
  const others = Object.fromEntries(
    (Object.keys(RESULT_FIELDS) as ResultField[])
      .filter((f) => f !== field)
      .map((f) => [f, absent]),
  ) as { [O in Exclude<ResultField, F>]: typeof absent };
  return z.strictObject({
    name: z.string(),
    kind: z.literal(kind),
    type,
    model: workloadModel,
    ...others,
    ...({ [field]: RESULT_FIELDS[field] } as { [P in F]: (typeof RESULT_FIELDS)[F] }),
  });
}

/** A workload as planned, by `kind`: each variant carries its one result field. */
export const WorkloadPlanSchema = z.discriminatedUnion('kind', [
  variant('training', z.literal('training'), 'training'),
  variant('generic-training', z.literal('training'), 'genericTraining'),
  variant('inference', z.literal('inference'), 'inference'),
  variant('generic-inference', z.literal('inference'), 'genericInference'),
  variant('infeasible', z.enum(['training', 'inference']), 'infeasible'),
]);

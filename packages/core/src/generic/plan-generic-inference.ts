// The serving planner for generic (non-LLM) networks: one-GPU replicas, each running the largest
// batch whose percentile latency meets the SLO (serving-batch.ts), sized to the sample rate with
// the Poisson headroom that percentile needs; offline, the batch memory allows at its best rate.
import { EFFICIENCY } from '../catalog/efficiency.js';
import { GENERIC_TRAINING, type GenericFamily } from '../catalog/generic-models.js';
import { peakFlops, type Gpu } from '../catalog/gpus.js';
import type { GenericInferenceWorkload, GenericServingPrecision } from '../scenario/schema.js';
import { warning, type PlanWarning } from '../warnings.js';
import type { GenericModel } from './generic-model.js';
import { usableMemoryGB } from './memory.js';
import { batchCandidates, batchedLatencyS, sustainedRate } from './serving-batch.js';
import {
  servingBatchTime,
  servingMemoryGB,
  servingTensorPath,
  type ServingBatchTime,
} from './serve-time.js';

/** What limits a serving batch most. */
export const GENERIC_SERVING_BOUNDS = ['compute', 'memory-bandwidth', 'embeddings'] as const;
export type GenericServingBound = (typeof GENERIC_SERVING_BOUNDS)[number];

/** Largest batch tried when the scenario gives no maxBatchSize (memory may cap it sooner). */
const MAX_BATCH = 16_384;

export interface GenericInferenceResult {
  readonly mode: 'online' | 'offline';
  readonly gpus: number;
  /** One-GPU replicas (= gpus), and those the load alone needs (online). */
  readonly replicas: number;
  readonly replicasForLoad: number;
  readonly precision: GenericServingPrecision;
  readonly family: GenericFamily;
  readonly forwardFlopsPerSample: number;
  readonly batchSize: number;
  readonly serviceTimeMs: number;
  readonly serviceTimeBreakdownMs: {
    readonly computeMs: number;
    readonly weightsMs: number;
    readonly activationsMs: number;
    readonly embeddingsMs: number;
  };
  readonly bound: GenericServingBound;
  /** Latency at `percentile` at the operating batch (arrival to result). */
  readonly latencyMs: number;
  readonly percentile: 50 | 90 | 99;
  readonly sloLatencyMs?: number;
  /** Samples/s one GPU sustains at the operating batch (online: with the percentile's headroom). */
  readonly samplesPerSPerGpu: number;
  /** Samples/s one GPU reaches at its best batch, latency ignored. */
  readonly maxSamplesPerSPerGpu: number;
  /** Samples/s the workload serves: the load (online) or what the GPUs do (offline). */
  readonly samplesPerS: number;
  readonly loadFraction: number;
  readonly tflopsPerGpu: number;
  readonly mfu: number;
  readonly memoryPerGpuGB: {
    readonly weights: number;
    readonly embeddings: number;
    readonly activations: number;
    readonly total: number;
  };
  readonly memoryCapacityGB: number;
}

export type GenericInferenceOutcome =
  | { readonly ok: true; readonly result: GenericInferenceResult; readonly warnings: PlanWarning[] }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly fix: string;
      readonly warnings: PlanWarning[];
    };

export interface GenericInferenceInputs {
  readonly workload: GenericInferenceWorkload;
  readonly model: GenericModel;
  readonly gpu: Gpu;
  /** GPUs given to an offline workload (its own, its share or the cluster's). */
  readonly gpus: number | undefined;
}

function boundOf(t: ServingBatchTime): GenericServingBound {
  const dense = Math.max(t.computeS, t.weightsS + t.activationsS);
  if (t.embeddingsS > dense) return 'embeddings';
  return t.computeS >= t.weightsS + t.activationsS ? 'compute' : 'memory-bandwidth';
}

const ms = (s: number) => s * 1000;

export function planGenericInference(x: GenericInferenceInputs): GenericInferenceOutcome {
  const { workload: w, model, gpu } = x;
  const warnings: PlanWarning[] = [];
  const tensor = servingTensorPath(gpu, w.precision);
  const peak = tensor === undefined ? undefined : peakFlops(gpu, tensor);
  if (peak === undefined)
    return {
      ok: false,
      reason: `${gpu.id} has no ${w.precision} tensor path`,
      fix: 'choose fp16 or bf16',
      warnings,
    };
  const eff = EFFICIENCY;
  const capacity = usableMemoryGB(gpu, eff);
  const fixed = servingMemoryGB(model, w.precision, 0);
  if (fixed.total > capacity)
    return {
      ok: false,
      reason: `${w.name}: the weights and embedding tables take ${fixed.total.toFixed(1)} GB at ${w.precision}, more than the ${capacity.toFixed(1)} GB usable on ${gpu.id}`,
      fix: 'a lower serving precision (int8, fp8) or a GPU with more memory',
      warnings,
    };
  const perSampleGB = servingMemoryGB(model, w.precision, 1).activations;
  const memoryBatch = Math.max(1, Math.floor((capacity - fixed.total) / perSampleGB));
  const maxBatch = Math.min(w.maxBatchSize ?? MAX_BATCH, memoryBatch);
  const timing = {
    model,
    gpu,
    precision: w.precision,
    efficiency: eff,
    constants: GENERIC_TRAINING,
  };
  const percentile = w.slo?.percentile ?? 99;
  const rows = batchCandidates(maxBatch).map((b) => {
    const t = servingBatchTime(timing, b);
    return {
      batch: b,
      time: t,
      latencyS: batchedLatencyS(t.totalS, percentile),
      offlineRate: b / t.totalS,
      onlineRate: sustainedRate(b, t.totalS, percentile, w.samplesPerRequest ?? 1),
    };
  });
  const best = rows.reduce((a, c) => (c.offlineRate > a.offlineRate ? c : a));
  const online = w.samplesPerSecond !== undefined;
  const sloS = w.slo !== undefined ? w.slo.latencyMs / 1000 : undefined;
  const meeting = rows.filter((r) => sloS === undefined || r.latencyS <= sloS);
  const fastest = rows[0];
  if (online && (meeting.length === 0 || !fastest)) {
    return {
      ok: false,
      reason: `${w.name}: even a batch of 1 takes ${ms(fastest?.latencyS ?? 0).toFixed(2)} ms at p${percentile} on ${gpu.id}, over the ${w.slo?.latencyMs} ms SLO`,
      fix: 'a looser slo.latencyMs, a lower precision or a faster GPU',
      warnings,
    };
  }
  const operating = online ? meeting.reduce((a, c) => (c.onlineRate > a.onlineRate ? c : a)) : best;
  const perGpu = online ? operating.onlineRate : operating.offlineRate;
  let gpus: number;
  let replicasForLoad: number;
  if (online) {
    replicasForLoad = Math.ceil((w.samplesPerSecond ?? 0) / perGpu);
    gpus = w.gpus ?? replicasForLoad + w.spareReplicas;
    if (gpus < replicasForLoad)
      return {
        ok: false,
        reason: `${w.name}: ${w.samplesPerSecond} samples/s needs ${replicasForLoad} GPUs at ${perGpu.toFixed(0)} samples/s each (batch ${operating.batch}, p${percentile} ${ms(operating.latencyS).toFixed(2)} ms), more than the ${gpus} given`,
        fix: `give the workload at least ${replicasForLoad} gpus, or leave gpus out to size it`,
        warnings,
      };
  } else {
    if (x.gpus === undefined)
      return {
        ok: false,
        reason: `${w.name}: an offline generic service runs on a given number of GPUs`,
        fix: 'give the workload samplesPerSecond (online), or gpus, or cluster.gpus',
        warnings,
      };
    gpus = x.gpus;
    replicasForLoad = gpus;
  }
  const samplesPerS = online ? (w.samplesPerSecond ?? 0) : gpus * perGpu;
  const loadFraction = online ? samplesPerS / (gpus * perGpu) : 1;
  const tflopsPerGpu = (perGpu * model.forwardFlopsPerSample) / 1e12;
  if (w.maxBatchSize === undefined)
    warnings.push(
      warning(
        'searched-settings',
        `${w.name}: chose batch ${operating.batch} of ${rows.length} tried up to ${maxBatch}${online && sloS !== undefined ? ` (the largest whose p${percentile} latency, ${ms(operating.latencyS).toFixed(2)} ms, meets ${w.slo?.latencyMs} ms)` : ''}; the batch is ${boundOf(operating.time)}-bound`,
      ),
    );
  const t = operating.time;
  return {
    ok: true,
    warnings,
    result: {
      mode: online ? 'online' : 'offline',
      gpus,
      replicas: gpus,
      replicasForLoad,
      precision: w.precision,
      family: model.family,
      forwardFlopsPerSample: model.forwardFlopsPerSample,
      batchSize: operating.batch,
      serviceTimeMs: ms(t.totalS),
      serviceTimeBreakdownMs: {
        computeMs: ms(t.computeS),
        weightsMs: ms(t.weightsS),
        activationsMs: ms(t.activationsS),
        embeddingsMs: ms(t.embeddingsS),
      },
      bound: boundOf(t),
      latencyMs: ms(operating.latencyS),
      percentile,
      ...(w.slo ? { sloLatencyMs: w.slo.latencyMs } : {}),
      samplesPerSPerGpu: perGpu,
      maxSamplesPerSPerGpu: best.offlineRate,
      samplesPerS,
      loadFraction,
      tflopsPerGpu,
      mfu: (tflopsPerGpu * 1e12) / peak,
      memoryPerGpuGB: servingMemoryGB(model, w.precision, operating.batch),
      memoryCapacityGB: capacity,
    },
  };
}

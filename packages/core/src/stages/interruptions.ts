// How failures interrupt a training job of a given size: the reliability model bound to the
// scenario's fleet and to the storage a cluster of that size gets. The workload stage sizes
// runs by it (deadlines); the reliability stage plans each run with it.
import { FACILITY } from '../catalog/facility.js';
import { clusterStorage } from '../cluster/plan-cluster.js';
import type { StoragePlan } from '../cluster/storage.js';
import { checkpointGBOf } from '../training/checkpoint-size.js';
import { planReliability, type ReliabilityResult } from '../reliability/plan-reliability.js';
import type { PlanContext } from './context.js';

export interface InterruptedJob {
  readonly gpus: number;
  readonly idealDays: number;
  readonly params: number;
  /** The checkpoint's size when it is not the LLM one for `params` (a generic network's). */
  readonly checkpointGB?: number;
}

export interface InterruptionModel {
  /** The job's interruptions on a cluster of `clusterGpus` (whose storage takes its checkpoints). */
  readonly of: (job: InterruptedJob, clusterGpus: number, monteCarlo: boolean) => ReliabilityResult;
  /** The shared storage of a cluster of `clusterGpus` (undefined with no server platform). */
  readonly storageFor: (clusterGpus: number) => StoragePlan | undefined;
  /** A job's wall days with expected interruptions on its own GPUs (deadline sizing). */
  readonly wallDays: (job: Omit<InterruptedJob, 'gpus' | 'idealDays'>) => WallDays;
}

export type WallDays = (gpus: number, idealDays: number) => number;

export function interruptionModel(ctx: PlanContext): InterruptionModel {
  const { scenario, gpu, server, gpusPerServer } = ctx;
  const r = scenario.reliability;
  const storageFor = (clusterGpus: number) =>
    server.ok && clusterGpus > 0 ? clusterStorage(scenario, clusterGpus, ctx.storage) : undefined;
  const of = (job: InterruptedJob, clusterGpus: number, monteCarlo: boolean) =>
    planReliability({
      gpus: job.gpus,
      gpusPerHost: gpu.gpusPerServer.value,
      gpusPerServer,
      scaleUpDomainGpus: gpu.scaleUpDomainGpus.value,
      idealHours: job.idealDays * 24,
      checkpointGB: job.checkpointGB ?? checkpointGBOf(job.params),
      // Checkpoints go to the storage planned for the cluster, at its write bandwidth.
      writeGBps:
        storageFor(clusterGpus)?.writeGBps ??
        r?.checkpointWriteGBps ??
        clusterGpus * FACILITY.storage.writeGBpsPerGpu.value[scenario.cluster.storagePerformance],
      intervalMin: r && r.checkpointIntervalMin !== 'auto' ? r.checkpointIntervalMin : undefined,
      checkpointSave: r?.checkpointSave,
      repairHours: r?.repairHours,
      restartMin: r?.restartMin,
      failuresPer1000NodeDays: r?.failuresPer1000NodeDays,
      failureShares: r?.failureShares,
      spareConfidence: r?.spareConfidence,
      seed: r?.seed,
      trials: r?.trials,
      monteCarlo,
    });
  // Sizing for a deadline: the storage such a cluster gets, no Monte Carlo.
  const wallDays =
    (job: Omit<InterruptedJob, 'gpus' | 'idealDays'>): WallDays =>
    (gpus, idealDays) =>
      of({ ...job, gpus, idealDays }, Math.max(scenario.cluster.gpus ?? 0, gpus), false).days;
  return { of, storageFor, wallDays };
}

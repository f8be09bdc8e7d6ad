// The workload stage: each training run and service on its GPUs (its own, its share of the
// cluster, or sized to its deadline or load), before failures are counted.
import { planInference } from '../inference/plan-inference.js';
import { llmModel } from './models.js';
import {
  isGenericInference,
  isGenericTraining,
  type InferenceWorkload,
  type TrainingWorkload,
  type Workload,
} from '../scenario/schema.js';
import { planTraining } from '../training/plan-training.js';
import { underWorkload, warning, type PlanWarning } from '../warnings.js';
import { workloadResult, type SteadyWorkloadPlan } from '../plan-types.js';
import type { PlanContext } from './context.js';
import { planGenericService, planGenericTrainingRun } from './generic-workloads.js';
import type { InterruptionModel } from './interruptions.js';
import { defaultShares, noGpusLeft, withinShare } from './shares.js';
import { serviceSizer, type ServiceSizer } from './service-sizer.js';
import { trainingMemo } from './training-memo.js';
import {
  fromOutcome,
  infeasible,
  type PlannedWorkload,
  type WorkloadSlot,
} from './workload-outcome.js';

export interface WorkloadStage {
  readonly workloads: readonly SteadyWorkloadPlan[];
  /** GPUs the cluster holds: the scenario's, or what the workloads need when more. */
  readonly clusterGpus: number;
  readonly warnings: readonly PlanWarning[];
}

export function planWorkloads(ctx: PlanContext, interruptions: InterruptionModel): WorkloadStage {
  const { scenario, gpusPerServer } = ctx;
  const sizer = serviceSizer(ctx);
  const shares = defaultShares(scenario, gpusPerServer, sizer.online, (w) =>
    sizer.generic(w, undefined),
  );
  const planned = scenario.workloads.map((w, index) =>
    planWorkload(ctx, w, { index, share: shares.get(index) }, interruptions, sizer),
  );
  const workloads = planned.map((p) => p.plan);
  const warnings = planned.flatMap((p) => p.warnings);
  const used = workloads.reduce((sum, w) => sum + (workloadResult(w)?.gpus ?? 0), 0);
  if (scenario.cluster.gpus !== undefined && used > scenario.cluster.gpus) {
    warnings.push(
      warning(
        'over-cluster-gpus',
        `the workloads use ${used} GPUs, more than the cluster's ${scenario.cluster.gpus}`,
        'cluster.gpus',
      ),
    );
  }
  return { workloads, clusterGpus: Math.max(scenario.cluster.gpus ?? 0, used), warnings };
}

function planWorkload(
  ctx: PlanContext,
  w: Workload,
  slot: WorkloadSlot,
  interruptions: InterruptionModel,
  sizer: ServiceSizer,
): PlannedWorkload {
  if (isGenericTraining(w)) return planGenericTrainingRun(ctx, w, slot, interruptions);
  if (isGenericInference(w)) return planGenericService(ctx, w, slot, sizer);
  const model = llmModel(ctx.catalogs, w);
  const base = {
    name: w.name,
    model: { name: model.name, params: model.params, activeParams: model.activeParams },
  };
  if (slot.share !== undefined && slot.share < 1)
    return { plan: infeasible({ ...base, type: w.type }, noGpusLeft(ctx.scenario)), warnings: [] };
  return w.type === 'inference'
    ? planService(ctx, w, slot, sizer, base)
    : planTrainingRun(ctx, w, slot, interruptions, base);
}

type Base = Pick<SteadyWorkloadPlan, 'name' | 'model'>;

function planService(
  ctx: PlanContext,
  w: InferenceWorkload,
  slot: WorkloadSlot,
  sizer: ServiceSizer,
  base: Base,
): PlannedWorkload {
  const outcome =
    w.gpus === undefined && w.requestsPerSecond !== undefined
      ? sizer.online(w)
      : planInference({
          workload: w,
          model: llmModel(ctx.catalogs, w),
          gpu: ctx.gpu,
          clusterGpus: slot.share ?? ctx.scenario.cluster.gpus,
        });
  const warnings = outcome.warnings.map((x) => underWorkload(x, slot.index));
  const typed = { ...base, type: 'inference' as const };
  return fromOutcome(
    typed,
    outcome,
    (inference) => ({ ...typed, kind: 'inference', inference }),
    warnings,
  );
}

function planTrainingRun(
  ctx: PlanContext,
  w: TrainingWorkload,
  slot: WorkloadSlot,
  interruptions: InterruptionModel,
  base: Base,
): PlannedWorkload {
  const { scenario, gpu, fabric, gpusPerServer } = ctx;
  const model = llmModel(ctx.catalogs, w);
  // Sized by the wall time including interruptions, with the storage such a cluster gets.
  const wallDays = interruptions.wallDays({ params: model.params });
  const trainOn = (gpus: number | undefined) =>
    trainingMemo(
      ctx.catalogs,
      JSON.stringify([w, scenario.cluster, scenario.reliability ?? null, gpus ?? null]),
      () => planTraining({ workload: w, model, gpu, fabric, gpus, wallDays }),
    );
  const warnings: PlanWarning[] = [];
  const share = w.gpus === undefined ? slot.share : undefined;
  const outcome = withinShare(
    trainOn(w.gpus ?? slot.share ?? scenario.cluster.gpus),
    trainOn,
    { name: w.name, index: slot.index, share, gpusPerServer },
    warnings,
  );
  warnings.push(...outcome.warnings.map((x) => underWorkload(x, slot.index)));
  const typed = { ...base, type: 'training' as const };
  return fromOutcome(
    typed,
    outcome,
    (training) => ({ ...typed, kind: 'training', training }),
    warnings,
  );
}

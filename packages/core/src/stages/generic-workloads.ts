// The workload stage for generic (non-LLM) networks: training runs by samples, and services by
// samples/s, on their GPUs, their share of the cluster, or sized to a deadline or a load.
import { genericCheckpointGB } from '../generic/generic-storage.js';
import { planGenericTraining } from '../generic/plan-generic-training.js';
import { sizeGenericForDeadline } from '../generic/size-for-deadline.js';
import type { GenericInferenceWorkload, GenericTrainingWorkload } from '../scenario/schema.js';
import { underWorkload, warning, type PlanWarning } from '../warnings.js';
import type { PlanContext } from './context.js';
import { genericModel } from './models.js';
import type { InterruptionModel } from './interruptions.js';
import type { ServiceSizer } from './service-sizer.js';
import { noGpusLeft, withinShare } from './shares.js';
import {
  fromOutcome,
  infeasible,
  type PlannedWorkload,
  type WorkloadSlot,
} from './workload-outcome.js';

function genericBase(ctx: PlanContext, w: GenericTrainingWorkload | GenericInferenceWorkload) {
  const model = genericModel(ctx.catalogs, w);
  return {
    name: w.name,
    type: w.type,
    model: {
      name: model.name,
      params: model.params,
      activeParams: model.params,
      kind: 'generic' as const,
    },
  };
}

/** A generic network's training run, on its GPUs or the share the others leave (the largest
 *  smaller count of whole servers its batch divides, when the share does not). */
export function planGenericTrainingRun(
  ctx: PlanContext,
  w: GenericTrainingWorkload,
  slot: WorkloadSlot,
  interruptions: InterruptionModel,
): PlannedWorkload {
  const model = genericModel(ctx.catalogs, w);
  const base = genericBase(ctx, w);
  const warnings: PlanWarning[] = [];
  if (slot.share !== undefined && slot.share < 1)
    return { plan: infeasible(base, noGpusLeft(ctx.scenario)), warnings };
  const trainOn = (gpus: number | undefined) =>
    planGenericTraining({ workload: w, model, gpu: ctx.gpu, fabric: ctx.fabric, gpus });
  let gpus = w.gpus ?? slot.share ?? ctx.scenario.cluster.gpus;
  if (gpus === undefined && w.deadlineDays !== undefined) {
    const wallDays = interruptions.wallDays({
      params: model.params,
      checkpointGB: genericCheckpointGB(model),
    });
    const sized = sizeGenericForDeadline(trainOn, w.deadlineDays, ctx.gpusPerServer, wallDays);
    if (sized) {
      gpus = sized.gpus;
      warnings.push(
        sized.meetsDeadline
          ? warning(
              'deadline-sized',
              `${w.name}: sized to ${gpus} GPUs to finish within ${w.deadlineDays} days, expected interruptions included`,
              `workloads[${slot.index}].deadlineDays`,
            )
          : warning(
              'deadline-unreachable',
              `${w.name}: no size up to 65,536 GPUs finishes within ${w.deadlineDays} days; the fastest, ${gpus} GPUs, takes ${sized.days.toFixed(3)} days (a larger globalBatchSamples allows more data parallelism)`,
              `workloads[${slot.index}].deadlineDays`,
            ),
      );
    }
  }
  const share = w.gpus === undefined ? slot.share : undefined;
  const outcome = withinShare(
    trainOn(gpus),
    trainOn,
    { name: w.name, index: slot.index, share, gpusPerServer: ctx.gpusPerServer },
    warnings,
  );
  warnings.push(...outcome.warnings.map((x) => underWorkload(x, slot.index)));
  return fromOutcome(
    base,
    outcome,
    (genericTraining) => ({ ...base, type: 'training', kind: 'generic-training', genericTraining }),
    warnings,
  );
}

/** A generic network's service: on its GPUs, its share, or sized to its samples/s. */
export function planGenericService(
  ctx: PlanContext,
  w: GenericInferenceWorkload,
  slot: WorkloadSlot,
  sizer: ServiceSizer,
): PlannedWorkload {
  const base = genericBase(ctx, w);
  if (slot.share !== undefined && slot.share < 1)
    return { plan: infeasible(base, noGpusLeft(ctx.scenario)), warnings: [] };
  const outcome = sizer.generic(w, w.gpus ?? slot.share ?? ctx.scenario.cluster.gpus);
  const warnings = outcome.warnings.map((x) => underWorkload(x, slot.index));
  return fromOutcome(
    base,
    outcome,
    (genericInference) => ({
      ...base,
      type: 'inference',
      kind: 'generic-inference',
      genericInference,
    }),
    warnings,
  );
}

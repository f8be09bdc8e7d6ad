// Services that size themselves to their load (requests/s, samples/s), planned once: the shares
// of the cluster and the workload stage both read the same sizing.
import {
  planGenericInference,
  type GenericInferenceOutcome,
} from '../generic/plan-generic-inference.js';
import { planInference } from '../inference/plan-inference.js';
import type { GenericInferenceWorkload, InferenceWorkload, Workload } from '../scenario/schema.js';
import { genericModel, llmModel } from './models.js';
import type { PlanContext } from './context.js';

export interface ServiceSizer {
  /** An LLM service sized to its requests/s. */
  readonly online: (w: InferenceWorkload) => ReturnType<typeof planInference>;
  /** A generic service on `gpus`, or sized to its samples/s when it has no `gpus`. */
  readonly generic: (
    w: GenericInferenceWorkload,
    gpus: number | undefined,
  ) => GenericInferenceOutcome;
}

export function serviceSizer(ctx: PlanContext): ServiceSizer {
  const online = new Map<Workload, ReturnType<typeof planInference>>();
  const generic = new Map<Workload, GenericInferenceOutcome>();
  return {
    online: (w) => {
      const known = online.get(w);
      if (known) return known;
      const outcome = planInference({
        workload: w,
        model: llmModel(ctx.catalogs, w),
        gpu: ctx.gpu,
        clusterGpus: undefined,
      });
      online.set(w, outcome);
      return outcome;
    },
    generic: (w, gpus) => {
      const byLoad = w.samplesPerSecond !== undefined && w.gpus === undefined;
      const known = byLoad ? generic.get(w) : undefined;
      if (known) return known;
      const model = genericModel(ctx.catalogs, w);
      const outcome = planGenericInference({ workload: w, model, gpu: ctx.gpu, gpus });
      if (byLoad) generic.set(w, outcome);
      return outcome;
    },
  };
}

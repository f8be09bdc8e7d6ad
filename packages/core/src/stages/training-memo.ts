// Training plans by their inputs: a training plan depends only on the workload, the cluster,
// reliability and the catalogs it read, so variants of a sweep that change the site or the money
// reuse it. Each catalogs object has its own cache: a caller's catalog may give a preset or GPU id
// other figures than the built-in one.
import type { Catalogs } from '../catalog/catalogs.js';
import type { planTraining } from '../training/plan-training.js';

type TrainingOutcome = ReturnType<typeof planTraining>;

/** The most recent 256 plans kept per catalogs (plans are immutable data). */
let caches = new WeakMap<Catalogs, Map<string, TrainingOutcome>>();

/** Forget the cached training plans (a benchmark times a plan from scratch with it). */
export function clearPlanCaches(): void {
  caches = new WeakMap();
}

export function trainingMemo(
  catalogs: Catalogs,
  key: string,
  compute: () => TrainingOutcome,
): TrainingOutcome {
  let trainingPlans = caches.get(catalogs);
  if (!trainingPlans) {
    trainingPlans = new Map();
    caches.set(catalogs, trainingPlans);
  }
  const hit = trainingPlans.get(key);
  if (hit) return hit;
  const value = compute();
  if (trainingPlans.size >= 256) {
    const oldest = trainingPlans.keys().next().value;
    if (oldest !== undefined) trainingPlans.delete(oldest);
  }
  trainingPlans.set(key, value);
  return value;
}

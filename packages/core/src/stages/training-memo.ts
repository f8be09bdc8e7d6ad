// Training plans by their inputs: a training plan depends only on the workload, the cluster and
// reliability, so variants of a sweep that change the site or the money reuse it.
import type { planTraining } from '../training/plan-training.js';

type TrainingOutcome = ReturnType<typeof planTraining>;

/** The most recent 256 plans kept (plans are immutable data). */
const trainingPlans = new Map<string, TrainingOutcome>();

/** Forget the cached training plans (a benchmark times a plan from scratch with it). */
export function clearPlanCaches(): void {
  trainingPlans.clear();
}

export function trainingMemo(key: string, compute: () => TrainingOutcome): TrainingOutcome {
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

// A workload stage's outcome as a workload plan: the variant of its result, or the infeasible one.
import type { SteadyWorkloadPlan, WorkloadPlanBase } from '../plan-types.js';
import type { PlanWarning } from '../warnings.js';

/** One workload as planned, and what the reader should know about it. */
export interface PlannedWorkload {
  readonly plan: SteadyWorkloadPlan;
  readonly warnings: readonly PlanWarning[];
}

/** A workload's place in the scenario and the GPUs the others leave it (when shared). */
export interface WorkloadSlot {
  readonly index: number;
  readonly share: number | undefined;
}

/** A workload that cannot be planned as given: why, and what would fix it. */
export function infeasible(
  base: WorkloadPlanBase,
  why: { readonly reason: string; readonly fix: string },
): SteadyWorkloadPlan {
  return { ...base, kind: 'infeasible', infeasible: why };
}

/** A planning outcome as a workload plan: its result in the variant `planned` makes of it, or
 *  the infeasible variant with the outcome's reason and fix; with the workload's warnings. */
export function fromOutcome<R>(
  base: WorkloadPlanBase,
  outcome:
    | { readonly ok: true; readonly result: R }
    | { readonly ok: false; readonly reason: string; readonly fix: string },
  planned: (result: R) => SteadyWorkloadPlan,
  warnings: readonly PlanWarning[],
): PlannedWorkload {
  const plan = outcome.ok
    ? planned(outcome.result)
    : infeasible(base, { reason: outcome.reason, fix: outcome.fix });
  return { plan, warnings };
}

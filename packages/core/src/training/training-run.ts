// What the workload stage reports for every training run, an LLM's or a generic model's: how
// long it runs at steady speed; and the outcome of planning one (a result, or why not). The
// later stages' figures (interruptions, energy, cost) are theirs: plan-types.ts composes them.
import type { PlanWarning } from '../warnings.js';

export interface TrainingRunTotals {
  readonly steps: number;
  readonly idealDays: number;
  readonly idealGpuHours: number;
}

/** A planned run, or why it cannot run and what would fix it; warnings either way. */
export type PlanningOutcome<R> =
  | {
      readonly ok: true;
      readonly result: R;
      readonly warnings: readonly PlanWarning[];
    }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly fix: string;
      readonly warnings: readonly PlanWarning[];
    };

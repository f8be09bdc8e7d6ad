// What every planned training run reports, an LLM's or a generic model's: how long it runs
// (ideal, then with expected interruptions), its reliability, and its energy, carbon and cost
// once those stages fill them in; and the outcome of planning one (a result, or why not).
import type { ReliabilityResult } from '../reliability/plan-reliability.js';
import type { PlanWarning } from '../warnings.js';

export interface TrainingRunTotals {
  readonly steps: number;
  readonly idealDays: number;
  readonly idealGpuHours: number;
  /** Wall-clock days including expected interruptions (= idealDays until reliability is planned). */
  readonly days: number;
  readonly gpuHours: number;
  readonly reliability?: ReliabilityResult;
  /** Facility energy of the run (IT x PUE), expected draw; MWh. */
  readonly energyMWh?: number;
  readonly itEnergyMWh?: number;
  /** GPUs x TDP x hours x PUE: the upper bound published run reports use. */
  readonly nameplateEnergyMWh?: number;
  readonly kWhPerGpuHour?: number;
  /** Location-based operational emissions of the run. */
  readonly tCO2e?: number;
  /** Net of the site's renewable share. */
  readonly tCO2eMarket?: number;
  /** GPU-hours at the cluster's cost per GPU-hour. */
  readonly costUsd?: number;
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

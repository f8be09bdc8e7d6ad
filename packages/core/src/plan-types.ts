// The plan's types (interface.md §5): what core returns and every shell renders or stores.
import type { ClusterBuild } from './cluster/plan-cluster.js';
import type { FacilityPlan } from './facility/plan-facility.js';
import type { Assumption } from './catalog/assumption.js';
import type { CarbonPlan } from './carbon/carbon-plan.js';
import type { CostPlan } from './economics/cost-plan.js';
import type { GenericInferenceResult } from './generic/plan-generic-inference.js';
import type { GenericTrainingResult } from './generic/plan-generic-training.js';
import type { InferenceResult } from './inference/plan-inference.js';
import type { Scenario } from './scenario/schema.js';
import type { SiteComparison } from './sites/compare-sites.js';
import type { TrainingResult } from './training/plan-training.js';
import type { PlanWarning } from './warnings.js';

export const AIDC_VERSION = '0.1.0';

/** The plan JSON's contract version (interface.md §5): bumped when a field changes meaning or
 *  goes away; new optional fields keep it. */
export const PLAN_SCHEMA_VERSION = '0.2' as const;

export interface WorkloadPlan {
  readonly name: string;
  readonly type: 'training' | 'inference';
  readonly model: {
    readonly name: string;
    readonly params: number;
    readonly activeParams: number;
    /** `generic`: a non-LLM network planned by samples (its result is `genericTraining`). */
    readonly kind?: 'generic';
  };
  readonly training?: TrainingResult;
  /** A generic (non-LLM) network's training: layout, step, samples/s, memory, days. */
  readonly genericTraining?: GenericTrainingResult;
  readonly inference?: InferenceResult;
  /** A generic (non-LLM) network's serving: batch, latency, samples/s, GPUs. */
  readonly genericInference?: GenericInferenceResult;
  readonly infeasible?: { readonly reason: string; readonly fix: string };
}

/** The counts every plan has, and the build when a server platform is known. */
export type PlanCluster = {
  readonly gpu: string;
  readonly gpus: number;
  readonly servers: number;
  readonly gpusPerServer: number;
} & Partial<ClusterBuild>;

export interface Plan {
  readonly schemaVersion: typeof PLAN_SCHEMA_VERSION;
  readonly aidcVersion: string;
  readonly scenario: Scenario;
  readonly workloads: readonly WorkloadPlan[];
  readonly cluster: PlanCluster;
  /** The building: power, cooling, redundancy, floor (absent when no server platform is known). */
  readonly facility?: FacilityPlan;
  readonly cost?: CostPlan;
  readonly carbon?: CarbonPlan;
  /** Candidate sites ranked (when the scenario lists `sites`). */
  readonly sites?: SiteComparison;
  /** Defaults and catalog figures the energy, carbon and cost figures rest on. */
  readonly assumptions?: readonly Assumption[];
  readonly feasible: boolean;
  /** What the reader should know: each with a code, a severity and the key it concerns. */
  readonly warnings: readonly PlanWarning[];
}

/** A workload's planned run or service, whichever kind it is (undefined when infeasible). */
export function workloadResult(
  w: WorkloadPlan,
): TrainingResult | GenericTrainingResult | InferenceResult | GenericInferenceResult | undefined {
  return w.training ?? w.genericTraining ?? w.inference ?? w.genericInference;
}

// The plan's types (interface.md §5): what core returns and every shell renders or stores.
import type { ClusterBuild } from './cluster/plan-cluster.js';
import type { FacilityPlan } from './facility/plan-facility.js';
import type { Assumption } from './catalog/assumption.js';
import type { CarbonPlan } from './carbon/carbon-plan.js';
import type { CostPlan } from './economics/cost-plan.js';
import type { GenericInferenceResult } from './generic/plan-generic-inference.js';
import type {
  ReliabilityResult,
  ServiceReliabilityResult,
} from './reliability/plan-reliability.js';
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

/** What the reliability stage adds to a training run: its wall-clock days and GPU-hours with
 *  the expected interruptions and restarts (the workload stage's are `idealDays` and
 *  `idealGpuHours`, at steady speed), and the interruptions, goodput and checkpointing behind
 *  them. */
export interface RunAfterFailures {
  readonly days: number;
  readonly gpuHours: number;
  readonly reliability: ReliabilityResult;
}

/** What the energy, carbon and economics stages add to a training run. */
export interface RunFootprint {
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

/** What the reliability stage adds to a service: failures, restarts and the hot spares that
 *  hold the replica count. */
export interface ServiceAfterFailures {
  readonly reliability?: ServiceReliabilityResult;
}

/** What the energy, carbon and economics stages add to a service: a year at its operating point. */
export interface ServiceYear {
  readonly energyMWhPerYear?: number;
  readonly tCO2ePerYear?: number;
}

/** A training run as the plan reports it: the workload stage's, then the later stages'. */
export type PlannedTraining = TrainingResult & RunAfterFailures & RunFootprint;
export type PlannedGenericTraining = GenericTrainingResult & RunAfterFailures & RunFootprint;
/** A service as the plan reports it, with its cost per million output tokens (or samples). */
export type PlannedInference = InferenceResult &
  ServiceAfterFailures &
  ServiceYear & {
    readonly kWhPerMillionOutputTokens?: number;
    readonly usdPerMillionOutputTokens?: number;
  };
export type PlannedGenericInference = GenericInferenceResult &
  ServiceAfterFailures &
  ServiceYear & {
    readonly kWhPerMillionSamples?: number;
    readonly usdPerMillionSamples?: number;
  };

/** What every workload plan says: its name, whether it trains or serves, and its model. */
export interface WorkloadPlanBase {
  readonly name: string;
  readonly type: 'training' | 'inference';
  readonly model: {
    readonly name: string;
    readonly params: number;
    readonly activeParams: number;
    /** `generic`: a non-LLM network planned by samples (its result is `genericTraining`). */
    readonly kind?: 'generic';
  };
}

/** The result fields a variant does not have (absent from its JSON). */
interface NoResult {
  readonly training?: never;
  readonly genericTraining?: never;
  readonly inference?: never;
  readonly genericInference?: never;
  readonly infeasible?: never;
}

/** The kinds of workload plan: each names the one result field it carries. */
export const WORKLOAD_PLAN_KINDS = [
  'training',
  'generic-training',
  'inference',
  'generic-inference',
  'infeasible',
] as const;
export type WorkloadPlanKind = (typeof WORKLOAD_PLAN_KINDS)[number];

/** An LLM training run as planned (`T`: as the workload stage or as the plan reports it). */
export interface TrainingWorkloadPlan<T extends TrainingResult = PlannedTraining>
  extends WorkloadPlanBase, Omit<NoResult, 'training'> {
  readonly kind: 'training';
  readonly type: 'training';
  readonly training: T;
}
/** A generic (non-LLM) network's training: layout, step, samples/s, memory, days. */
export interface GenericTrainingWorkloadPlan<
  G extends GenericTrainingResult = PlannedGenericTraining,
>
  extends WorkloadPlanBase, Omit<NoResult, 'genericTraining'> {
  readonly kind: 'generic-training';
  readonly type: 'training';
  readonly genericTraining: G;
}
/** An LLM service as planned. */
export interface InferenceWorkloadPlan extends WorkloadPlanBase, Omit<NoResult, 'inference'> {
  readonly kind: 'inference';
  readonly type: 'inference';
  readonly inference: PlannedInference;
}
/** A generic (non-LLM) network's serving: batch, latency, samples/s, GPUs. */
export interface GenericInferenceWorkloadPlan
  extends WorkloadPlanBase, Omit<NoResult, 'genericInference'> {
  readonly kind: 'generic-inference';
  readonly type: 'inference';
  readonly genericInference: PlannedGenericInference;
}
/** A workload that cannot be planned as given: why, and what would fix it. */
export interface InfeasibleWorkloadPlan extends WorkloadPlanBase, Omit<NoResult, 'infeasible'> {
  readonly kind: 'infeasible';
  readonly infeasible: { readonly reason: string; readonly fix: string };
}

/** A workload as planned: one variant per kind (`kind` tells which result field it carries). */
export type WorkloadPlan =
  | TrainingWorkloadPlan
  | GenericTrainingWorkloadPlan
  | InferenceWorkloadPlan
  | GenericInferenceWorkloadPlan
  | InfeasibleWorkloadPlan;

/** A workload as the workload stage plans it, before the reliability stage: its training runs
 *  at steady speed (`idealDays`), without the interruptions' `days` and `reliability`. */
export type SteadyWorkloadPlan =
  | TrainingWorkloadPlan<TrainingResult>
  | GenericTrainingWorkloadPlan<GenericTrainingResult>
  | InferenceWorkloadPlan
  | GenericInferenceWorkloadPlan
  | InfeasibleWorkloadPlan;

/** The counts every plan has. */
export interface ClusterCounts {
  readonly gpu: string;
  readonly gpus: number;
  readonly servers: number;
  readonly gpusPerServer: number;
}

/** What every plan says: the scenario, each workload, whether all are feasible, the warnings. */
interface PlanHead {
  readonly schemaVersion: typeof PLAN_SCHEMA_VERSION;
  readonly aidcVersion: string;
  readonly scenario: Scenario;
  readonly workloads: readonly WorkloadPlan[];
  readonly feasible: boolean;
  /** What the reader should know: each with a code, a severity and the key it concerns. */
  readonly warnings: readonly PlanWarning[];
}

/** A plan whose cluster could be built: servers, racks and networks, the building, energy,
 *  carbon and cost. */
export interface BuiltPlan extends PlanHead {
  readonly built: true;
  readonly cluster: ClusterCounts & ClusterBuild;
  /** The building: power, cooling, redundancy, floor. */
  readonly facility: FacilityPlan;
  readonly cost: CostPlan;
  readonly carbon: CarbonPlan;
  /** Candidate sites ranked (when the scenario lists `sites`). */
  readonly sites?: SiteComparison;
  /** Defaults and catalog figures the energy, carbon and cost figures rest on. */
  readonly assumptions: readonly Assumption[];
}

/** A plan with no cluster to build (no server platform for the GPU, or no workload left with
 *  GPUs): the workloads and the counts, and a `cluster-not-built` warning saying why. */
export interface UnbuiltPlan extends PlanHead {
  readonly built: false;
  readonly cluster: ClusterCounts & {
    readonly [K in Exclude<keyof ClusterBuild, keyof ClusterCounts>]?: never;
  };
  readonly facility?: never;
  readonly cost?: never;
  readonly carbon?: never;
  readonly sites?: never;
  readonly assumptions?: never;
}

/** A plan: built (`built: true`, every stage's figures) or not (`built: false`, why in its
 *  warnings). */
export type Plan = BuiltPlan | UnbuiltPlan;

/** A workload's planned run or service, whichever kind it is (undefined when infeasible). */
export function workloadResult(
  w: SteadyWorkloadPlan,
): TrainingResult | GenericTrainingResult | InferenceResult | GenericInferenceResult | undefined {
  return w.training ?? w.genericTraining ?? w.inference ?? w.genericInference;
}

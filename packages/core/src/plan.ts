// The planning pipeline: a validated scenario in, a plan (plain data) out. planScenario reads
// as the stages of architecture.md: workloads → reliability → cluster and facility → energy,
// carbon and economics → sites; each stage returns its own result and never edits an earlier.
import { BUILT_IN_CATALOGS, type Catalogs } from './catalog/catalogs.js';
import type { SimulatedUtilization } from './economics/utilization.js';
import { planFootprint, type Footprint } from './economics/plan-footprint.js';
import { AIDC_VERSION, PLAN_SCHEMA_VERSION, type Plan, type WorkloadPlan } from './plan-types.js';
import type { Scenario } from './scenario/schema.js';
import type { BuildStage } from './stages/build.js';
import { planBuild } from './stages/build.js';
import { planContext, type PlanContext } from './stages/context.js';
import { interruptionModel } from './stages/interruptions.js';
import { planWorkloadReliability } from './stages/reliability.js';
import { planSites } from './stages/sites.js';
import { withWorkloadFootprints } from './stages/workload-footprint.js';
import { planWorkloads } from './stages/workloads.js';

export {
  AIDC_VERSION,
  PLAN_SCHEMA_VERSION,
  type BuiltPlan,
  type Plan,
  type PlannedGenericInference,
  type PlannedGenericTraining,
  type PlannedInference,
  type PlannedTraining,
  type UnbuiltPlan,
  type WorkloadPlan,
} from './plan-types.js';
export { clearPlanCaches } from './stages/training-memo.js';
export { resolveModel } from './training/model-shape.js';

export interface PlanOptions {
  /** Run the Monte Carlo simulations (finish time, NPV/TCO); default true. */
  readonly monteCarlo?: boolean;
  /** For economics.utilization: simulated, the utilisation a simulation of this scenario
   *  measured (core cannot simulate: the shells run packages/sim and plan again with it). */
  readonly simulatedUtilization?: SimulatedUtilization;
}

/**
 * Plan a validated scenario (from parseScenario) with the catalogs given, the built-in ones by
 * default (`extendCatalogs` adds a caller's own GPUs, servers, models, sites and prices). Pure:
 * same scenario and catalogs, same plan.
 *
 * @example planScenario(scenario) // the built-in catalogs
 * @example planScenario(scenario, catalogs, { monteCarlo: false })
 */
export function planScenario(scenario: Scenario, options?: PlanOptions): Plan;
export function planScenario(scenario: Scenario, catalogs: Catalogs, options?: PlanOptions): Plan;
export function planScenario(
  scenario: Scenario,
  second?: Catalogs | PlanOptions,
  third?: PlanOptions,
): Plan {
  const catalogs = isCatalogs(second) ? second : BUILT_IN_CATALOGS;
  const options = (isCatalogs(second) ? third : second) ?? {};
  const monteCarlo = options.monteCarlo ?? true;
  const ctx = planContext(scenario, catalogs);
  const interruptions = interruptionModel(ctx);
  const demand = planWorkloads(ctx, interruptions);
  const gpus = demand.clusterGpus;
  const reliable = planWorkloadReliability(ctx, demand.workloads, gpus, interruptions, monteCarlo);
  const build = planBuild(ctx, gpus, reliable.workloads, reliable.spareHosts, interruptions);
  const feasible = demand.workloads.every((w) => w.infeasible === undefined);
  const version = { schemaVersion: PLAN_SCHEMA_VERSION, aidcVersion: AIDC_VERSION };
  const warnings = [...demand.warnings, ...reliable.warnings, ...build.warnings];
  if (!build.ok) {
    const gpusPerServer = ctx.gpusPerServer;
    return {
      ...version,
      built: false,
      scenario,
      workloads: reliable.workloads,
      feasible,
      warnings,
      cluster: { gpu: ctx.gpu.id, gpus, servers: Math.ceil(gpus / gpusPerServer), gpusPerServer },
    };
  }
  const footprint = planFootprintOf(ctx, gpus, build, reliable.workloads, monteCarlo, options);
  const sites = planSites(ctx, gpus, build.cluster, build.facility, options.simulatedUtilization);
  return {
    ...version,
    built: true,
    scenario,
    workloads: withWorkloadFootprints(reliable.workloads, footprint),
    feasible,
    warnings: [...warnings, ...footprint.warnings, ...sites.warnings],
    cluster: { gpu: ctx.gpu.id, gpus, ...build.cluster },
    facility: build.checkedFacility,
    cost: footprint.cost,
    carbon: footprint.carbon,
    ...(sites.sites ? { sites: sites.sites } : {}),
    assumptions: footprint.assumptions,
  };
}

function isCatalogs(x: Catalogs | PlanOptions | undefined): x is Catalogs {
  return x !== undefined && 'gpus' in x && Array.isArray(x.gpus);
}

/** The energy, carbon and economics stages for the built cluster. */
function planFootprintOf(
  ctx: PlanContext,
  gpus: number,
  build: Extract<BuildStage, { ok: true }>,
  workloads: readonly WorkloadPlan[],
  monteCarlo: boolean,
  options: PlanOptions,
): Footprint {
  return planFootprint({
    scenario: ctx.scenario,
    catalogs: ctx.catalogs,
    gpu: ctx.gpu,
    gpus,
    cluster: build.cluster,
    facility: build.facility,
    monteCarlo,
    ...(options.simulatedUtilization ? { simulatedUtilization: options.simulatedUtilization } : {}),
    failureDowntime: failureDowntime(workloads),
  });
}

/** The share of GPU time failures take: a training run's lost goodput, a service's restarts
 *  (the worst workload's). */
function failureDowntime(workloads: readonly WorkloadPlan[]): number {
  return Math.max(
    0,
    ...workloads.map((w) => {
      const run = w.training ?? w.genericTraining;
      return run?.reliability
        ? 1 - run.reliability.goodput
        : (w.inference?.reliability?.downtimeFraction ??
            w.genericInference?.reliability?.downtimeFraction ??
            0);
    }),
  );
}

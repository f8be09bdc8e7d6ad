// The cluster and facility stages: the servers, racks, networks and storage for the GPUs the
// workloads need, the building around them, and the building checked against how the cluster
// runs (the largest training job's power swing, the tier's value beside failures' cost).
import { findServer } from '../catalog/servers.js';
import { FACILITY } from '../catalog/facility.js';
import { planCluster, type ClusterBuild, type WorkloadFootprint } from '../cluster/plan-cluster.js';
import { facilityChecks } from '../facility/operating-checks.js';
import { planFacility, type FacilityPlan } from '../facility/plan-facility.js';
import { workloadResult, type WorkloadPlan } from '../plan-types.js';
import { warning, type PlanWarning } from '../warnings.js';
import type { PlanContext } from './context.js';
import type { InterruptionModel } from './interruptions.js';

export type BuildStage =
  | {
      readonly ok: true;
      readonly cluster: ClusterBuild;
      /** The building as designed for the cluster's load. */
      readonly facility: FacilityPlan;
      /** The same with the largest training job's power swing (what the plan shows). */
      readonly checkedFacility: FacilityPlan;
      readonly warnings: readonly PlanWarning[];
    }
  | { readonly ok: false; readonly warnings: readonly PlanWarning[] };

export function planBuild(
  ctx: PlanContext,
  gpus: number,
  workloads: readonly WorkloadPlan[],
  spareHosts: number,
  interruptions: InterruptionModel,
): BuildStage {
  if (gpus <= 0) {
    const why =
      'no workload was given GPUs (each is infeasible: see its reason and fix); servers, racks, network, power and cooling are left out';
    return { ok: false, warnings: [warning('cluster-not-built', why, 'workloads')] };
  }
  const footprints = workloads.flatMap((w): WorkloadFootprint[] => {
    const result = workloadResult(w);
    return result ? [{ type: w.type, gpus: result.gpus }] : [];
  });
  // Storage does not depend on the servers: planned once, for the checkpoint write bandwidth.
  const storagePlan = interruptions.storageFor(gpus);
  const built = planCluster({
    scenario: ctx.scenario,
    catalogs: ctx.catalogs,
    gpu: ctx.gpu,
    gpus,
    workloads: footprints,
    storage: ctx.storage,
    spareHosts,
    ...(storagePlan ? { storagePlan } : {}),
  });
  if (!built.ok)
    return { ok: false, warnings: [warning('cluster-not-built', built.reason, 'cluster.gpu')] };
  const { facility, warnings } = planFacility({
    scenario: ctx.scenario,
    fac: FACILITY,
    regions: ctx.catalogs.regions,
    ...built.load,
  });
  const checks = facilityChecks(
    facility,
    workloads.flatMap((w) => {
      const run = w.training ?? w.genericTraining;
      return run?.reliability ? [{ gpus: run.gpus, ...run.reliability }] : [];
    }),
    findServer(built.cluster.server, ctx.catalogs.servers)?.maxPowerKW.value ?? 0,
    built.cluster.gpusPerServer,
  );
  return {
    ok: true,
    cluster: built.cluster,
    facility,
    checkedFacility: checks.powerSwing ? { ...facility, powerSwing: checks.powerSwing } : facility,
    warnings: [...built.warnings, ...warnings, ...checks.warnings],
  };
}

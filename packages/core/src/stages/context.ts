// What every stage reads besides the scenario: its catalog entries resolved once.
import { BUILT_IN_CATALOGS, type Catalogs } from '../catalog/catalogs.js';
import { findFabric, type Fabric } from '../catalog/fabrics.js';
import { resolveGpu, type Gpu } from '../catalog/gpus.js';
import { clusterServer } from '../cluster/plan-cluster.js';
import type { StorageDemand } from '../cluster/storage.js';
import type { Scenario } from '../scenario/schema.js';
import { storageDemand } from './storage-demand.js';

export interface PlanContext {
  readonly scenario: Scenario;
  /** The catalogs every lookup reads (planScenario's argument, the built-in ones by default). */
  readonly catalogs: Catalogs;
  readonly gpu: Gpu;
  readonly fabric: Fabric | undefined;
  /** The cluster's server platform, or why none is known for the GPU. */
  readonly server: ReturnType<typeof clusterServer>;
  /** GPUs in one of the cluster's servers (the scenario's, else the GPU's platform). */
  readonly gpusPerServer: number;
  /** What the workloads keep on storage: checkpoints, datasets, served artefacts. */
  readonly storage: Omit<StorageDemand, 'gpus'>;
}

/** Resolve a validated scenario's GPU, fabric and server once for the stages. */
export function planContext(
  scenario: Scenario,
  catalogs: Catalogs = BUILT_IN_CATALOGS,
): PlanContext {
  const gpu = resolveGpu(scenario.cluster.gpu, catalogs.gpus);
  if (!gpu)
    throw new Error(`unknown GPU ${String(scenario.cluster.gpu)} (validate the scenario first)`);
  return {
    scenario,
    catalogs,
    gpu,
    fabric:
      scenario.cluster.fabric !== undefined
        ? findFabric(scenario.cluster.fabric, catalogs.fabrics)
        : undefined,
    server: clusterServer(scenario, gpu, catalogs),
    gpusPerServer: scenario.cluster.gpusPerServer ?? gpu.gpusPerServer.value,
    storage: storageDemand(scenario, catalogs),
  };
}

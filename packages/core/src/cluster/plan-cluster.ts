// From GPUs to a cluster: servers, racks, the compute/storage/management networks and storage
// for the GPUs the workloads need, and the load (power, cooling, racks) the building must carry.
import { FACILITY, type FacilityCatalog } from '../catalog/facility.js';
import type { Catalogs } from '../catalog/catalogs.js';
import type { Gpu } from '../catalog/gpus.js';
import { serverForGpu, findServer, isPlannable, type PlannableServer } from '../catalog/servers.js';
import { STORAGE_APPLIANCES, STORAGE_CAPACITY } from '../catalog/storage.js';
import type { Scenario } from '../scenario/schema.js';
import type { PlanWarning } from '../warnings.js';
import {
  computeFabric,
  inbandNetworkOf,
  managementNetworkOf,
  storageNetworkOf,
} from './cluster-networks.js';
import type { NetworkPlan } from './network-plan.js';
import { placeSpares } from './spare-placement.js';
import { rackDensity, USABLE_RACK_UNITS } from './racks.js';
import { planStorage, type StorageDemand, type StoragePlan } from './storage.js';

export type { NetworkPlan } from './network-plan.js';

/** What the cluster asks of the building: its cooling, rack density and IT load. */
export interface FacilityLoad {
  readonly cooling: 'air' | 'liquid';
  readonly rackLimitKW: number;
  readonly racks: number;
  readonly serverNameplateKW: number;
  readonly expectedServerKW: number;
  readonly networkKW: number;
  readonly storageKW: number;
}

export interface WorkloadFootprint {
  readonly type: 'training' | 'inference';
  readonly gpus: number;
}

export interface ClusterBuild {
  readonly server: string;
  /** What one built unit is: a server, or a rack-scale system (GB200 NVL72) of compute trays. */
  readonly unit: 'server' | 'rack';
  /** Units (servers, or racks of a rack-scale system) for the workloads plus whole spare units. */
  readonly servers: number;
  readonly spareServers: number;
  /** Hot spares in the unit a failure takes out (servers, or compute trays). */
  readonly spareHosts: number;
  /** Spare hosts left free inside the workloads' units (trays of a partly used rack). */
  readonly spareHostsInServers: number;
  /** Hosts (compute trays) per unit: 1 for servers, 18 for a GB200 NVL72 rack. */
  readonly hostsPerServer: number;
  readonly gpusPerServer: number;
  readonly scaleUpDomains: number;
  /** All racks: compute, network and storage. */
  readonly racks: number;
  readonly rackDetail: {
    readonly compute: number;
    readonly network: number;
    readonly storage: number;
    readonly total: number;
    readonly rows: number;
    readonly serversPerRack: number;
    readonly limitedBy: string;
    readonly computeRackKW: number;
  };
  readonly fabric?: NetworkPlan;
  readonly storageNetwork?: NetworkPlan;
  /** In-band management Ethernet: one port per server (SuperPOD: SN4600C leaves and spines). */
  readonly inbandNetwork?: NetworkPlan;
  readonly managementNetwork: {
    readonly switch: string;
    readonly switches: number;
    readonly ports: number;
  };
  readonly storage: StoragePlan;
}

export type ClusterOutcome =
  | { ok: true; cluster: ClusterBuild; load: FacilityLoad; warnings: PlanWarning[] }
  | { ok: false; reason: string; warnings: PlanWarning[] };

export interface ClusterInput {
  readonly scenario: Scenario;
  readonly gpu: Gpu;
  readonly gpus: number;
  readonly workloads: readonly WorkloadFootprint[];
  readonly storage: Omit<StorageDemand, 'gpus'>;
  /** Hot spares kept powered and idle next to the job, in the unit a failure takes out (a DGX
   *  server, a GB200 compute tray), from the reliability plan. */
  readonly spareHosts?: number;
  /** The storage plan when already made (it does not depend on the servers). */
  readonly storagePlan?: StoragePlan;
  readonly facility?: FacilityCatalog;
  readonly catalogs: Catalogs;
}

/** The platform the cluster is built from, or why none can be planned. */
export function clusterServer(
  scenario: Scenario,
  gpu: Gpu,
  catalogs: Catalogs,
): { ok: true; server: PlannableServer } | { ok: false; reason: string } {
  const c = scenario.cluster;
  const servers = catalogs.servers;
  const server =
    c.server !== undefined
      ? findServer(c.server, servers)
      : serverForGpu(gpu.id, gpu.usualServer?.value, servers);
  if (!server) {
    return {
      ok: false,
      reason: `no server platform for ${gpu.id} in the catalog (\`aidc catalog servers\`); servers, racks, network, power and cooling are left out`,
    };
  }
  if (!isPlannable(server)) {
    return {
      ok: false,
      reason: `${server.name} has no published power or height figures; racks, network, power and cooling are left out`,
    };
  }
  return { ok: true, server };
}

/** Shared storage for the workloads' demand at the scenario's performance level. */
export function clusterStorage(
  scenario: Scenario,
  gpus: number,
  demand: Omit<StorageDemand, 'gpus'>,
  fac: FacilityCatalog = FACILITY,
): StoragePlan {
  const level = scenario.cluster.storagePerformance;
  const appliance = STORAGE_APPLIANCES[0];
  if (!appliance) throw new Error('the storage catalog is empty');
  const b = scenario.cluster.backup;
  return planStorage(
    { ...demand, gpus },
    {
      readGBpsPerGpu: fac.storage.readGBpsPerGpu.value[level],
      writeGBpsPerGpu: fac.storage.writeGBpsPerGpu.value[level],
      writeGBps: scenario.reliability?.checkpointWriteGBps,
      sustainedWriteFraction: fac.checkpoint.sustainedWriteFraction.value,
      onlineTBPerGpu: scenario.cluster.storageTBPerGpu ?? STORAGE_CAPACITY.onlineTBPerGpu.value,
      backup: {
        rpoHours: b?.rpoHours ?? STORAGE_CAPACITY.backupRpoHours.value,
        retentionDays: b?.retentionDays ?? STORAGE_CAPACITY.backupRetentionDays.value,
        rtoHours: b?.rtoHours ?? STORAGE_CAPACITY.backupRtoHours.value,
        secondSite: b?.secondSite ?? false,
      },
    },
    appliance,
  );
}

export function planCluster(input: ClusterInput): ClusterOutcome {
  const fac = input.facility ?? FACILITY;
  const { scenario, gpu } = input;
  const c = scenario.cluster;
  const resolved = clusterServer(scenario, gpu, input.catalogs);
  if (!resolved.ok) return { ok: false, reason: resolved.reason, warnings: [] };
  const server = resolved.server;
  const gpusPerServer = c.gpusPerServer ?? server.gpusPerServer.value;
  const spares = placeSpares({
    gpus: input.gpus,
    gpusPerServer,
    gpusPerHost: Math.min(gpusPerServer, gpu.gpusPerServer.value),
    spareHosts: input.spareHosts ?? 0,
  });
  const { spareServers, workloadServers } = spares;
  const servers = workloadServers + spareServers;
  const unit: 'server' | 'rack' = server.formFactor === 'rack' ? 'rack' : 'server';
  const density = rackDensity(server, c, fac);
  const compute = computeFabric({
    cluster: c,
    server,
    fabrics: input.catalogs.fabrics,
    workloadServers,
    spareServers,
    unit,
  });
  const fabric = compute.fabric;
  const storage = input.storagePlan ?? clusterStorage(scenario, input.gpus, input.storage, fac);
  const appliance = STORAGE_APPLIANCES.find((a) => a.id === storage.appliance);
  if (!appliance) throw new Error(`storage appliance ${storage.appliance} is not in the catalog`);

  const storageNetwork = storageNetworkOf(server, servers, storage, appliance);
  const inbandNetwork = inbandNetworkOf(servers);
  const networks = [fabric, storageNetwork, inbandNetwork];
  const management = managementNetworkOf(
    server,
    servers,
    networks.reduce((n, net) => n + (net?.switchCount ?? 0), 0),
    storage.appliances,
  );
  const managementNetwork = management.network;
  const networkRU =
    networks.reduce((n, net) => n + (net?.rackUnits ?? 0), 0) + management.rackUnits;
  const networkRacks = Math.ceil(networkRU / USABLE_RACK_UNITS);
  const storageRacks = Math.ceil(storage.rackUnits / USABLE_RACK_UNITS);
  const computeRacks = Math.ceil(servers / density.fit.serversPerRack);
  const rackDetail = {
    compute: computeRacks,
    network: networkRacks,
    storage: storageRacks,
    total: computeRacks + networkRacks + storageRacks,
    rows: Math.ceil((computeRacks + networkRacks + storageRacks) / fac.floor.racksPerRow.value),
    serversPerRack: density.fit.serversPerRack,
    limitedBy: density.fit.limitedBy,
    computeRackKW: density.fit.rackKW,
  };

  const load: FacilityLoad = {
    cooling: density.cooling,
    rackLimitKW: density.rackLimitKW,
    racks: rackDetail.total,
    serverNameplateKW: servers * server.maxPowerKW.value,
    expectedServerKW: expectedServerKW(input, server.maxPowerKW.value, gpusPerServer, fac),
    networkKW: networks.reduce((n, net) => n + (net?.powerKW ?? 0), 0) + management.powerKW,
    storageKW: storage.powerKW,
  };
  return {
    ok: true,
    cluster: {
      server: server.id,
      unit,
      servers,
      spareServers,
      spareHosts: spares.spareHosts,
      spareHostsInServers: spares.spareHostsInServers,
      hostsPerServer: spares.hostsPerServer,
      gpusPerServer,
      scaleUpDomains: Math.ceil(input.gpus / gpu.scaleUpDomainGpus.value),
      racks: rackDetail.total,
      rackDetail,
      ...(fabric ? { fabric } : {}),
      ...(storageNetwork ? { storageNetwork } : {}),
      ...(inbandNetwork ? { inbandNetwork } : {}),
      managementNetwork,
      storage,
    },
    load,
    warnings: [...density.warnings, ...compute.warnings],
  };
}

/** Each server at its workload's load factor; the servers no workload uses idle. */
function expectedServerKW(
  input: ClusterInput,
  serverKW: number,
  gpusPerServer: number,
  fac: FacilityCatalog,
): number {
  const lf = fac.itLoadFactor;
  let busyGpus = 0;
  let kw = 0;
  for (const w of input.workloads) {
    const factor = w.type === 'training' ? lf.training.value : lf.inference.value;
    kw += (w.gpus / gpusPerServer) * serverKW * factor;
    busyGpus += w.gpus;
  }
  return kw + (Math.max(0, input.gpus - busyGpus) / gpusPerServer) * serverKW * lf.idle.value;
}

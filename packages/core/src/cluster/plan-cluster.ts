// From GPUs to a cluster: servers, racks, the compute/storage/management networks and storage
// for the GPUs the workloads need, and the load (power, cooling, racks) the building must carry.
import { FACILITY, type FacilityCatalog } from '../catalog/facility.js';
import type { Catalogs } from '../catalog/catalogs.js';
import { findFabric, type Fabric } from '../catalog/fabrics.js';
import type { Gpu } from '../catalog/gpus.js';
import {
  serverForGpu,
  findServer,
  isPlannable,
  type PlannableServer,
  type Server,
} from '../catalog/servers.js';
import { STORAGE_APPLIANCES, STORAGE_CAPACITY } from '../catalog/storage.js';
import {
  FABRIC_DESIGN,
  findTransceiver,
  switchForFabric,
  transceiverFor,
  type Switch,
  type Transceiver,
} from '../catalog/switches.js';
import type { Scenario } from '../scenario/schema.js';
import { warning, type PlanWarning } from '../warnings.js';
import { fatTreeCapacity, planFabric, type FabricPlan } from './fabric.js';
import { countOptics, type BillLine } from './network-bill.js';
import { placeSpares } from './spare-placement.js';
import { planStorageFabric } from './storage-network.js';
import { fitServers, USABLE_RACK_UNITS } from './racks.js';
import { planStorage, type StorageDemand, type StoragePlan } from './storage.js';
import { grouped } from '../util/grouped.js';

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

export interface NetworkPlan extends FabricPlan {
  readonly id: string;
  readonly switch: string;
  readonly portGbps: number;
  readonly oversubscription: number;
  readonly upperOversubscription: number;
  readonly railOptimised: boolean;
  readonly switchCount: number;
  readonly powerKW: number;
  readonly rackUnits: number;
  /** Optical modules, all ends (a twin-port OSFP carrying two ports counts once). */
  readonly transceivers: number;
  /** The switch-side module. */
  readonly transceiver?: string;
  /** Modules by end: switch side, server side (with its module) and appliances on the fabric. */
  readonly optics: {
    readonly switchModules: number;
    readonly serverModules: number;
    readonly serverModule?: string;
    readonly applianceModules: number;
  };
  /** Switches, modules and fibre patches, each with its price's catalog path. */
  readonly bill: readonly BillLine[];
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

/** The scale-out fabric a server's NICs imply when the scenario names none. */
function defaultFabric(server: Server, fabrics: readonly Fabric[]): Fabric | undefined {
  const gbps = server.computeNics.value?.gbps ?? 400;
  const id = gbps >= 800 ? 'infiniband-xdr' : gbps >= 400 ? 'infiniband-ndr' : 'infiniband-hdr';
  return findFabric(id, fabrics);
}

/** Switch ports at the endpoint rate: a faster port splits (one 800G port = two 400G). */
function radixOf(sw: Switch, portGbps: number): number {
  return sw.ports.value * Math.max(1, Math.floor(sw.portGbps.value / portGbps));
}

interface NetworkSpec {
  readonly id: string;
  readonly sw: Switch;
  readonly servers: number;
  readonly spareServers?: number;
  readonly reservedPorts?: number;
  readonly portsPerServer: number;
  readonly nicGbps: number;
  readonly oversubscription: number;
  readonly upperOversubscription?: number;
  readonly railOptimised: boolean;
  /** The server ports' module (catalog id), else a single-port module at the port rate. */
  readonly serverModule?: string | undefined;
  /** The leaves and spines when already laid out (the storage fabric sizes its own). */
  readonly fabric?: FabricPlan;
}

function networkOf(spec: NetworkSpec): NetworkPlan {
  const { sw } = spec;
  const portGbps = Math.min(spec.nicGbps, sw.portGbps.value);
  const radix = radixOf(sw, portGbps);
  const upper = spec.upperOversubscription ?? 1;
  const f =
    spec.fabric ??
    planFabric({
      servers: spec.servers,
      spareServers: spec.spareServers ?? 0,
      reservedPorts: spec.reservedPorts ?? 0,
      portsPerServer: spec.portsPerServer,
      radix,
      portGbps,
      oversubscription: spec.oversubscription,
      upperOversubscription: upper,
      railOptimised: spec.railOptimised,
      maxSpareTaper: FABRIC_DESIGN.maxSpareTaper.value,
    });
  const switchCount = f.switches.leaf + f.switches.spine + f.switches.core;
  // A switch cage carries portsPerCage native ports, each split into faster/slower ones.
  const split = Math.max(1, Math.floor(sw.portGbps.value / portGbps));
  const switchOptic = transceiverFor(portGbps, sw.portsPerCage.value * split);
  const named = spec.serverModule !== undefined ? findTransceiver(spec.serverModule) : undefined;
  const serverOptic: Transceiver | undefined =
    named && named.gbps.value / named.ports.value >= portGbps ? named : transceiverFor(portGbps);
  const servers = spec.servers + (spec.spareServers ?? 0);
  const optics = countOptics({
    switchPorts: switchOptic ? f.switchPorts : 0,
    switchPortsPerModule: switchOptic?.ports.value ?? 1,
    servers: serverOptic ? servers : 0,
    portsPerServer: spec.portsPerServer,
    serverPortsPerModule: serverOptic?.ports.value ?? 1,
    reservedPorts: serverOptic ? f.reservedPorts : 0,
  });
  const transceivers = optics.switchModules + optics.serverModules + optics.applianceModules;
  const switchW = sw.typicalPowerW?.value ?? sw.maxPowerW.value;
  const opticsW =
    optics.switchModules * (switchOptic?.powerW.value ?? 0) +
    (optics.serverModules + optics.applianceModules) * (serverOptic?.powerW.value ?? 0);
  const bill: BillLine[] = [
    { kind: 'switch', part: sw.id, count: switchCount, pricePath: `switchUsd.${sw.id}` },
  ];
  if (switchOptic && optics.switchModules > 0) {
    bill.push({
      kind: 'transceiver',
      part: switchOptic.id,
      count: optics.switchModules,
      pricePath: `transceiverUsd.${switchOptic.id}`,
    });
  }
  const endModules = optics.serverModules + optics.applianceModules;
  if (serverOptic && endModules > 0) {
    bill.push({
      kind: 'transceiver',
      part: serverOptic.id,
      count: endModules,
      pricePath: `transceiverUsd.${serverOptic.id}`,
    });
  }
  // Copper management ports need no fibre.
  if (switchOptic)
    bill.push({ kind: 'cable', part: 'cable', count: f.links, pricePath: 'cableUsd' });
  return {
    ...f,
    id: spec.id,
    switch: sw.id,
    portGbps,
    oversubscription: spec.oversubscription,
    upperOversubscription: upper,
    railOptimised: spec.railOptimised,
    switchCount,
    powerKW: (switchCount * switchW + opticsW) / 1000,
    rackUnits: switchCount * sw.rackUnits.value,
    transceivers,
    ...(switchOptic ? { transceiver: switchOptic.id } : {}),
    optics: {
      switchModules: optics.switchModules,
      serverModules: optics.serverModules,
      ...(serverOptic ? { serverModule: serverOptic.id } : {}),
      applianceModules: optics.applianceModules,
    },
    bill,
  };
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
  const warnings: PlanWarning[] = [];
  const resolved = clusterServer(scenario, gpu, input.catalogs);
  if (!resolved.ok) return { ok: false, reason: resolved.reason, warnings };
  const server = resolved.server;
  const gpusPerServer = c.gpusPerServer ?? server.gpusPerServer.value;
  const spares = placeSpares({
    gpus: input.gpus,
    gpusPerServer,
    gpusPerHost: Math.min(gpusPerServer, gpu.gpusPerServer.value),
    spareHosts: input.spareHosts ?? 0,
  });
  const spareServers = spares.spareServers;
  const workloadServers = spares.workloadServers;
  const servers = workloadServers + spareServers;
  const unit: 'server' | 'rack' = server.formFactor === 'rack' ? 'rack' : 'server';

  // Cooling and rack density.
  const serverKW = server.maxPowerKW.value;
  const airLimit = fac.rackPowerLimitKW.air.value;
  const cooling: 'air' | 'liquid' =
    c.cooling ?? (server.liquidCooled.value === true || serverKW > airLimit ? 'liquid' : 'air');
  const rackLimitKW =
    c.rackPowerKW ?? (cooling === 'liquid' ? fac.rackPowerLimitKW.liquid.value : airLimit);
  if (cooling === 'air' && server.liquidCooled.value === true) {
    warnings.push(
      warning(
        'cooling-mismatch',
        `${server.name} is a liquid-cooled system; cluster.cooling: air cannot remove its heat`,
        'cluster.cooling',
      ),
    );
  }
  const fit = fitServers(server, rackLimitKW);
  if (fit.overLimit) {
    warnings.push(
      warning(
        'rack-power-exceeded',
        `one ${server.name} draws ${serverKW} kW, more than the ${rackLimitKW} kW a${cooling === 'air' ? 'n air' : ' liquid'}-cooled rack takes; ${cooling === 'air' ? 'use liquid or rear-door cooling' : 'check the rack limit'}`,
        c.rackPowerKW !== undefined ? 'cluster.rackPowerKW' : 'cluster.cooling',
      ),
    );
  } else if (cooling === 'air' && fit.rackKW > airLimit) {
    warnings.push(
      warning(
        'rack-power-exceeded',
        `racks of ${fit.rackKW.toFixed(1)} kW exceed air cooling's ${airLimit} kW`,
        'cluster.cooling',
      ),
    );
  }
  const computeRacks = Math.ceil(servers / fit.serversPerRack);

  // Networks.
  let fabric: NetworkPlan | undefined;
  const nics = server.computeNics.value;
  if (nics && nics.count > 0) {
    const fabricDef =
      c.fabric !== undefined
        ? findFabric(c.fabric, input.catalogs.fabrics)
        : defaultFabric(server, input.catalogs.fabrics);
    const sw = fabricDef ? switchForFabric(fabricDef.id) : undefined;
    if (fabricDef && sw) {
      const fabricGbps = fabricDef.portGbps.value;
      if (nics.gbps !== fabricGbps) {
        warnings.push(
          warning(
            'nic-speed-mismatch',
            nics.gbps < fabricGbps
              ? `${server.name}'s ${nics.gbps} Gb/s NICs run ${fabricDef.id}'s ${fabricGbps} Gb/s switch ports at ${nics.gbps} Gb/s (split ports): a ${fabricGbps} Gb/s NIC or a ${nics.gbps} Gb/s fabric matches`
              : `${server.name}'s ${nics.gbps} Gb/s NICs run at ${fabricDef.id}'s ${fabricGbps} Gb/s: half or less of their bandwidth is unused; a ${nics.gbps} Gb/s fabric matches them`,
            'cluster.fabric',
          ),
        );
      }
      fabric = networkOf({
        id: fabricDef.id,
        sw,
        servers: workloadServers,
        spareServers,
        // InfiniBand's subnet manager (UFM) sits on the compute leaves; Ethernet fabrics need none.
        reservedPorts: fabricDef.id.startsWith('infiniband')
          ? FABRIC_DESIGN.fabricManagerPorts.value
          : 0,
        portsPerServer: nics.count,
        nicGbps: Math.min(nics.gbps, fabricGbps),
        oversubscription: c.oversubscription,
        upperOversubscription: c.upperOversubscription,
        railOptimised: c.railOptimised,
        serverModule: server.computeNicModule?.value,
      });
      if (fabric.tiers >= 3) {
        warnings.push(
          warning(
            'fabric-tiers',
            `the ${grouped(fabric.endpoints)}-port compute fabric needs ${fabric.tiers} switch tiers of ${sw.id} (two tiers reach ${grouped(fatTreeCapacity(radixOf(sw, fabric.portGbps), 2, c.oversubscription))} ports); a higher-radix switch keeps it flatter`,
            'cluster.fabric',
          ),
        );
      }
      if (fabric.sparePlacement === 'extra leaf group' && spareServers > 0) {
        warnings.push(
          warning(
            'spares-own-leaves',
            `the ${spareServers} hot spare ${unit === 'rack' ? 'racks' : 'servers'} do not fit the workloads' leaf groups even with a ${FABRIC_DESIGN.maxSpareTaper.value}:1 taper, so they get leaves of their own`,
          ),
        );
      }
    } else {
      warnings.push(
        warning(
          'fabric-switch-missing',
          `no switch in the catalog for fabric ${fabricDef?.id ?? '?'}; compute fabric left out`,
          'cluster.fabric',
        ),
      );
    }
  }

  const storage = input.storagePlan ?? clusterStorage(scenario, input.gpus, input.storage, fac);
  const appliance = STORAGE_APPLIANCES.find((a) => a.id === storage.appliance);
  if (!appliance) throw new Error(`storage appliance ${storage.appliance} is not in the catalog`);

  let storageNetwork: NetworkPlan | undefined;
  const sn = server.storageNics.value;
  const storageSwitch = sn
    ? switchForFabric(sn.gbps >= 400 ? 'ethernet-storage-400g' : 'ethernet-storage-200g')
    : undefined;
  if (sn && sn.count > 0 && storageSwitch) {
    // Every server's storage ports attach; the uplinks carry what the storage delivers.
    const portGbps = Math.min(sn.gbps, storageSwitch.portGbps.value);
    const appliancePorts = Math.ceil((appliance.readGBps.value * 8) / portGbps);
    const layout = planStorageFabric({
      serverPorts: servers * sn.count,
      appliancePorts: storage.appliances * appliancePorts,
      bandwidthGbps: Math.max(storage.readGBps, storage.writeGBps) * 8,
      radix: radixOf(storageSwitch, portGbps),
      portGbps,
    });
    storageNetwork = networkOf({
      id: 'storage',
      sw: storageSwitch,
      servers,
      portsPerServer: sn.count,
      nicGbps: portGbps,
      oversubscription: Math.max(1, layout.leafPorts.down / Math.max(1, layout.leafPorts.up)),
      railOptimised: false,
      serverModule: server.storageNicModule?.value,
      fabric: layout,
    });
  }

  // In-band management carries control traffic (scheduler, logins, images), not bulk data: every
  // server attaches, and each leaf keeps the minimum two uplinks.
  const inbandSwitch = switchForFabric('ethernet-inband-100g');
  const inbandNetwork = inbandSwitch
    ? (() => {
        const layout = planStorageFabric({
          serverPorts: servers,
          appliancePorts: 0,
          bandwidthGbps: 0,
          radix: inbandSwitch.ports.value,
          portGbps: inbandSwitch.portGbps.value,
        });
        return networkOf({
          id: 'inband',
          sw: inbandSwitch,
          servers,
          portsPerServer: 1,
          nicGbps: inbandSwitch.portGbps.value,
          oversubscription: Math.max(1, layout.leafPorts.down / Math.max(1, layout.leafPorts.up)),
          railOptimised: false,
          fabric: layout,
        });
      })()
    : undefined;

  // Out-of-band management: one port per server, switch, appliance and PDU pair.
  const mgmtSwitch = switchForFabric('ethernet-mgmt');
  const mgmtDevices =
    servers * Math.max(1, server.managementNics.value?.count ?? 1) +
    (fabric?.switchCount ?? 0) +
    (storageNetwork?.switchCount ?? 0) +
    (inbandNetwork?.switchCount ?? 0) +
    storage.appliances;
  const mgmtPorts = mgmtSwitch ? mgmtSwitch.ports.value : 48;
  const managementNetwork = {
    switch: mgmtSwitch?.id ?? 'generic-1g',
    switches: Math.ceil(mgmtDevices / mgmtPorts),
    ports: mgmtDevices,
  };

  const networkRU =
    (fabric?.rackUnits ?? 0) +
    (storageNetwork?.rackUnits ?? 0) +
    (inbandNetwork?.rackUnits ?? 0) +
    managementNetwork.switches * (mgmtSwitch?.rackUnits.value ?? 1);
  const networkRacks = Math.ceil(networkRU / USABLE_RACK_UNITS);
  const storageRacks = Math.ceil(storage.rackUnits / USABLE_RACK_UNITS);
  const rackDetail = {
    compute: computeRacks,
    network: networkRacks,
    storage: storageRacks,
    total: computeRacks + networkRacks + storageRacks,
    rows: Math.ceil((computeRacks + networkRacks + storageRacks) / fac.floor.racksPerRow.value),
    serversPerRack: fit.serversPerRack,
    limitedBy: fit.limitedBy,
    computeRackKW: fit.rackKW,
  };

  // Power: each server at its workload's load factor; unused servers idle.
  const lf = fac.itLoadFactor;
  let busyGpus = 0;
  let expectedServerKW = 0;
  for (const w of input.workloads) {
    const factor = w.type === 'training' ? lf.training.value : lf.inference.value;
    expectedServerKW += (w.gpus / gpusPerServer) * serverKW * factor;
    busyGpus += w.gpus;
  }
  expectedServerKW +=
    (Math.max(0, input.gpus - busyGpus) / gpusPerServer) * serverKW * lf.idle.value;
  const mgmtKW = (managementNetwork.switches * (mgmtSwitch?.maxPowerW.value ?? 100)) / 1000;
  const networkKW =
    (fabric?.powerKW ?? 0) +
    (storageNetwork?.powerKW ?? 0) +
    (inbandNetwork?.powerKW ?? 0) +
    mgmtKW;
  const load: FacilityLoad = {
    cooling,
    rackLimitKW,
    racks: rackDetail.total,
    serverNameplateKW: servers * serverKW,
    expectedServerKW,
    networkKW,
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
    warnings,
  };
}

// The cluster's four networks: the scale-out compute fabric on the servers' compute NICs, the
// storage network to the appliances, in-band management Ethernet and the out-of-band management
// network, each laid out as leaves and spines (network-plan.ts) with the warnings it raises.
import { findFabric, type Fabric } from '../catalog/fabrics.js';
import type { PlannableServer, Server } from '../catalog/servers.js';
import type { StorageAppliance } from '../catalog/storage.js';
import { FABRIC_DESIGN, switchForFabric } from '../catalog/switches.js';
import type { Scenario } from '../scenario/schema.js';
import { grouped } from '../util/grouped.js';
import { warning, type PlanWarning } from '../warnings.js';
import { fatTreeCapacity } from './fabric.js';
import { networkOf, radixOf, type NetworkPlan } from './network-plan.js';
import { planStorageFabric } from './storage-network.js';
import type { StoragePlan } from './storage.js';

/** The scale-out fabric a server's NICs imply when the scenario names none. */
function defaultFabric(server: Server, fabrics: readonly Fabric[]): Fabric | undefined {
  const gbps = server.computeNics.value?.gbps ?? 400;
  const id = gbps >= 800 ? 'infiniband-xdr' : gbps >= 400 ? 'infiniband-ndr' : 'infiniband-hdr';
  return findFabric(id, fabrics);
}

export interface ComputeFabricInput {
  readonly cluster: Scenario['cluster'];
  readonly server: PlannableServer;
  readonly fabrics: readonly Fabric[];
  readonly workloadServers: number;
  readonly spareServers: number;
  readonly unit: 'server' | 'rack';
}

/** The compute fabric on the servers' NICs (absent when they have none or no switch serves the
 *  fabric), and what the reader should know about it. */
export function computeFabric(input: ComputeFabricInput): {
  fabric: NetworkPlan | undefined;
  warnings: PlanWarning[];
} {
  const { cluster: c, server, spareServers } = input;
  const warnings: PlanWarning[] = [];
  const nics = server.computeNics.value;
  if (!nics || nics.count === 0) return { fabric: undefined, warnings };
  const fabricDef =
    c.fabric !== undefined
      ? findFabric(c.fabric, input.fabrics)
      : defaultFabric(server, input.fabrics);
  const sw = fabricDef ? switchForFabric(fabricDef.id) : undefined;
  if (!fabricDef || !sw) {
    warnings.push(
      warning(
        'fabric-switch-missing',
        `no switch in the catalog for fabric ${fabricDef?.id ?? '?'}; compute fabric left out`,
        'cluster.fabric',
      ),
    );
    return { fabric: undefined, warnings };
  }
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
  const fabric = networkOf({
    id: fabricDef.id,
    sw,
    servers: input.workloadServers,
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
        `the ${spareServers} hot spare ${input.unit === 'rack' ? 'racks' : 'servers'} do not fit the workloads' leaf groups even with a ${FABRIC_DESIGN.maxSpareTaper.value}:1 taper, so they get leaves of their own`,
      ),
    );
  }
  return { fabric, warnings };
}

/** Every server's storage ports to the appliances; the uplinks carry what the storage delivers.
 *  Absent when the servers have no storage NICs. */
export function storageNetworkOf(
  server: PlannableServer,
  servers: number,
  storage: StoragePlan,
  appliance: StorageAppliance,
): NetworkPlan | undefined {
  const sn = server.storageNics.value;
  const storageSwitch = sn
    ? switchForFabric(sn.gbps >= 400 ? 'ethernet-storage-400g' : 'ethernet-storage-200g')
    : undefined;
  if (!sn || sn.count === 0 || !storageSwitch) return undefined;
  const portGbps = Math.min(sn.gbps, storageSwitch.portGbps.value);
  const appliancePorts = Math.ceil((appliance.readGBps.value * 8) / portGbps);
  const layout = planStorageFabric({
    serverPorts: servers * sn.count,
    appliancePorts: storage.appliances * appliancePorts,
    bandwidthGbps: Math.max(storage.readGBps, storage.writeGBps) * 8,
    radix: radixOf(storageSwitch, portGbps),
    portGbps,
  });
  return networkOf({
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

/** In-band management carries control traffic (scheduler, logins, images), not bulk data: every
 *  server attaches, and each leaf keeps the minimum two uplinks. */
export function inbandNetworkOf(servers: number): NetworkPlan | undefined {
  const inbandSwitch = switchForFabric('ethernet-inband-100g');
  if (!inbandSwitch) return undefined;
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
}

export interface ManagementNetwork {
  readonly switch: string;
  readonly switches: number;
  readonly ports: number;
}

/** Out-of-band management: one port per server's management NIC, switch and appliance; with the
 *  switches' rack units and power. */
export function managementNetworkOf(
  server: PlannableServer,
  servers: number,
  switches: number,
  appliances: number,
): { network: ManagementNetwork; rackUnits: number; powerKW: number } {
  const mgmtSwitch = switchForFabric('ethernet-mgmt');
  const devices =
    servers * Math.max(1, server.managementNics.value?.count ?? 1) + switches + appliances;
  const ports = mgmtSwitch ? mgmtSwitch.ports.value : 48;
  const network = {
    switch: mgmtSwitch?.id ?? 'generic-1g',
    switches: Math.ceil(devices / ports),
    ports: devices,
  };
  return {
    network,
    rackUnits: network.switches * (mgmtSwitch?.rackUnits.value ?? 1),
    powerKW: (network.switches * (mgmtSwitch?.maxPowerW.value ?? 100)) / 1000,
  };
}

// One network of the cluster as built: its leaves, spines and cores for the servers' ports, the
// optical modules at each end, the power, rack units and the bill of switches, modules and fibre.
import {
  FABRIC_DESIGN,
  findTransceiver,
  transceiverFor,
  type Switch,
  type Transceiver,
} from '../catalog/switches.js';
import { planFabric, type FabricPlan } from './fabric.js';
import { countOptics, type BillLine } from './network-bill.js';

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

/** Switch ports at the endpoint rate: a faster port splits (one 800G port = two 400G). */
export function radixOf(sw: Switch, portGbps: number): number {
  return sw.ports.value * Math.max(1, Math.floor(sw.portGbps.value / portGbps));
}

export interface NetworkSpec {
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

export function networkOf(spec: NetworkSpec): NetworkPlan {
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

// The planned cluster as an inventory (inventory-schema.ts): the site, its halls, rows and racks,
// the servers (or compute trays), GPUs, switches, storage appliances and PDUs in them at rack-unit
// positions, the panels and the two feeds (2N, A and B) of every rack, the cooling loops, and every
// cable of the compute, storage and in-band fabrics, each with a stable id derived from its place.
// Pure: the same plan gives the same inventory, byte for byte.
//
// Layout rules (docs/operations.md, "The planned inventory"; figures in
// catalog/data/power-distribution.json):
// - halls: one per active power lineup (facility.lineups.needed), never more than the rows; rows
//   split into contiguous halls as evenly as whole rows allow;
// - rows: the plan's rows, racks split over them as evenly as whole racks allow (at most the
//   catalog's racksPerRow); network and storage racks spread evenly among the compute racks;
// - servers fill compute racks in order, serversPerRack each, stacked from U1; switches and storage
//   appliances fill the network and storage racks first-fit by height (tallest first) within the
//   usable rack units (cluster/racks.ts);
// - power: one panel per row and path (A, B); every rack gets feed pairs from the smallest standard
//   breaker whose one feed carries the whole rack (2N), else several pairs of the largest;
// - fabrics: the leaves, spines and cores of the plan's fabrics, cabled as planFabric and
//   planStorageFabric lay them out (rail-optimised: NIC i of a server to leaf i of its group).
import { BUILT_IN_CATALOGS, type Catalogs } from '../catalog/catalogs.js';
import { FACILITY } from '../catalog/facility.js';
import { findGpu } from '../catalog/gpus.js';
import {
  POWER_DISTRIBUTION,
  powerConvention,
  type PowerConvention,
} from '../catalog/power-distribution.js';
import { findServer } from '../catalog/servers.js';
import { findSwitch } from '../catalog/switches.js';
import type { NetworkPlan } from '../cluster/plan-cluster.js';
import { USABLE_RACK_UNITS } from '../cluster/racks.js';
import type { Plan } from '../plan.js';
import {
  feedCapacityKW,
  type Inventory,
  type InventoryCoolingLoop,
  type InventoryDevice,
  type InventoryFeed,
  type InventoryGpu,
  type InventoryHall,
  type InventoryLink,
  type InventoryPanel,
  type InventoryRack,
  type InventoryRow,
} from './inventory-schema.js';

type Role = InventoryRack['role'];
type Level = InventoryLink['level'];

/** Fabric names of the links and switches: the plan's compute, storage and in-band networks. */
export const INVENTORY_FABRICS = ['compute', 'storage', 'inband'] as const;
export type InventoryFabric = (typeof INVENTORY_FABRICS)[number];

/** n zero-padded to `width` digits. */
function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Digits of the largest number counted, at least 2 (r01, k07, u09). */
function widthFor(max: number): number {
  return Math.max(2, String(Math.max(1, max)).length);
}

/** Bucket of item i when n items split into b contiguous buckets as evenly as possible. */
function bucket(i: number, n: number, b: number): number {
  return Math.floor((i * b) / n);
}

/** Roles of `total` rack places: network and storage racks spread evenly among compute racks. */
function interleaveRoles(counts: Readonly<Record<Role, number>>): Role[] {
  const roles: Role[] = ['compute', 'network', 'storage'];
  const placed: Record<Role, number> = { compute: 0, network: 0, storage: 0 };
  const total = counts.compute + counts.network + counts.storage;
  const out: Role[] = [];
  for (let i = 0; i < total; i++) {
    let best: Role | undefined;
    let bestScore = Infinity;
    for (const r of roles) {
      if (placed[r] >= counts[r]) continue;
      const score = (placed[r] + 0.5) / counts[r];
      if (score < bestScore) {
        best = r;
        bestScore = score;
      }
    }
    if (best === undefined) break;
    placed[best]++;
    out.push(best);
  }
  return out;
}

interface RackSlot {
  readonly id: string;
  /** The rack's id without the site: its short name (h1-r01-k07). */
  readonly short: string;
  readonly rowId: string;
  readonly hall: number;
  readonly position: number;
  readonly role: Role;
  readonly units: number;
  nextU: number;
  loadKW: number;
}

/** The feed pairs of a rack: breaker size and how many pairs carry `kw` from one side alone. */
export function feedSizing(
  kw: number,
  convention: PowerConvention,
  powerFactor: number = POWER_DISTRIBUTION.powerFactor.value,
): { amps: number; pairs: number; feedKW: number } {
  const capacity = (amps: number) =>
    feedCapacityKW({
      id: 'x',
      panelId: 'x',
      rackId: null,
      name: 'x',
      side: 'A',
      volts: convention.volts.value,
      amps,
      phases: convention.phases.value,
      derating: convention.derating.value,
      powerFactor,
    });
  const sizes = [...convention.breakerAmps.value].sort((a, b) => a - b);
  for (const amps of sizes) {
    const feedKW = capacity(amps);
    if (feedKW >= kw - 1e-9) return { amps, pairs: 1, feedKW };
  }
  const amps = sizes[sizes.length - 1] ?? 0;
  const feedKW = capacity(amps);
  return { amps, pairs: Math.max(1, Math.ceil(kw / feedKW - 1e-9)), feedKW };
}

/** An inventory with nothing in it but the site: what a plan without a built cluster gives. */
function emptyInventory(origin: Inventory['origin'], sites: Inventory['sites']): Inventory {
  return {
    schemaVersion: 1,
    origin,
    sites,
    halls: [],
    rows: [],
    racks: [],
    coolingLoops: [],
    devices: [],
    gpus: [],
    panels: [],
    feeds: [],
    links: [],
  };
}

interface Placeable {
  readonly heightU: number;
  readonly kw: number;
}

interface Placement {
  readonly rack: RackSlot;
  readonly position: number;
  /** The placed device's id: its rack's and its lowest rack unit's. */
  readonly id: string;
}

/** The element at i, which the caller knows is there. */
function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`planInventory: no element ${i} of ${xs.length}`);
  return x;
}

/** First-fit decreasing: tallest first, each into the first rack with room (no reordering of the
 *  racks), so 1U and 2U switches waste no rack unit. Throws when the plan's racks cannot hold them. */
function placeInto(
  items: readonly Placeable[],
  racks: readonly RackSlot[],
  what: string,
): Placement[] {
  const out = new Array<Placement | undefined>(items.length);
  const order = items.map((_, i) => i).sort((a, b) => at(items, b).heightU - at(items, a).heightU);
  let first = 0;
  for (const i of order) {
    const item = at(items, i);
    while (first < racks.length && at(racks, first).nextU > at(racks, first).units) first++;
    let placed = false;
    for (let r = first; r < racks.length; r++) {
      const rack = at(racks, r);
      if (rack.nextU + item.heightU - 1 <= rack.units) {
        out[i] = { rack, position: rack.nextU, id: `${rack.id}-u${pad(rack.nextU, 2)}` };
        rack.nextU += item.heightU;
        rack.loadKW += item.kw;
        placed = true;
        break;
      }
    }
    if (!placed) {
      throw new Error(
        `planInventory: the plan's ${racks.length} ${what} racks of ${USABLE_RACK_UNITS}U do not hold its ${items.length} ${what} devices`,
      );
    }
  }
  return out.map((p, i) => {
    if (!p) throw new Error(`planInventory: ${what} device ${i} was not placed`);
    return p;
  });
}

/**
 * The plan's cluster as an inventory with stable ids. A plan without a built cluster (no server
 * platform for its GPU, or no servers) gives an inventory holding only its site. `catalogs` are
 * those the plan was made with (its servers' heights, its GPU's scale-up domain).
 */
export function planInventory(plan: Plan, catalogs: Catalogs = BUILT_IN_CATALOGS): Inventory {
  const c = plan.cluster;
  const fac = plan.facility;
  const scenarioSite = plan.scenario.site;
  const region = scenarioSite?.region ?? scenarioSite?.country;
  const country = scenarioSite?.country ?? scenarioSite?.region?.slice(0, 2);
  const siteId = 's1';
  const sites: Inventory['sites'] = [
    {
      id: siteId,
      name: scenarioSite?.name ?? region ?? plan.scenario.name,
      ...(region !== undefined ? { region } : {}),
    },
  ];
  const origin: Inventory['origin'] = {
    kind: 'plan',
    detail: `aidc ${plan.aidcVersion} plan of "${plan.scenario.name}"`,
  };
  const rd = c.rackDetail;
  if (c.server === undefined || rd === undefined || c.servers === 0 || rd.total === 0) {
    return emptyInventory(origin, sites);
  }

  // --- Places: halls, rows, racks. ---
  const rowCount = Math.max(1, Math.min(rd.rows, rd.total));
  const hallCount = Math.max(1, Math.min(rowCount, fac?.lineups.needed ?? 1));
  const rowHall = (r: number) => bucket(r, rowCount, hallCount);
  const rowsInHall = new Array<number>(hallCount).fill(0);
  for (let r = 0; r < rowCount; r++) rowsInHall[rowHall(r)] = at(rowsInHall, rowHall(r)) + 1;
  const rowWidth = widthFor(Math.max(...rowsInHall));
  const rackWidth = widthFor(Math.ceil(rd.total / rowCount));
  const halls: InventoryHall[] = [];
  for (let h = 0; h < hallCount; h++) {
    halls.push({ id: `${siteId}-h${h + 1}`, siteId, name: `Hall ${h + 1}` });
  }
  const rows: InventoryRow[] = [];
  const rowShort: string[] = [];
  {
    let inHall = 0;
    for (let r = 0; r < rowCount; r++) {
      const h = rowHall(r);
      inHall = r > 0 && rowHall(r - 1) === h ? inHall + 1 : 1;
      const short = `h${h + 1}-r${pad(inHall, rowWidth)}`;
      rowShort.push(short);
      rows.push({ id: `${siteId}-${short}`, hallId: at(halls, h).id, name: short, index: inHall });
    }
  }

  const unit = c.unit ?? 'server';
  const server = findServer(c.server, catalogs.servers);
  const hosts = Math.max(1, c.hostsPerServer ?? 1);
  const rackScaleUnits = unit === 'rack' ? (server?.rackUnits.value ?? 48) : USABLE_RACK_UNITS;
  const roles = interleaveRoles({ compute: rd.compute, network: rd.network, storage: rd.storage });
  const slots: RackSlot[] = [];
  {
    let pos = 0;
    for (let i = 0; i < roles.length; i++) {
      const r = bucket(i, roles.length, rowCount);
      pos = i > 0 && bucket(i - 1, roles.length, rowCount) === r ? pos + 1 : 1;
      const short = `${at(rowShort, r)}-k${pad(pos, rackWidth)}`;
      const role = at(roles, i);
      slots.push({
        id: `${siteId}-${short}`,
        short,
        rowId: at(rows, r).id,
        hall: rowHall(r),
        position: pos,
        role,
        units: role === 'compute' ? rackScaleUnits : USABLE_RACK_UNITS,
        nextU: 1,
        loadKW: 0,
      });
    }
  }
  const byRole = (role: Role) => slots.filter((s) => s.role === role);
  const computeRacks = byRole('compute');
  const uWidth = 2;

  // --- Servers (or the compute trays of a rack-scale system) and their GPUs. ---
  const devices: InventoryDevice[] = [];
  const gpus: InventoryGpu[] = [];
  const unitKW = server?.maxPowerKW.value ?? rd.computeRackKW / Math.max(1, rd.serversPerRack);
  const hostKW = unitKW / hosts;
  // The plan's design basis for servers (facility.designBasis: measured peak plus margin, or
  // nameplate): the servers' share of the design IT load over their nameplate.
  const designShare = fac
    ? Math.min(
        1,
        Math.max(
          0,
          ((fac.itDesignMW - fac.itByPartMW.network - fac.itByPartMW.storage) * 1000) /
            Math.max(1e-9, c.servers * unitKW),
        ),
      )
    : 1;
  const hostDesignKW = Math.round(hostKW * designShare * 1000) / 1000;
  const hostU =
    unit === 'rack' ? POWER_DISTRIBUTION.computeTrayUnits.value : (server?.rackUnits.value ?? 1);
  const gpusPerHost = Math.max(1, Math.round(c.gpusPerServer / hosts));
  const spareUnits = c.spareServers ?? 0;
  const workloadHosts = (c.servers - spareUnits) * hosts;
  const sparesInUnits = c.spareHostsInServers ?? 0;
  const domainGpus = findGpu(c.gpu, catalogs.gpus)?.scaleUpDomainGpus.value;
  const perRack = Math.max(1, rd.serversPerRack);
  /** Host device ids, unit by unit. */
  const hostIds: string[] = [];
  for (let i = 0; i < c.servers; i++) {
    const rack = computeRacks[Math.floor(i / perRack)];
    if (!rack) {
      throw new Error(
        `planInventory: ${c.servers} ${unit}s at ${perRack} per rack need more than the plan's ${computeRacks.length} compute racks`,
      );
    }
    const slot = i % perRack;
    for (let t = 0; t < hosts; t++) {
      const position = 1 + (slot * hosts + t) * hostU;
      const u = `u${pad(position, uWidth)}`;
      const id = `${rack.id}-${u}`;
      const h = i * hosts + t;
      const spare =
        i >= c.servers - spareUnits || (h < workloadHosts && h >= workloadHosts - sparesInUnits);
      const scaleUpDomain =
        unit === 'rack' ? rack.id : domainGpus === c.gpusPerServer ? id : undefined;
      devices.push({
        id,
        name: `gpu-${rack.short}-${u}`,
        role: 'server',
        model: c.server,
        rackId: rack.id,
        position,
        heightU: hostU,
        powerKW: hostKW,
        ...(hostDesignKW < hostKW ? { designKW: hostDesignKW } : {}),
        ...(spare ? { spare: true } : {}),
        ...(scaleUpDomain !== undefined ? { scaleUpDomain } : {}),
      });
      rack.loadKW += hostKW;
      rack.nextU = Math.max(rack.nextU, position + hostU);
      hostIds.push(id);
      for (let g = 0; g < gpusPerHost; g++) {
        gpus.push({ id: `${id}-gpu${g}`, deviceId: id, slot: g, model: c.gpu, serial: null });
      }
    }
  }

  // --- Switches and storage appliances, placed into the network and storage racks. ---
  interface SwitchSpec extends Placeable {
    readonly name: string;
    readonly model: string;
    readonly fabric: string;
    readonly tier?: 'leaf' | 'spine' | 'core';
    readonly role: InventoryDevice['role'];
  }
  const networks: [InventoryFabric, NetworkPlan | undefined][] = [
    ['compute', c.fabric],
    ['storage', c.storageNetwork],
    ['inband', c.inbandNetwork],
  ];
  const switchSpecs: SwitchSpec[] = [];
  for (const [fabric, net] of networks) {
    if (!net || net.switchCount === 0) continue;
    const sw = findSwitch(net.switch);
    const heightU = sw?.rackUnits.value ?? Math.max(1, Math.round(net.rackUnits / net.switchCount));
    const kw = net.powerKW / net.switchCount;
    for (const tier of ['leaf', 'spine', 'core'] as const) {
      const n = net.switches[tier];
      const w = widthFor(n);
      for (let i = 0; i < n; i++) {
        switchSpecs.push({
          name: `${fabric}-${tier}-${pad(i + 1, w)}`,
          model: net.switch,
          fabric,
          tier,
          role: 'switch',
          heightU,
          kw,
        });
      }
    }
  }
  const mgmt = c.managementNetwork;
  if (mgmt && mgmt.switches > 0) {
    const sw = findSwitch(mgmt.switch);
    const w = widthFor(mgmt.switches);
    for (let i = 0; i < mgmt.switches; i++) {
      switchSpecs.push({
        name: `mgmt-${pad(i + 1, w)}`,
        model: mgmt.switch,
        fabric: 'management',
        role: 'switch',
        heightU: sw?.rackUnits.value ?? 1,
        kw: (sw?.maxPowerW.value ?? 100) / 1000,
      });
    }
  }
  const switchPlaces = placeInto(switchSpecs, byRole('network'), 'network');

  const st = c.storage;
  const appliances: Placeable[] = [];
  for (let i = 0; st && i < st.appliances; i++) {
    appliances.push({
      heightU: Math.max(1, Math.round(st.rackUnits / st.appliances)),
      kw: st.powerKW / st.appliances,
    });
  }
  const appliancePlaces = placeInto(appliances, byRole('storage'), 'storage');

  /** Switch ids by fabric and tier, in order. */
  const tierIds = new Map<string, string[]>();
  switchSpecs.forEach((s, i) => {
    const place = at(switchPlaces, i);
    devices.push({
      id: place.id,
      name: s.name,
      role: s.role,
      model: s.model,
      rackId: place.rack.id,
      position: place.position,
      heightU: s.heightU,
      powerKW: s.kw,
      fabric: s.fabric,
      ...(s.tier !== undefined ? { tier: s.tier } : {}),
    });
    if (s.tier !== undefined) {
      const key = `${s.fabric}/${s.tier}`;
      const list = tierIds.get(key) ?? [];
      list.push(place.id);
      tierIds.set(key, list);
    }
  });
  const applianceIds: string[] = [];
  {
    const w = widthFor(appliances.length);
    appliances.forEach((a, i) => {
      const place = at(appliancePlaces, i);
      applianceIds.push(place.id);
      devices.push({
        id: place.id,
        name: `storage-${pad(i + 1, w)}`,
        role: 'storage',
        model: st?.appliance ?? 'storage',
        rackId: place.rack.id,
        position: place.position,
        heightU: a.heightU,
        powerKW: a.kw,
      });
    });
  }
  // The fabric manager (InfiniBand UFM) on the leaf ports the compute fabric reserves for it: the
  // plan counts its ports, not its rack space, so it is listed unplaced.
  const reserved = c.fabric?.reservedPorts ?? 0;
  const managerId = `${siteId}-fabric-manager`;
  if (reserved > 0) {
    devices.push({
      id: managerId,
      name: 'compute-fabric-manager',
      role: 'management',
      model: c.fabric?.id.startsWith('infiniband') ? 'nvidia-ufm' : 'fabric-manager',
      rackId: null,
      position: null,
      heightU: 1,
      powerKW: 0,
    });
  }

  // --- Cooling loops: an air loop per hall, a liquid loop per hall when cooling is liquid. ---
  const cooling = fac?.cooling ?? 'air';
  const plant = fac?.coolingPlant;
  const racksInHall = new Array<number>(hallCount).fill(0);
  for (const s of slots) racksInHall[s.hall] = at(racksInHall, s.hall) + 1;
  const coolingLoops: InventoryCoolingLoop[] = [];
  const airLoop: (string | undefined)[] = [];
  const liquidLoop: (string | undefined)[] = [];
  const loopKW = (units: { units: number; unitKW: number } | undefined, heatMW: number) =>
    units && units.units > 0 ? units.units * units.unitKW : heatMW * 1000;
  const airKW = loopKW(plant?.crahs, plant?.airMW ?? 0);
  const liquidKW = loopKW(plant?.cdus, plant?.liquidMW ?? 0);
  for (let h = 0; h < hallCount; h++) {
    const share = at(racksInHall, h) / slots.length;
    const hall = at(halls, h);
    const add = (kind: 'air' | 'liquid', kw: number) => {
      if (!(kw * share > 0)) return undefined;
      const id = `${hall.id}-${kind}`;
      coolingLoops.push({
        id,
        hallId: hall.id,
        name: `${hall.name} ${kind}`,
        kind,
        capacityKW: kw * share,
      });
      return id;
    };
    airLoop.push(add('air', airKW));
    liquidLoop.push(cooling === 'liquid' ? add('liquid', liquidKW) : undefined);
  }

  // --- Racks, panels, feeds and PDUs (2N: the A feeds alone carry the rack, so do the B feeds). ---
  const convention = powerConvention(country);
  const powerFactor = POWER_DISTRIBUTION.powerFactor.value;
  const computeLimitKW = fac?.rackLimitKW ?? rd.computeRackKW;
  const coolingLimits = FACILITY.rackPowerLimitKW;
  const racks: InventoryRack[] = [];
  const panels: InventoryPanel[] = [];
  const feeds: InventoryFeed[] = [];
  for (const row of rows) {
    for (const side of ['A', 'B'] as const) {
      panels.push({
        id: `${row.id}-rpp${side}`,
        hallId: row.hallId,
        name: `${row.name}-rpp-${side}`,
        path: side,
      });
    }
  }
  for (const s of slots) {
    const compute = s.role === 'compute';
    const powerLimitKW = compute
      ? computeLimitKW
      : Math.max(0.1, Math.ceil(s.loadKW * 10 - 1e-6) / 10);
    const liquid = compute && cooling === 'liquid';
    const loop = liquid ? liquidLoop[s.hall] : airLoop[s.hall];
    racks.push({
      id: s.id,
      rowId: s.rowId,
      name: s.short,
      position: s.position,
      role: s.role,
      units: s.units,
      powerLimitKW,
      coolingLimitKW: liquid ? coolingLimits.liquid.value : coolingLimits.air.value,
      ...(loop !== undefined ? { coolingLoopId: loop } : {}),
    });
    const size = feedSizing(Math.max(powerLimitKW, s.loadKW), convention, powerFactor);
    for (let p = 1; p <= size.pairs; p++) {
      const suffix = p === 1 ? '' : String(p);
      for (const side of ['A', 'B'] as const) {
        feeds.push({
          id: `${s.id}-feed${side}${suffix}`,
          panelId: `${s.rowId}-rpp${side}`,
          rackId: s.id,
          name: `${s.short}-${side}${p}`,
          side,
          volts: convention.volts.value,
          amps: size.amps,
          phases: convention.phases.value,
          derating: convention.derating.value,
          powerFactor,
        });
        devices.push({
          id: `${s.id}-pdu${side}${suffix}`,
          name: `pdu-${s.short}-${side}${p}`,
          role: 'pdu',
          model: `rack-pdu-${convention.volts.value}v-${size.amps}a-${convention.phases.value}ph`,
          rackId: s.id,
          position: null,
          heightU: 1,
          powerKW: 0,
        });
      }
    }
  }

  // --- Links: server-leaf, leaf-spine, spine-core per fabric. ---
  const links: InventoryLink[] = [];
  const portsUsed = new Map<string, number>();
  const nextPort = (device: string) => {
    const n = (portsUsed.get(device) ?? 0) + 1;
    portsUsed.set(device, n);
    return `p${n}`;
  };
  const link = (
    fabric: InventoryFabric,
    level: Level,
    gbps: number,
    a: string,
    aPort: string,
    b: string,
  ) => {
    links.push({
      id: `${a}-${aPort}`,
      aDeviceId: a,
      aPort,
      bDeviceId: b,
      bPort: nextPort(b),
      fabric,
      gbps,
      level,
    });
  };
  const idsOf = (fabric: InventoryFabric, tier: 'leaf' | 'spine' | 'core') =>
    tierIds.get(`${fabric}/${tier}`) ?? [];
  const portPrefix: Record<InventoryFabric, string> = {
    compute: 'rail',
    storage: 'stor',
    inband: 'inband',
  };
  /** The host of a unit that carries the unit's r-th port of `perUnit` on a fabric. */
  const hostPort = (i: number, r: number, perUnit: number) =>
    at(hostIds, i * hosts + Math.min(hosts - 1, Math.floor((r * hosts) / perUnit)));

  /** Uplinks of `lower` switches (`upPer` each, pods of `perPod` switches) to `upper` switches,
   *  each switch position of a pod to the same upper switches, every pod alike (Al-Fares 2008). */
  const cableUp = (
    fabric: InventoryFabric,
    gbps: number,
    lower: readonly string[],
    upPer: number,
    perPod: number,
    upper: readonly string[],
  ) => {
    const total = lower.length * upPer;
    const perUpper = Math.ceil(total / Math.max(1, upper.length));
    const pods = Math.max(1, Math.round(lower.length / perPod));
    let g = 0;
    for (let j = 0; j < perPod; j++) {
      for (let u = 0; u < upPer; u++) {
        for (let p = 0; p < pods; p++) {
          const s = lower[p * perPod + j];
          if (s === undefined) continue;
          link(fabric, 'spineCore', gbps, s, nextPort(s), at(upper, Math.floor(g / perUpper)));
          g++;
        }
      }
    }
  };

  for (const [fabric, net] of networks) {
    if (!net || net.endpoints === 0) continue;
    const gbps = net.portGbps;
    const leaves = idsOf(fabric, 'leaf');
    const spines = idsOf(fabric, 'spine');
    const cores = idsOf(fabric, 'core');
    const L = leaves.length;
    const perUnit = Math.round(net.serverPorts / c.servers);
    const prefix = portPrefix[fabric];
    if (fabric === 'compute') {
      // planFabric: rail-optimised leaf groups (one leaf per rail) when the servers fill a leaf
      // group, else endpoints fill the leaves in order.
      const railed =
        net.railOptimised &&
        perUnit > 0 &&
        L % perUnit === 0 &&
        (c.servers >= net.leafPorts.down || net.sparePlacement === 'leaf taper');
      if (railed) {
        const groups = L / perUnit;
        const slotsN = c.servers + Math.ceil(reserved / perUnit);
        for (let i = 0; i < c.servers; i++) {
          const g = bucket(i, slotsN, groups);
          for (let r = 0; r < perUnit; r++) {
            const leaf = at(leaves, g * perUnit + r);
            link(fabric, 'serverLeaf', gbps, hostPort(i, r, perUnit), `${prefix}${r}`, leaf);
          }
        }
        for (let q = 0; q < reserved; q++) {
          const g = bucket(c.servers + Math.floor(q / perUnit), slotsN, groups);
          link(
            fabric,
            'serverLeaf',
            gbps,
            managerId,
            `ib${q}`,
            at(leaves, g * perUnit + (q % perUnit)),
          );
        }
      } else {
        const E = net.endpoints;
        let e = 0;
        for (let i = 0; i < c.servers; i++) {
          for (let r = 0; r < perUnit; r++, e++) {
            link(
              fabric,
              'serverLeaf',
              gbps,
              hostPort(i, r, perUnit),
              `${prefix}${r}`,
              at(leaves, bucket(e, E, L)),
            );
          }
        }
        for (let q = 0; q < reserved; q++, e++) {
          link(fabric, 'serverLeaf', gbps, managerId, `ib${q}`, at(leaves, bucket(e, E, L)));
        }
      }
      const S = spines.length;
      if (S > 0 && net.linksByLevel.leafSpine > 0) {
        const up = Math.round(net.linksByLevel.leafSpine / L);
        // Two tiers: every leaf spreads its uplinks evenly over the spines. Three or more: pods,
        // each leaf to one spine of each of the `up` spine positions of its pod.
        const pods = Math.max(1, Math.round(S / up));
        const spineOf = (l: number, u: number) =>
          net.tiers <= 2 ? (l * up + u) % S : bucket(l, L, pods) * up + u;
        for (let l = 0; l < L; l++)
          for (let u = 0; u < up; u++)
            link(
              fabric,
              'leafSpine',
              gbps,
              at(leaves, l),
              nextPort(at(leaves, l)),
              at(spines, spineOf(l, u)),
            );
        if (net.tiers > 2) {
          // Above the spines: tiers - 3 middle tiers of S switches, then the top tier.
          const upPer = Math.round(net.linksByLevel.spineCore / S);
          const middle = Math.max(0, net.tiers - 3);
          let lower: readonly string[] = spines;
          for (let m = 0; m < middle; m++) {
            const mid = cores.slice(m * S, (m + 1) * S);
            cableUp(fabric, gbps, lower, upPer, up, mid);
            lower = mid;
          }
          cableUp(fabric, gbps, lower, upPer, up, cores.slice(middle * S));
        }
      }
      continue;
    }
    // planStorageFabric: server ports on the server leaves, appliance ports on leaves of their own
    // (non-blocking: one uplink per appliance port); one leaf takes everything when it can.
    const SP = net.serverPorts;
    const AP = net.endpoints - SP;
    const A = applianceIds.length;
    const applianceOf = (q: number) => at(applianceIds, Math.min(A - 1, Math.floor((q * A) / AP)));
    const perAppliance = A > 0 ? Math.round(AP / A) : 1;
    const serverLeaves = L <= 1 ? L : Math.min(L, Math.ceil(SP / Math.max(1, net.leafPorts.down)));
    const applianceLeaves = L - serverLeaves;
    const uplinks = new Array<number>(L).fill(0);
    let e = 0;
    for (let i = 0; i < c.servers; i++) {
      for (let r = 0; r < perUnit; r++, e++) {
        const l = L <= 1 ? 0 : bucket(e, SP, serverLeaves);
        link(fabric, 'serverLeaf', gbps, hostPort(i, r, perUnit), `${prefix}${r}`, at(leaves, l));
      }
    }
    for (let q = 0; q < AP; q++) {
      const l = L <= 1 || applianceLeaves === 0 ? 0 : serverLeaves + bucket(q, AP, applianceLeaves);
      link(
        fabric,
        'serverLeaf',
        gbps,
        applianceOf(q),
        `${prefix}${q % perAppliance}`,
        at(leaves, l),
      );
      uplinks[l] = at(uplinks, l) + 1;
    }
    const S = spines.length;
    if (S > 0 && L > 1) {
      let g = 0;
      for (let l = 0; l < L; l++) {
        const n = l < serverLeaves ? net.leafPorts.up : at(uplinks, l);
        for (let u = 0; u < n; u++, g++) {
          link(
            fabric,
            'leafSpine',
            gbps,
            at(leaves, l),
            nextPort(at(leaves, l)),
            at(spines, g % S),
          );
        }
      }
      if (cores.length > 0 && net.linksByLevel.spineCore > 0) {
        const upPer = Math.round(net.linksByLevel.spineCore / S);
        cableUp(fabric, gbps, spines, upPer, 1, cores);
      }
    }
  }

  // Each kind of loop's installed capacity is shared among the halls by the heat their racks
  // make (the devices' design draw), not by rack count: a hall of network racks makes less heat
  // than one of compute racks.
  const heatOfRack = new Map<string, number>();
  for (const d of devices)
    if (d.rackId !== null)
      heatOfRack.set(d.rackId, (heatOfRack.get(d.rackId) ?? 0) + (d.designKW ?? d.powerKW));
  const heatOfLoop = new Map<string, number>();
  for (const r of racks)
    if (r.coolingLoopId !== undefined)
      heatOfLoop.set(
        r.coolingLoopId,
        (heatOfLoop.get(r.coolingLoopId) ?? 0) + (heatOfRack.get(r.id) ?? 0),
      );
  const sharedLoops = coolingLoops.map((loop) => {
    const sameKind = coolingLoops.filter((l) => l.kind === loop.kind);
    const installed = sameKind.reduce((sum, l) => sum + l.capacityKW, 0);
    const heat = sameKind.reduce((sum, l) => sum + (heatOfLoop.get(l.id) ?? 0), 0);
    const own = heatOfLoop.get(loop.id) ?? 0;
    return heat > 0 && own > 0 ? { ...loop, capacityKW: (installed * own) / heat } : loop;
  });

  return {
    schemaVersion: 1,
    origin,
    sites,
    halls,
    rows,
    racks,
    coolingLoops: sharedLoops,
    devices,
    gpus,
    panels,
    feeds,
    links,
  };
}

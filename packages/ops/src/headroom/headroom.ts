// Capacity headroom of a built facility: per rack, per power feed, per panel and per cooling loop.
// A feed's usable power is core's feedCapacityKW (V × A × √3 if three-phase × power factor ×
// derating, the NEC 210.20 continuous-load rule); the load that counts against a feed of a 2N
// (A/B) rack is the rack's whole load, since either side must carry it when its partner fails:
// the definition of 2N distribution (Uptime Institute, Tier Standard: Topology, 2018, Tier III
// and IV: every path sized for the whole load).
import {
  feedCapacityKW,
  type Inventory,
  type InventoryDevice,
  type InventoryFeed,
} from '@aidc/core';

/** Measured power by host name (an inventory device's `name`): each host's peak wall power over
 *  the window, kW (Redfish/IPMI PSU input; DCGM's power counts the GPUs only). */
export interface MeasuredPower {
  readonly hostPowerKW: ReadonlyMap<string, number>;
}

/**
 * Which load governs a rack's headroom:
 * - `measured` (default): each measured device at its measured peak, each unmeasured device at
 *   its planned power — telemetry where it exists, the nameplate where it does not;
 * - `planned`: every device at its planned power (the design view);
 * - `higher`: the larger of the two, for a facility whose telemetry window may miss the peak.
 */
export type LoadBasis = 'measured' | 'planned' | 'higher';

export interface HeadroomOptions {
  readonly basis?: LoadBasis;
}

export interface RackHeadroom {
  readonly rackId: string;
  readonly name: string;
  readonly limitKW: number;
  /** The sum of the rack's devices' planned power. */
  readonly plannedKW: number;
  /** The sum of the rack's measured hosts' power; null when none of its hosts is measured. */
  readonly measuredKW: number | null;
  readonly measuredDevices: number;
  readonly devices: number;
  /** The load the headroom is taken against, and which basis gave it. */
  readonly loadKW: number;
  readonly basis: 'measured' | 'planned';
  readonly headroomKW: number;
  /** loadKW / limitKW. */
  readonly fraction: number;
  readonly coolingLimitKW: number;
  /**
   * The rack's heat: measured draw where measured, else the devices' design draw (the plan's
   * design basis, which sized the cooling plant), else their rating. Power limits and feeds are
   * taken at the rating (a breaker must carry the nameplate); cooling at the draw.
   */
  readonly heatKW: number;
  /** The rack's heat against the heat its cooling removes. */
  readonly coolingHeadroomKW: number;
}

export interface FeedHeadroom {
  readonly feedId: string;
  readonly name: string;
  readonly panelId: string;
  readonly rackId: string | null;
  readonly side: 'A' | 'B';
  readonly capacityKW: number;
  /** The load the feed carries when the other side has failed: the rack's whole load shared by
   *  the rack's feeds on this side. */
  readonly loadKW: number;
  /** The load with both sides up: the rack's load shared by all its feeds. */
  readonly normalKW: number;
  readonly headroomKW: number;
  readonly fraction: number;
}

export interface PanelLoad {
  readonly panelId: string;
  readonly name: string;
  readonly path: 'A' | 'B';
  readonly feeds: number;
  /** The sum of its feeds' failover loads: what the panel carries when the other path is down. */
  readonly loadKW: number;
  readonly normalKW: number;
}

export interface LoopHeadroom {
  readonly loopId: string;
  readonly name: string;
  readonly capacityKW: number;
  /** Heat from its racks (their heatKW). */
  readonly loadKW: number;
  readonly headroomKW: number;
  readonly fraction: number;
}

export interface HeadroomResult {
  readonly racks: readonly RackHeadroom[];
  readonly feeds: readonly FeedHeadroom[];
  readonly panels: readonly PanelLoad[];
  readonly loops: readonly LoopHeadroom[];
  /** Measured hosts the inventory does not name (telemetry ahead of the inventory). */
  readonly unplacedHosts: readonly string[];
}

/** The feeds of each rack, by side. */
export function feedsByRack(inventory: Inventory): Map<string, readonly InventoryFeed[]> {
  const byRack = new Map<string, InventoryFeed[]>();
  for (const feed of inventory.feeds) {
    if (feed.rackId === null) continue;
    const list = byRack.get(feed.rackId) ?? [];
    list.push(feed);
    byRack.set(feed.rackId, list);
  }
  return byRack;
}

/**
 * Headroom per rack, feed, panel and cooling loop.
 *
 * @example
 * headroom(inventory, { hostPowerKW: new Map([['gpu-001', 8.4]]) }).racks[0].headroomKW
 */
export function headroom(
  inventory: Inventory,
  measured: MeasuredPower,
  options: HeadroomOptions = {},
): HeadroomResult {
  const basis = options.basis ?? 'measured';
  for (const [host, kw] of measured.hostPowerKW) {
    if (!Number.isFinite(kw) || kw < 0)
      throw new RangeError(`measured power of host ${host} is ${kw} kW: expected a finite kW ≥ 0`);
  }
  const known = new Set(inventory.devices.map((d) => d.name));
  const unplacedHosts = [...measured.hostPowerKW.keys()].filter((h) => !known.has(h)).sort();

  const devicesOf = new Map<string, InventoryDevice[]>();
  for (const d of inventory.devices) {
    if (d.rackId === null) continue;
    const list = devicesOf.get(d.rackId);
    if (list) list.push(d);
    else devicesOf.set(d.rackId, [d]);
  }
  const heatOf = new Map<string, number>();
  const racks: RackHeadroom[] = inventory.racks.map((rack) => {
    const devices = devicesOf.get(rack.id) ?? [];
    let plannedKW = 0;
    let measuredKW = 0;
    let measuredDevices = 0;
    let composite = 0;
    // Heat: measured draw where measured, else the design draw (designKW, the plan's design
    // basis that sized the cooling), else the rating.
    let heatKW = 0;
    let plannedHeatKW = 0;
    for (const d of devices) {
      plannedKW += d.powerKW;
      const design = d.designKW ?? d.powerKW;
      plannedHeatKW += design;
      const m = measured.hostPowerKW.get(d.name);
      if (m === undefined) {
        composite += d.powerKW;
        heatKW += design;
      } else {
        measuredKW += m;
        measuredDevices += 1;
        composite += m;
        heatKW += m;
      }
    }
    const hasMeasured = measuredDevices > 0;
    const rackHeat =
      basis === 'planned' || !hasMeasured
        ? plannedHeatKW
        : basis === 'higher'
          ? Math.max(heatKW, plannedHeatKW)
          : heatKW;
    heatOf.set(rack.id, rackHeat);
    const loadKW =
      basis === 'planned' || !hasMeasured
        ? plannedKW
        : basis === 'higher'
          ? Math.max(composite, plannedKW)
          : composite;
    return {
      rackId: rack.id,
      name: rack.name,
      limitKW: rack.powerLimitKW,
      plannedKW,
      measuredKW: hasMeasured ? measuredKW : null,
      measuredDevices,
      devices: devices.length,
      loadKW,
      basis: basis === 'planned' || !hasMeasured ? 'planned' : 'measured',
      headroomKW: rack.powerLimitKW - loadKW,
      fraction: loadKW / rack.powerLimitKW,
      coolingLimitKW: rack.coolingLimitKW,
      heatKW: rackHeat,
      coolingHeadroomKW: rack.coolingLimitKW - rackHeat,
    };
  });
  const rackLoad = new Map(racks.map((r) => [r.rackId, r.loadKW]));
  const byRack = feedsByRack(inventory);

  const feeds: FeedHeadroom[] = inventory.feeds.map((feed) => {
    const capacityKW = feedCapacityKW(feed);
    const siblings = feed.rackId === null ? [] : (byRack.get(feed.rackId) ?? []);
    const load = feed.rackId === null ? 0 : (rackLoad.get(feed.rackId) ?? 0);
    const sameSide = siblings.filter((f) => f.side === feed.side).length;
    const loadKW = sameSide > 0 ? load / sameSide : 0;
    const normalKW = siblings.length > 0 ? load / siblings.length : 0;
    return {
      feedId: feed.id,
      name: feed.name,
      panelId: feed.panelId,
      rackId: feed.rackId,
      side: feed.side,
      capacityKW,
      loadKW,
      normalKW,
      headroomKW: capacityKW - loadKW,
      fraction: loadKW / capacityKW,
    };
  });

  const panels: PanelLoad[] = inventory.panels.map((panel) => {
    const own = feeds.filter((f) => f.panelId === panel.id);
    return {
      panelId: panel.id,
      name: panel.name,
      path: panel.path,
      feeds: own.length,
      loadKW: own.reduce((s, f) => s + f.loadKW, 0),
      normalKW: own.reduce((s, f) => s + f.normalKW, 0),
    };
  });

  const loops: LoopHeadroom[] = inventory.coolingLoops.map((loop) => {
    const loadKW = inventory.racks
      .filter((r) => r.coolingLoopId === loop.id)
      .reduce((s, r) => s + (heatOf.get(r.id) ?? 0), 0);
    return {
      loopId: loop.id,
      name: loop.name,
      capacityKW: loop.capacityKW,
      loadKW,
      headroomKW: loop.capacityKW - loadKW,
      fraction: loadKW / loop.capacityKW,
    };
  });

  return { racks, feeds, panels, loops, unplacedHosts };
}

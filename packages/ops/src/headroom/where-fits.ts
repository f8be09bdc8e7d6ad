// Where the next servers fit: racks with free contiguous units, power headroom (the rack limit
// and every feed at its failover load) and cooling headroom (the rack and its loop), filled
// best-fit first — the tightest rack that still takes one, the classic bin-packing heuristic
// that keeps the roomy racks for larger loads (Johnson 1974, "Fast algorithms for bin
// packing", J. Comput. Syst. Sci. 8(3)).
import type { Inventory } from '@aidc/core';
import { feedsByRack, type HeadroomResult } from './headroom.js';
import { devicesFitting, freeRuns } from './rack-units.js';

export interface ServerToPlace {
  readonly model: string;
  /** The power each server is planned to draw (kW). */
  readonly powerKW: number;
  readonly heightU: number;
}

export type FitLimit = 'space' | 'power' | 'feed' | 'cooling' | 'coolingLoop';
const LIMITS: readonly FitLimit[] = ['space', 'power', 'feed', 'cooling', 'coolingLoop'];

export interface WhereFitsOptions {
  /** The rack roles that may take the server (default: compute racks). */
  readonly roles?: readonly ('compute' | 'network' | 'storage')[];
}

export interface RackFit {
  readonly rackId: string;
  readonly name: string;
  /** How many the rack takes (its loop shared with the racks placed before it). */
  readonly fits: number;
  /** How many of the n asked for go here. */
  readonly place: number;
  readonly freeUnits: number;
  readonly largestFreeRunU: number;
  readonly powerHeadroomKW: number;
  /** The rack load its feeds can still add, each at its failover load. */
  readonly feedHeadroomKW: number | null;
  readonly coolingHeadroomKW: number;
  /** What stops the rack taking more. */
  readonly limitedBy: FitLimit;
}

export interface WhereFitsResult {
  readonly model: string;
  readonly requested: number;
  readonly placed: number;
  /** How many fit in all the eligible racks together. */
  readonly fitsTotal: number;
  readonly short: number;
  /** Racks that take at least one, in the order they are filled. */
  readonly racks: readonly RackFit[];
  /** How many would fit if each constraint were the only one (null: that one does not bind). */
  readonly totals: Readonly<Record<FitLimit, number | null>>;
  /** When fewer than n fit: the constraints that fall short, tightest first. */
  readonly limitedBy: readonly FitLimit[];
}

// A count from a headroom and a per-server need, tolerant of float dust (40.8 / 10.2 → 4).
const countOf = (headroomKW: number, perServerKW: number) =>
  headroomKW <= 0 ? 0 : Math.floor(headroomKW / perServerKW + 1e-9);

/**
 * The racks where the next `n` servers of a type fit, best-fit first, and how many fit in total.
 *
 * @example
 * whereFits(inventory, headroom(inventory, measured), { model: 'dgx-h100', powerKW: 10.2, heightU: 8 }, 4)
 */
export function whereFits(
  inventory: Inventory,
  result: HeadroomResult,
  server: ServerToPlace,
  n: number,
  options: WhereFitsOptions = {},
): WhereFitsResult {
  if (!(server.powerKW > 0) || !Number.isInteger(server.heightU) || server.heightU < 1)
    throw new RangeError('a server needs powerKW > 0 and a whole heightU ≥ 1');
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n is ${n}: expected a whole number ≥ 0`);
  const roles = new Set(options.roles ?? ['compute']);
  const headroomOf = new Map(result.racks.map((r) => [r.rackId, r]));
  const feedOf = new Map(result.feeds.map((f) => [f.feedId, f]));
  const loopLeft = new Map(result.loops.map((l) => [l.loopId, l.headroomKW]));
  const byRack = feedsByRack(inventory);

  interface Candidate {
    readonly rackId: string;
    readonly name: string;
    readonly loopId: string | undefined;
    readonly freeUnits: number;
    readonly largestFreeRunU: number;
    readonly powerHeadroomKW: number;
    readonly feedHeadroomKW: number | null;
    readonly coolingHeadroomKW: number;
    readonly alone: Readonly<Record<Exclude<FitLimit, 'coolingLoop'>, number>>;
  }
  const candidates: Candidate[] = [];
  for (const rack of inventory.racks) {
    if (!roles.has(rack.role)) continue;
    const h = headroomOf.get(rack.id);
    if (!h) continue;
    const runs = freeRuns(inventory, rack);
    // Each feed takes its share of the added load on its side: 1 / (feeds on that side).
    const feeds = byRack.get(rack.id) ?? [];
    let feedHeadroomKW: number | null = null;
    for (const f of feeds) {
      const fh = feedOf.get(f.id);
      if (!fh) continue;
      const sameSide = feeds.filter((x) => x.side === f.side).length;
      const room = fh.headroomKW * sameSide;
      feedHeadroomKW = feedHeadroomKW === null ? room : Math.min(feedHeadroomKW, room);
    }
    candidates.push({
      rackId: rack.id,
      name: rack.name,
      loopId: rack.coolingLoopId,
      freeUnits: runs.reduce((s, r) => s + r.units, 0),
      largestFreeRunU: runs.reduce((m, r) => Math.max(m, r.units), 0),
      powerHeadroomKW: h.headroomKW,
      feedHeadroomKW,
      coolingHeadroomKW: h.coolingHeadroomKW,
      alone: {
        space: devicesFitting(runs, server.heightU),
        power: countOf(h.headroomKW, server.powerKW),
        feed: feedHeadroomKW === null ? Infinity : countOf(feedHeadroomKW, server.powerKW),
        cooling: countOf(h.coolingHeadroomKW, server.powerKW),
      },
    });
  }
  // Best fit: the least power headroom first (ties by name, for a stable answer).
  candidates.sort(
    (a, b) => a.powerHeadroomKW - b.powerHeadroomKW || a.name.localeCompare(b.name, 'en'),
  );

  const racks: RackFit[] = [];
  let fitsTotal = 0;
  let left = n;
  const binding = new Map<FitLimit, number>();
  for (const c of candidates) {
    const loopRoom = c.loopId === undefined ? undefined : (loopLeft.get(c.loopId) ?? 0);
    const byLimit: Record<FitLimit, number> = {
      ...c.alone,
      coolingLoop: loopRoom === undefined ? Infinity : countOf(loopRoom, server.powerKW),
    };
    const fits = Math.min(...LIMITS.map((l) => byLimit[l]));
    const limitedBy = LIMITS.find((l) => byLimit[l] === fits) ?? 'space';
    binding.set(limitedBy, (binding.get(limitedBy) ?? 0) + 1);
    if (c.loopId !== undefined && loopRoom !== undefined)
      loopLeft.set(c.loopId, loopRoom - fits * server.powerKW);
    fitsTotal += fits;
    if (fits === 0) continue;
    const place = Math.min(fits, left);
    left -= place;
    racks.push({
      rackId: c.rackId,
      name: c.name,
      fits,
      place,
      freeUnits: c.freeUnits,
      largestFreeRunU: c.largestFreeRunU,
      powerHeadroomKW: c.powerHeadroomKW,
      feedHeadroomKW: c.feedHeadroomKW,
      coolingHeadroomKW: c.coolingHeadroomKW,
      limitedBy,
    });
  }

  const sum = (l: Exclude<FitLimit, 'coolingLoop'>) => {
    const total = candidates.reduce((s, c) => s + c.alone[l], 0);
    return Number.isFinite(total) ? total : null;
  };
  const loopTotal = () => {
    if (candidates.some((c) => c.loopId === undefined)) return null;
    const loops = new Set(candidates.map((c) => c.loopId));
    let total = 0;
    for (const l of result.loops)
      if (loops.has(l.loopId)) total += countOf(l.headroomKW, server.powerKW);
    return total;
  };
  const totals: Record<FitLimit, number | null> = {
    space: sum('space'),
    power: sum('power'),
    feed: sum('feed'),
    cooling: sum('cooling'),
    coolingLoop: loopTotal(),
  };
  const placed = n - left;
  let limitedBy: FitLimit[] = [];
  if (placed < n) {
    limitedBy = LIMITS.filter((l) => {
      const t = totals[l];
      return t !== null && t < n;
    }).sort((a, b) => (totals[a] ?? 0) - (totals[b] ?? 0));
    // No single constraint falls short: it is their combination, rack by rack.
    if (limitedBy.length === 0)
      limitedBy = [...binding.entries()].sort((a, b) => b[1] - a[1]).map(([l]) => l);
  }
  return {
    model: server.model,
    requested: n,
    placed,
    fitsTotal,
    short: n - placed,
    racks,
    totals,
    limitedBy,
  };
}

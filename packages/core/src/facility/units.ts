// Plant units for a load: how many units of what size, with the tier's redundancy. Units come in
// a size range (a chiller frame family, a UPS family); the plant uses the fewest units of at most
// the largest size, each sized to its share of the load but never below the smallest size.
// Redundancy follows the Uptime Institute Tier Standard: Topology — Tier I: N; Tier II: N+1
// components; Tier III: N+1 lineups (block- or distributed-redundant), concurrently
// maintainable; Tier IV: 2N.
import type { TierId } from '../catalog/facility.js';

export interface UnitRange {
  readonly minKW: number;
  readonly maxKW: number;
}

export interface UnitCount {
  /** Units needed for the load (N). */
  readonly needed: number;
  /** Units installed, with redundancy. */
  readonly units: number;
  readonly unitKW: number;
}

/** Units of `range` for `loadKW` at N (no redundancy): the fewest, each right-sized. */
export function sizeUnits(loadKW: number, range: UnitRange): { needed: number; unitKW: number } {
  const needed = Math.max(1, Math.ceil(loadKW / range.maxKW - 1e-9));
  const share = Math.ceil(loadKW / needed / 10) * 10;
  return { needed, unitKW: Math.min(range.maxKW, Math.max(range.minKW, share)) };
}

/** Installed units for N needed at a tier: N, N+1 or 2N. */
export function redundantUnits(needed: number, tier: TierId): number {
  if (tier === 'I') return needed;
  if (tier === 'IV') return 2 * needed;
  return needed + 1;
}

export function unitsAtTier(loadKW: number, range: UnitRange, tier: TierId): UnitCount {
  const { needed, unitKW } = sizeUnits(loadKW, range);
  return { needed, units: redundantUnits(needed, tier), unitKW };
}

export type Lineup = 'block-redundant' | 'distributed-redundant';

export interface LineupPlan {
  readonly topology: string;
  /** Lineups carrying the load (N) and installed. */
  readonly needed: number;
  readonly installed: number;
  /** Load each lineup carries in normal operation. */
  readonly loadPerLineupKW: number;
  /** Capacity each lineup is built for. */
  readonly lineupKW: number;
  /** Independent distribution paths to each rack (A/B feeds at Tier III and IV). */
  readonly paths: number;
}

/**
 * Power lineups (transformer, switchboard, UPS, generator) for a load. Tier III: block-redundant
 * (N active blocks and one reserve block that takes over any of them through a catcher bus) or
 * distributed-redundant (N+1 active lineups, each loaded to N/(N+1), e.g. "4 to make 3"); both
 * install N+1 lineups and feed every rack from two paths. Tier IV: two full systems (2N).
 */
export function planLineups(
  loadKW: number,
  maxLineupKW: number,
  tier: TierId,
  lineup: Lineup,
): LineupPlan {
  const needed = Math.max(1, Math.ceil(loadKW / maxLineupKW - 1e-9));
  const lineupKW = loadKW / needed;
  if (tier === 'III') {
    const installed = needed + 1;
    return {
      topology:
        lineup === 'block-redundant'
          ? `block-redundant, ${needed} + 1 reserve block`
          : `distributed-redundant, ${installed} to make ${needed}`,
      needed,
      installed,
      loadPerLineupKW: lineup === 'block-redundant' ? lineupKW : loadKW / installed,
      lineupKW,
      paths: 2,
    };
  }
  if (tier === 'IV') {
    return {
      topology: `2N, two systems of ${needed}`,
      needed,
      installed: 2 * needed,
      loadPerLineupKW: lineupKW / 2,
      lineupKW,
      paths: 2,
    };
  }
  return {
    topology: tier === 'II' ? 'one system, N+1 components' : 'one system, N',
    needed,
    installed: needed,
    loadPerLineupKW: lineupKW,
    lineupKW,
    paths: 1,
  };
}

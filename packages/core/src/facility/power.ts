// Facility power: IT load expected, at nameplate and at the electrical design load, facility load
// through PUE, and the UPS and generator plant for the tier (Uptime Institute Tier Standard:
// Topology). UPS capacity follows the power lineups; generators carry the whole facility at their
// tier's ISO 8528-1 rating (standby at Tier I/II; continuous, no runtime limit, at Tier III/IV).
import type { GeneratorRatingId, TierId } from '../catalog/facility.js';
import {
  planLineups,
  sizeUnits,
  unitsAtTier,
  type Lineup,
  type LineupPlan,
  type UnitRange,
} from './units.js';

export interface ItLoadKW {
  readonly servers: number;
  readonly network: number;
  readonly storage: number;
}

/** Where the equipment is: a building of its own, or racks in a colocation hall or machine room. */
export type Hosting = 'dedicated' | 'colocation';

export interface PowerPlan {
  /** Expected draw: servers at their workloads' load factor. */
  readonly itPowerMW: number;
  /** Nameplate: every device at its maximum. */
  readonly itNameplateMW: number;
  /** What the electrical plant is sized for: servers at measured peak plus margin, or nameplate. */
  readonly itDesignMW: number;
  readonly designBasis: string;
  readonly itByPartMW: {
    readonly servers: number;
    readonly network: number;
    readonly storage: number;
  };
  readonly pue: number;
  readonly facilityPowerMW: number;
  readonly facilityNameplateMW: number;
  readonly facilityDesignMW: number;
  readonly hosting: Hosting;
  readonly lineups: LineupPlan;
  readonly ups: {
    readonly modules: number;
    readonly moduleKW: number;
    readonly capacityMW: number;
    readonly kind: string;
  };
  readonly generators: {
    readonly units: number;
    /** Standby (ESP) nameplate of one set. */
    readonly unitKW: number;
    readonly rating: GeneratorRatingId;
    /** What one set carries at that rating. */
    readonly ratedKW: number;
    /** Installed capacity at the rating. */
    readonly capacityMW: number;
  };
  readonly redundancy: string;
}

export const REDUNDANCY: Record<TierId, string> = {
  I: 'N',
  II: 'N+1',
  III: 'N+1, concurrently maintainable',
  IV: '2N, fault tolerant',
};

export interface PowerUnits {
  readonly upsSmall: UnitRange;
  readonly upsLarge: UnitRange;
  readonly rackUpsKW: number;
  /** Standby ratings of the generator sets. */
  readonly generator: UnitRange;
  readonly smallUpsBelowKW: number;
  readonly colocationBelowKW: number;
  readonly lineupKW: number;
  readonly lineup: Lineup;
  readonly generatorRating: GeneratorRatingId;
  /** The rating as a share of standby (ISO 8528-1 classes). */
  readonly ratingFraction: number;
}

export interface PowerInput {
  readonly expected: ItLoadKW;
  readonly nameplate: ItLoadKW;
  readonly design: ItLoadKW;
  readonly designBasis: string;
  readonly pue: number;
  readonly tier: TierId;
  readonly units: PowerUnits;
}

const sum = (l: ItLoadKW) => l.servers + l.network + l.storage;

/** UPS modules for the design IT load: rack units, modular, or frames per lineup. */
function planUps(
  designKW: number,
  lineups: LineupPlan,
  tier: TierId,
  u: PowerUnits,
  hosting: Hosting,
) {
  if (hosting === 'colocation') {
    const range = { minKW: u.rackUpsKW, maxKW: u.rackUpsKW };
    const c = unitsAtTier(designKW, range, tier);
    return { modules: c.units, moduleKW: c.unitKW, kind: 'rack-mount UPS' };
  }
  const range = designKW <= u.smallUpsBelowKW ? u.upsSmall : u.upsLarge;
  const kind = designKW <= u.smallUpsBelowKW ? 'modular UPS' : 'UPS frames';
  if (tier === 'III' || tier === 'IV') {
    // Every lineup carries its own modules for the load it is built for.
    const perLineup = sizeUnits(lineups.lineupKW, range);
    return { modules: perLineup.needed * lineups.installed, moduleKW: perLineup.unitKW, kind };
  }
  const c = unitsAtTier(designKW, range, tier);
  return { modules: c.units, moduleKW: c.unitKW, kind };
}

export function planPower(input: PowerInput): PowerPlan {
  const { pue, tier, units: u } = input;
  const itKW = sum(input.expected);
  const nameplateKW = sum(input.nameplate);
  const designKW = sum(input.design);
  const hosting: Hosting = designKW < u.colocationBelowKW ? 'colocation' : 'dedicated';
  const planned = planLineups(designKW, u.lineupKW, tier, u.lineup);
  const lineups =
    hosting === 'colocation'
      ? { ...planned, topology: "rack-level UPS on the host's lineups" }
      : planned;
  const ups = planUps(designKW, lineups, tier, u, hosting);
  // Generators back the whole facility (IT plus cooling and losses) at the design load; a
  // colocation host's or machine room's generators are not the cluster's.
  const rated = {
    minKW: u.generator.minKW * u.ratingFraction,
    maxKW: u.generator.maxKW * u.ratingFraction,
  };
  const gens =
    hosting === 'colocation' ? { units: 0, unitKW: 0 } : unitsAtTier(designKW * pue, rated, tier);
  return {
    itPowerMW: itKW / 1000,
    itNameplateMW: nameplateKW / 1000,
    itDesignMW: designKW / 1000,
    designBasis: input.designBasis,
    itByPartMW: {
      servers: input.expected.servers / 1000,
      network: input.expected.network / 1000,
      storage: input.expected.storage / 1000,
    },
    pue,
    facilityPowerMW: (itKW * pue) / 1000,
    facilityNameplateMW: (nameplateKW * pue) / 1000,
    facilityDesignMW: (designKW * pue) / 1000,
    hosting,
    lineups,
    ups: { ...ups, capacityMW: (ups.modules * ups.moduleKW) / 1000 },
    generators: {
      units: gens.units,
      unitKW: gens.unitKW / u.ratingFraction,
      rating: u.generatorRating,
      ratedKW: gens.unitKW,
      capacityMW: (gens.units * gens.unitKW) / 1000,
    },
    redundancy:
      hosting === 'colocation' ? `${REDUNDANCY[tier]} (the host's plant)` : REDUNDANCY[tier],
  };
}

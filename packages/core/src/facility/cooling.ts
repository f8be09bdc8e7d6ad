// Heat rejection: all IT power becomes heat. Direct-liquid-cooled servers send a captured share
// to coolant distribution units; the rest, and every air-cooled device, goes to computer-room air
// handlers. Chillers (or dry coolers) reject all of it, the liquid loop's heat included. Units are
// right-sized within each product range and carry the tier's redundancy; in a colocation hall
// the host's air handlers and chillers do the work.
import type { TierId } from '../catalog/facility.js';
import type { Hosting } from './power.js';
import { unitsAtTier, type UnitRange } from './units.js';

export interface CoolingUnits {
  readonly units: number;
  readonly unitKW: number;
}

export interface CoolingPlan {
  readonly cooling: 'air' | 'liquid';
  readonly heatMW: number;
  readonly liquidMW: number;
  readonly airMW: number;
  readonly cdus: CoolingUnits;
  readonly crahs: CoolingUnits;
  readonly chillers: CoolingUnits;
}

export interface CoolingRanges {
  readonly cdu: UnitRange;
  readonly crah: UnitRange;
  readonly chiller: UnitRange;
}

const none: CoolingUnits = { units: 0, unitKW: 0 };

export function planCooling(
  cooling: 'air' | 'liquid',
  serverHeatKW: number,
  otherHeatKW: number,
  liquidCaptureFraction: number,
  tier: TierId,
  ranges: CoolingRanges,
  hosting: Hosting = 'dedicated',
): CoolingPlan {
  const liquidKW = cooling === 'liquid' ? serverHeatKW * liquidCaptureFraction : 0;
  const airKW = serverHeatKW + otherHeatKW - liquidKW;
  const totalKW = liquidKW + airKW;
  const at = (kw: number, range: UnitRange) => {
    const c = unitsAtTier(kw, range, tier);
    return { units: c.units, unitKW: c.unitKW };
  };
  const hosted = hosting === 'colocation';
  return {
    cooling,
    heatMW: totalKW / 1000,
    liquidMW: liquidKW / 1000,
    airMW: airKW / 1000,
    cdus: liquidKW > 0 ? at(liquidKW, ranges.cdu) : none,
    crahs: airKW > 0 && !hosted ? at(airKW, ranges.crah) : none,
    chillers: totalKW > 0 && !hosted ? at(totalKW, ranges.chiller) : none,
  };
}

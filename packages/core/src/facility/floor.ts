// Floor and land: white space from the racks, the gross building from Rider Levett Bucknall's
// 250-310 m2 per MW of IT (RLB, "Data centre growth seen in scaled schemes and retrofits", 2024)
// or the racks' own need when larger, and the yards and substation outside it.
import type { FacilityCatalog } from '../catalog/facility.js';
import type { Hosting } from './power.js';

export interface FloorPlan {
  readonly whiteSpaceM2: number;
  /** Gross building: white space, electrical and mechanical rooms, back of house. */
  readonly floorAreaM2: number;
  readonly floorBasis: string;
  /** RLB's range for this IT load. */
  readonly grossRangeM2: { readonly low: number; readonly high: number };
  readonly generatorYardM2: number;
  readonly chillerYardM2: number;
  readonly substationM2: number;
  /** Building (one storey) plus yards and substation. */
  readonly siteM2: number;
}

export function planFloor(
  racks: number,
  itDesignMW: number,
  facilityDesignMW: number,
  generatorMW: number,
  chillerMW: number,
  hosting: Hosting,
  fac: FacilityCatalog,
): FloorPlan {
  const f = fac.floor;
  const whiteSpaceM2 = racks * f.whiteSpaceM2PerRack.value;
  const range = {
    low: itDesignMW * f.grossM2PerMW.value.low,
    high: itDesignMW * f.grossM2PerMW.value.high,
  };
  if (hosting === 'colocation') {
    return {
      whiteSpaceM2,
      floorAreaM2: whiteSpaceM2,
      floorBasis: 'racks in a colocation hall or machine room: white space only',
      grossRangeM2: range,
      generatorYardM2: 0,
      chillerYardM2: 0,
      substationM2: 0,
      siteM2: whiteSpaceM2,
    };
  }
  const byRacks = whiteSpaceM2 * (1 + f.supportSpaceFraction.value);
  const byPower = (range.low + range.high) / 2;
  const floorAreaM2 = Math.max(byRacks, byPower);
  const generatorYardM2 = generatorMW * f.yardM2PerGeneratorMW.value;
  const chillerYardM2 = chillerMW * f.yardM2PerChillerMW.value;
  const substationM2 = facilityDesignMW * f.substationM2PerMW.value;
  return {
    whiteSpaceM2,
    floorAreaM2,
    floorBasis:
      byPower >= byRacks
        ? `${f.grossM2PerMW.value.low}-${f.grossM2PerMW.value.high} m2 per MW of IT (RLB), mid-range`
        : "the racks need more than RLB's m2 per MW: white space plus 1.5x support space",
    grossRangeM2: range,
    generatorYardM2,
    chillerYardM2,
    substationM2,
    siteM2: floorAreaM2 + generatorYardM2 + chillerYardM2 + substationM2,
  };
}

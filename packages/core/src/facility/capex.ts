// Facility capex itemised: each item a unit cost times the quantity the plan installs (UPS and
// generator kW, chiller kW, distribution paths, m2), so the gap between tiers follows the
// equipment. Unit costs are at the cost guide's reference market and date (Cushman & Wakefield,
// Data Center Development Cost Guide 2025: US average $11.7M per MW of critical load).
import type { CapexBasis, CapexItem, FacilityCatalog } from '../catalog/facility.js';
import type { Hosting } from './power.js';

export interface CapexQuantities {
  readonly hosting: Hosting;
  readonly itDesignKW: number;
  readonly facilityDesignKW: number;
  readonly paths: number;
  readonly upsKW: number;
  /** Standby nameplate of the generator sets installed. */
  readonly generatorStandbyKW: number;
  readonly chillerKW: number;
  readonly airHandlingKW: number;
  readonly cduKW: number;
  readonly grossM2: number;
}

export interface CapexLine {
  readonly item: CapexItem;
  readonly usd: number;
  readonly quantity: number;
  readonly per: CapexBasis;
  readonly usdPerUnit: number;
}

export interface FacilityCapex {
  readonly items: readonly CapexLine[];
  readonly totalUsd: number;
  readonly usdPerMWIt: number;
  readonly market: string;
}

/** Items a cluster hosted in someone else's hall does not build. */
const HOST_ITEMS: ReadonlySet<CapexItem> = new Set([
  'substation',
  'switchgear',
  'generators',
  'coolingPlant',
  'airHandling',
  'shell',
  'site',
  'backOfHouse',
]);

function quantityOf(per: CapexBasis, q: CapexQuantities): number {
  switch (per) {
    case 'facility kW':
      return q.facilityDesignKW;
    case 'facility kW per path':
      return q.facilityDesignKW * q.paths;
    case 'UPS kW installed':
      return q.upsKW;
    case 'generator kW installed (standby)':
      return q.generatorStandbyKW;
    case 'IT kW per path':
      return q.itDesignKW * q.paths;
    case 'chiller kW installed':
      return q.chillerKW;
    case 'air-handling kW installed':
      return q.airHandlingKW;
    case 'CDU kW installed':
      return q.cduKW;
    case 'IT kW':
      return q.itDesignKW;
    case 'gross m2':
      return q.grossM2;
  }
}

export function facilityCapex(q: CapexQuantities, fac: FacilityCatalog): FacilityCapex {
  const items: CapexLine[] = [];
  for (const [item, entry] of Object.entries(fac.capex.items) as [
    CapexItem,
    { value: { usd: number; per: CapexBasis } },
  ][]) {
    if (q.hosting === 'colocation' && HOST_ITEMS.has(item)) continue;
    const quantity = quantityOf(entry.value.per, q);
    if (quantity <= 0) continue;
    items.push({
      item,
      usd: quantity * entry.value.usd,
      quantity,
      per: entry.value.per,
      usdPerUnit: entry.value.usd,
    });
  }
  const totalUsd = items.reduce((s, i) => s + i.usd, 0);
  return {
    items,
    totalUsd,
    usdPerMWIt: q.itDesignKW > 0 ? totalUsd / (q.itDesignKW / 1000) : 0,
    market: fac.capex.referenceMarket.value,
  };
}

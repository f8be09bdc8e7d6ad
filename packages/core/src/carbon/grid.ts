// Grid carbon intensity by country and year, from the data CO2.js (@tgwf/co2) ships: Electricity
// Maps yearly zone averages (lifecycle gCO2eq/kWh, ODbL) for 2021-2025, and Ember's yearly
// averages (CC BY-SA 4.0) for the world figure when no country is given.
import { averageIntensity } from '@tgwf/co2/data';
import {
  yearly2021,
  yearly2022,
  yearly2023,
  yearly2024,
  yearly2025,
} from '@tgwf/co2/data/electricity-maps';

const YEARS = {
  2021: yearly2021,
  2022: yearly2022,
  2023: yearly2023,
  2024: yearly2024,
  2025: yearly2025,
};
export type GridYear = keyof typeof YEARS;
export const GRID_YEARS = Object.keys(YEARS).map(Number) as GridYear[];
/** The countries (ISO 3166-1 alpha-2) the bundled grid data covers, in any year. */
export function gridCountries(): readonly string[] {
  const codes = new Set<string>();
  for (const year of Object.values(YEARS))
    for (const code of Object.keys(year.data)) if (/^[A-Z]{2}$/.test(code)) codes.add(code);
  return [...codes].sort();
}

/** The latest complete year of the bundled data. */
export const DEFAULT_GRID_YEAR: GridYear = 2024;

export interface GridIntensity {
  readonly gCO2PerKWh: number;
  /** Share of the zone's electricity from carbon-free sources (renewables and nuclear), 0..1. */
  readonly carbonFreeShare?: number;
  readonly year?: number;
  readonly source: string;
  /** The world average, standing in for a zone without data. */
  readonly worldAverage?: boolean;
  /** Residual mix for market-based accounting (electricity without certificates), gCO2/kWh. */
  readonly residualGCO2PerKWh?: number;
  readonly residualSource?: string;
}

export function isGridYear(year: number): year is GridYear {
  return year in YEARS;
}

/** Intensity for an ISO 3166-1 alpha-2 country or an Electricity Maps zone id (a bidding zone such
 *  as SE-SE1); undefined when not covered. */
export function countryGridIntensity(
  country: string,
  year: GridYear = DEFAULT_GRID_YEAR,
): GridIntensity | undefined {
  const zone = YEARS[year].data[country];
  if (!zone) return undefined;
  return {
    gCO2PerKWh: zone.carbonIntensity.value,
    ...(zone.carbonFreeEnergy ? { carbonFreeShare: zone.carbonFreeEnergy.value / 100 } : {}),
    year,
    source: `Electricity Maps ${year} yearly average for ${zone.zone.zoneName} (lifecycle, via @tgwf/co2; ODbL)`,
  };
}

export function worldGridIntensity(): GridIntensity {
  const world = averageIntensity.data['WORLD'] ?? 480;
  return {
    gCO2PerKWh: world,
    worldAverage: true,
    source: 'Ember world average grid intensity (via @tgwf/co2 averageIntensity; CC BY-SA 4.0)',
  };
}

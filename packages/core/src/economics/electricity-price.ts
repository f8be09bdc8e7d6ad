// The electricity price of a site: the scenario's, its region's, its country's, or the default,
// and any catalog price with the scenario's quotes applied.
import { priceAt, type PriceFigure } from '../catalog/prices.js';
import type { Confidence } from '../catalog/sourced.js';

export function electricityPrice(
  country: string | undefined,
  override?: number,
  quotes: Readonly<Record<string, number>> = {},
): { value: number; source: string; confidence?: Confidence; countryDefault?: boolean } {
  if (override !== undefined) return { value: override, source: 'site.electricityUsdPerKWh' };
  const listed =
    country !== undefined ? priceAt(`electricityUsdPerKWh.${country}`, quotes) : undefined;
  if (listed !== undefined) return listed;
  const d = priceAt('electricityDefaultUsdPerKWh', quotes) as PriceFigure;
  return {
    value: d.value,
    source: `${d.source}; ${country ?? 'no country'} not listed`,
    countryDefault: true,
  };
}

/** The price at a catalog path, with the scenario's quotes applied; a missing id costs 0. */
export function quoted(path: string, quotes: Readonly<Record<string, number>>): PriceFigure {
  return (
    priceAt(path, quotes) ?? {
      value: 0,
      source: `no ${path} in the catalog: costed at $0 (give economics.prices.${path})`,
    }
  );
}

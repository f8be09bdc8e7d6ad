// The electricity price of a site: the scenario's, its region's, its country's, or the default,
// and any catalog price with the scenario's quotes applied.
import { priceAt, type PriceCatalog, type PriceFigure } from '../catalog/prices.js';
import type { Confidence } from '../catalog/sourced.js';

/** The prices a plan reads: the catalog's, with the scenario's quotes (economics.prices) over
 *  them by catalog path. */
export interface PriceBook {
  readonly catalog: PriceCatalog;
  readonly quotes: Readonly<Record<string, number>>;
}

export function electricityPrice(
  country: string | undefined,
  override: number | undefined,
  book: PriceBook,
): { value: number; source: string; confidence?: Confidence; countryDefault?: boolean } {
  if (override !== undefined) return { value: override, source: 'site.electricityUsdPerKWh' };
  const listed =
    country !== undefined
      ? priceAt(`electricityUsdPerKWh.${country}`, book.quotes, book.catalog)
      : undefined;
  if (listed !== undefined) return listed;
  const d = priceAt('electricityDefaultUsdPerKWh', book.quotes, book.catalog) as PriceFigure;
  return {
    value: d.value,
    source: `${d.source}; ${country ?? 'no country'} not listed`,
    countryDefault: true,
  };
}

/** The price at a catalog path, with the scenario's quotes applied; a missing id costs 0. */
export function quoted(path: string, book: PriceBook): PriceFigure {
  return (
    priceAt(path, book.quotes, book.catalog) ?? {
      value: 0,
      source: `no ${path} in the catalog: costed at $0 (give economics.prices.${path})`,
    }
  );
}

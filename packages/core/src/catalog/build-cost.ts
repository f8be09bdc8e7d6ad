// Data-centre construction cost per watt of IT by market (data/build-cost.json), from Turner &
// Townsend's 'Data centre construction cost index 2025-2026' (52 world markets) and Cushman &
// Wakefield's 'Data Center Development Cost Guide 2025' (19 US markets), each market mapped to
// its ISO 3166-2 region code (or the country code for a city-state).
//
// The reference is the guide average the catalog's facility cost stands for: Cushman &
// Wakefield's 19-market US average of USD 11.7/W (prices.json facilityBuildUsdPerMW.III is the
// same USD 11.7M/MW). A site's construction cost scales by buildCostRatio(code) = market / reference.
// Turner & Townsend markets are divided by the Cushman & Wakefield reference too; that ratio
// crosses two guides with their own scope and sampling, so read it as indicative.
import { z } from 'zod';
import buildCostData from './data/build-cost.json' with { type: 'json' };
import { loadCatalog } from './sourced.js';
import { SUBDIVISION_CODE, sourcedFigure, type SourcedFigure } from './regions.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const Code = z.string().regex(new RegExp(`${SUBDIVISION_CODE.source}|^[A-Z]{2}$`));

  const Market = z.strictObject({
    market: z.string().min(2),
    code: Code,
    country: z.string().regex(/^[A-Z]{2}$/),
    guide: z.enum(['turner-townsend-2025', 'cushman-wakefield-2025']),
    usdPerW: sourcedFigure(z.number().positive()),
  });

  const BuildCostSchema = z.strictObject({ reference: Market, markets: z.array(Market).min(1) });

  return { BuildCostSchema, Code, Market };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type BuildCostGuide = z.output<Schemas['Market']>['guide'];

export interface BuildCost extends SourcedFigure {
  readonly market: string;
  readonly code: string;
  readonly guide: BuildCostGuide;
}

const catalog = loadCatalog(
  'build-cost.json',
  () => {
    const { BuildCostSchema } = catalogSchemas();
    return BuildCostSchema;
  },
  buildCostData,
);

const toCost = (m: z.output<Schemas['Market']>): BuildCost => ({
  value: m.usdPerW.value,
  source: m.usdPerW.source,
  confidence: m.usdPerW.confidence,
  market: m.market,
  code: m.code,
  guide: m.guide,
});

/** The average the catalog's facility cost stands for: the US 19-market average, USD/W of IT. */
export const BUILD_COST_REFERENCE: BuildCost = toCost(catalog.reference);

/** Every market, the country's principal market listed first within a country. */
export const BUILD_COST_MARKETS: readonly BuildCost[] = catalog.markets.map(toCost);

/**
 * Construction cost per watt of IT for an ISO 3166-2 region or ISO 3166-1 country code: the
 * market in that region; for a country (or a region of a country with no market of its own) the
 * country's first-listed market, and for the US the reference average. Undefined when the guides
 * list no market in the country.
 */
export function buildCostPerW(countryOrRegion: string): BuildCost | undefined {
  const code = countryOrRegion.trim().toUpperCase();
  const exact = BUILD_COST_MARKETS.find((m) => m.code === code);
  if (exact) return exact;
  const country = code.slice(0, 2);
  if (country === catalog.reference.country) return BUILD_COST_REFERENCE;
  const index = catalog.markets.findIndex((m) => m.country === country);
  return index < 0 ? undefined : BUILD_COST_MARKETS[index];
}

/** The site's construction cost relative to the reference (1 for the US average market). */
export function buildCostRatio(countryOrRegion: string): number | undefined {
  const cost = buildCostPerW(countryOrRegion);
  return cost && cost.value / BUILD_COST_REFERENCE.value;
}

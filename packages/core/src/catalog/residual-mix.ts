// Market-based Scope 2 emission factors for electricity bought without a contractual instrument
// (no guarantee of origin, REC or PPA): the residual mix (data/residual-mix.json).
//
// - EU/EEA: AIB 'European Residual Mixes' (2023 edition for EU members; Norway and Iceland from
//   the 2018 edition), direct gCO2/kWh of generation. Austria has full disclosure and no residual
//   mix (RESIDUAL_MIX_FULL_DISCLOSURE); Switzerland and Liechtenstein are not in the catalog.
// - CN: the MEE/NBS national factor excluding market-traded non-fossil electricity (2022), the
//   factor for electricity not covered by green-power trades or certificates; every province
//   resolves to it.
// - US: Green-e Energy Residual Mix Emissions Rates by eGRID subregion and the US average. A US
//   state or any US code resolves to the US average; residualMixForEgridSubregion() gives the
//   subregion rate when the site's subregion is known (EPA Power Profiler).
//
// Rule for every other country, and for a covered one whose residual mix is absent: GHG Protocol
// Scope 2 Guidance (WRI/WBCSD, 2015), Table 6.3, ranks market-based emission factors as (1)
// energy attribute certificates, (2) contracts such as PPAs, (3) supplier/utility emission rates,
// (4) residual mix, (5) other grid-average factors. Where no residual mix is published the
// market-based figure falls back to the grid average, i.e. the location-based factor, and the
// report should say so. residualMixGCO2PerKWh() therefore returns undefined rather than a
// made-up residual mix; the caller uses the grid figure (carbon/grid.ts, regions.ts).
import { z } from 'zod';
import residualData from './data/residual-mix.json' with { type: 'json' };
import { loadCatalog, type Sourced } from './sourced.js';
import { sourcedFigure, type SourcedFigure } from './regions.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const Factor = sourcedFigure(z.number().positive());

  const ResidualSchema = z.strictObject({
    countries: z.record(z.string().regex(/^[A-Z]{2}$/), Factor),
    egridSubregions: z.record(z.string().regex(/^[A-Z]{4}$/), Factor),
    fullDisclosure: z.record(z.string().regex(/^[A-Z]{2}$/), z.string().min(8)),
  });

  return { Factor, ResidualSchema };
}
const catalog = loadCatalog(
  'residual-mix.json',
  () => {
    const { ResidualSchema } = catalogSchemas();
    return ResidualSchema;
  },
  residualData,
);

/** Residual-mix factor by ISO 3166-1 country, gCO2/kWh. */
export const RESIDUAL_MIX: Readonly<Record<string, SourcedFigure>> = catalog.countries;

/** Green-e residual-mix rate by eGRID subregion acronym (SRVC, ERCT, CAMX...), gCO2/kWh. */
export const EGRID_RESIDUAL_MIX: Readonly<Record<string, SourcedFigure>> = catalog.egridSubregions;

/** Countries with full disclosure, hence no residual mix, and the source saying so. */
export const RESIDUAL_MIX_FULL_DISCLOSURE: Readonly<Record<string, string>> =
  catalog.fullDisclosure;

/**
 * Residual-mix factor for an ISO 3166-1 country or ISO 3166-2 region (a region resolves to its
 * country). Undefined where none is published: then the GHG Protocol falls back to the grid
 * average (see the rule above).
 */
export function residualMixGCO2PerKWh(countryOrRegion: string): Sourced<number> | undefined {
  const country = countryOrRegion.trim().toUpperCase().slice(0, 2);
  return RESIDUAL_MIX[country];
}

/** Green-e residual-mix rate of an eGRID subregion, or undefined. */
export function residualMixForEgridSubregion(acronym: string): Sourced<number> | undefined {
  return EGRID_RESIDUAL_MIX[acronym.trim().toUpperCase()];
}

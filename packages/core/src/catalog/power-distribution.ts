// Rack power distribution conventions (data/power-distribution.json, a source beside each figure):
// the voltage, phases, breaker sizes and continuous-load derating of a rack feed by region, the
// server power factor, and the layout rules of the planned inventory (halls, panels, tray height).
import { z } from 'zod';
import powerData from './data/power-distribution.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const ConventionSchema = z.strictObject({
    id: z.string(),
    name: z.string(),
    /** ISO 3166-1 alpha-2 codes of the countries that use it (empty: the default's fallback). */
    countries: z.array(z.string().regex(/^[A-Z]{2}$/)),
    volts: sourced(z.number().positive()),
    phases: sourced(z.union([z.literal(1), z.literal(3)])),
    /** Standard branch-circuit breaker ratings a rack feed is built from, ascending (A). */
    breakerAmps: sourced(z.array(z.number().positive()).min(1)),
    derating: sourced(z.number().positive().max(1)),
  });

  const PowerDistributionSchema = z.strictObject({
    conventions: z.array(ConventionSchema).min(1),
    defaultConvention: sourced(z.string()),
    powerFactor: sourced(z.number().positive().max(1)),
    halls: sourced(z.string()),
    panelsPerRow: sourced(z.number().int().positive()),
    computeTrayUnits: sourced(z.number().int().positive()),
  });

  return { ConventionSchema, PowerDistributionSchema };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type PowerConvention = z.output<Schemas['ConventionSchema']>;
export type PowerDistributionCatalog = z.output<Schemas['PowerDistributionSchema']>;

export const POWER_DISTRIBUTION: PowerDistributionCatalog = loadCatalog(
  'power-distribution.json',
  () => {
    const { PowerDistributionSchema } = catalogSchemas();
    return PowerDistributionSchema;
  },
  powerData,
);

/** The convention of a country (ISO alpha-2); no country: North America; unlisted: the default. */
export function powerConvention(
  country: string | undefined,
  catalog: PowerDistributionCatalog = POWER_DISTRIBUTION,
): PowerConvention {
  const byId = (id: string) => catalog.conventions.find((c) => c.id === id);
  const found =
    country === undefined
      ? byId('north-america')
      : (catalog.conventions.find((c) => c.countries.includes(country)) ??
        byId(catalog.defaultConvention.value));
  const convention = found ?? catalog.conventions[0];
  if (!convention) throw new Error('the power-distribution catalog has no conventions');
  return convention;
}

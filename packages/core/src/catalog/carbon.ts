// Carbon reference figures: embodied carbon of accelerators, servers, network, storage and
// buildings, their lifetimes and the world grid average
// (data/carbon.json, a source beside each figure).
import { z } from 'zod';
import carbonData from './data/carbon.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const positive = z.number().positive();

  const CarbonSchema = z.object({
    embodiedKgCO2e: z.object({
      gpu: sourced(z.record(z.string(), positive)),
      serverExcludingGpus: sourced(positive),
      switch: sourced(positive),
      transceiver: sourced(positive),
      storagePerTB: sourced(positive),
      buildingPerMW: sourced(positive),
    }),
    lifetimeYears: z.object({
      servers: sourced(positive),
      network: sourced(positive),
      storage: sourced(positive),
      building: sourced(positive),
    }),
    worldGridGCO2PerKWh: sourced(positive),
  });

  return { CarbonSchema, positive };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type CarbonCatalog = z.output<Schemas['CarbonSchema']>;

export const CARBON: CarbonCatalog = loadCatalog(
  'carbon.json',
  () => {
    const { CarbonSchema } = catalogSchemas();
    return CarbonSchema;
  },
  carbonData,
);

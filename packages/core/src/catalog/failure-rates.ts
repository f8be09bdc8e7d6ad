// Failure-rate catalog (data/failure-rates.json): the node failure rate of large GPU clusters and
// each component's share of it, with detection, restart and repair times; sources inline.
import { z } from 'zod';
import data from './data/failure-rates.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

export const FAILURE_CAUSES = [
  'gpu',
  'hbm',
  'gpuSram',
  'gpuSystemProcessor',
  'nic',
  'networkSwitchCable',
  'host',
  'software',
] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const FailureSchema = z.object({
    nodeFailuresPer1000NodeDays: sourced(z.number().positive()),
    shares: sourced(z.record(z.enum(FAILURE_CAUSES), z.number().min(0).max(1))),
    detectionMin: sourced(z.number().min(0)),
    restartMin: sourced(z.number().min(0)),
    repairHours: sourced(z.number().positive()),
  });

  return { FailureSchema };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type FailureCatalog = z.output<Schemas['FailureSchema']>;

export const FAILURE_RATES: FailureCatalog = loadCatalog(
  'failure-rates.json',
  () => {
    const { FailureSchema } = catalogSchemas();
    return FailureSchema;
  },
  data,
);

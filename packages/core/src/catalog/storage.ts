// Storage catalogs: parallel-file-system appliances (data/storage.json) and the capacity and
// backup defaults a cluster is planned with (data/storage-capacity.json), a source beside each.
import { z } from 'zod';
import capacityData from './data/storage-capacity.json' with { type: 'json' };
import storageData from './data/storage.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const ApplianceSchema = z.object({
    id: z.string(),
    name: z.string(),
    rackUnits: sourced(z.number().int().positive()),
    readGBps: sourced(z.number().positive()),
    writeGBps: sourced(z.number().positive()),
    usableTB: sourced(z.number().positive()),
    /** Drive capacity before parity and file-system overhead. */
    rawTB: sourced(z.number().positive()),
    maxPowerW: sourced(z.number().positive()),
  });

  const CapacitySchema = z.strictObject({
    /** Online capacity a training cluster keeps per GPU (Meta's Llama 3 clusters). */
    onlineTBPerGpu: sourced(z.number().positive()),
    backupRpoHours: sourced(z.number().positive()),
    backupRetentionDays: sourced(z.number().positive()),
    backupRtoHours: sourced(z.number().positive()),
  });

  return { ApplianceSchema, CapacitySchema };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type StorageAppliance = z.output<Schemas['ApplianceSchema']>;
export type StorageCapacityDefaults = z.output<Schemas['CapacitySchema']>;

export const STORAGE_APPLIANCES: readonly StorageAppliance[] = loadCatalog(
  'storage.json',
  () => {
    const { ApplianceSchema } = catalogSchemas();
    return z.array(ApplianceSchema);
  },
  storageData,
);

export const STORAGE_CAPACITY: StorageCapacityDefaults = loadCatalog(
  'storage-capacity.json',
  () => {
    const { CapacitySchema } = catalogSchemas();
    return CapacitySchema;
  },
  capacityData,
);

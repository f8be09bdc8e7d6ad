// Scale-out fabrics: per-port line rates and switch latency (data/fabrics.json, sources inline).
import { z } from 'zod';
import fabricsData from './data/fabrics.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const FabricSchema = z.object({
    id: z.string(),
    name: z.string(),
    portGbps: sourced(z.number().positive()),
    switchRadix: sourced(z.number().int().positive()),
    switchLatencyUs: sourced(z.number().positive()),
  });

  return { FabricSchema };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type Fabric = z.output<Schemas['FabricSchema']>;

export const FABRICS: readonly Fabric[] = loadCatalog(
  'fabrics.json',
  () => {
    const { FabricSchema } = catalogSchemas();
    return z.array(FabricSchema);
  },
  fabricsData,
);

export function findFabric(id: string, fabrics: readonly Fabric[] = FABRICS): Fabric | undefined {
  return fabrics.find((f) => f.id === id);
}

// Scale-out fabrics: per-port line rates and switch latency (data/fabrics.json, sources inline).
import { z } from 'zod';
import fabricsData from './data/fabrics.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

const FabricSchema = z.object({
  id: z.string(),
  name: z.string(),
  portGbps: sourced(z.number().positive()),
  switchRadix: sourced(z.number().int().positive()),
  switchLatencyUs: sourced(z.number().positive()),
});

export type Fabric = z.output<typeof FabricSchema>;

export const FABRICS: readonly Fabric[] = loadCatalog(
  'fabrics.json',
  z.array(FabricSchema),
  fabricsData,
);

export function findFabric(id: string): Fabric | undefined {
  return FABRICS.find((f) => f.id === id);
}

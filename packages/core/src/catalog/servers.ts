// GPU server and rack-system catalog (data/servers.json, a source beside each figure).
import { z } from 'zod';
import serversData from './data/servers.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const Nics = z.strictObject({ count: z.number().int().min(0), gbps: z.number().positive() });

  const ServerSchema = z.strictObject({
    id: z.string(),
    name: z.string(),
    vendor: z.string(),
    gpu: z.string(),
    formFactor: z.enum(['server', 'rack']),
    gpusPerServer: sourced(z.number().int().positive()),
    // Null where the vendor publishes no figure (TPU hosts); such a platform gets no facility plan.
    maxPowerKW: sourced(z.number().positive().nullable()),
    rackUnits: sourced(z.number().int().positive().nullable()),
    cpu: sourced(z.string().nullable()),
    computeNics: sourced(Nics.nullable()),
    storageNics: sourced(Nics.nullable()),
    managementNics: sourced(Nics.nullable()),
    liquidCooled: sourced(z.boolean().nullable()),
    weightKg: sourced(z.number().positive()).optional(),
    /** Optical module of the compute ports when not one single-port module per NIC (catalog id). */
    computeNicModule: sourced(z.string()).optional(),
    /** Optical module of the storage ports (catalog id); default a single-port module. */
    storageNicModule: sourced(z.string()).optional(),
  });

  return { Nics, ServerSchema };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type Server = z.output<Schemas['ServerSchema']>;

/** A server whose power, height and NICs are all published: what the building plan needs. */
export interface PlannableServer extends Server {
  readonly maxPowerKW: { readonly value: number; readonly source: string };
  readonly rackUnits: { readonly value: number; readonly source: string };
}

export function isPlannable(s: Server): s is PlannableServer {
  return s.maxPowerKW.value !== null && s.rackUnits.value !== null;
}

export const SERVERS: readonly Server[] = loadCatalog(
  'servers.json',
  () => {
    const { ServerSchema } = catalogSchemas();
    return z.array(ServerSchema);
  },
  serversData,
);

export function findServer(id: string, servers: readonly Server[] = SERVERS): Server | undefined {
  return servers.find((s) => s.id === id);
}

/** The catalog's platform for a GPU: its usual server when listed, else the first that holds it. */
export function serverForGpu(
  gpuId: string,
  usual?: string,
  servers: readonly Server[] = SERVERS,
): Server | undefined {
  return (
    (usual !== undefined ? servers.find((s) => s.id === usual && s.gpu === gpuId) : undefined) ??
    servers.find((s) => s.gpu === gpuId)
  );
}

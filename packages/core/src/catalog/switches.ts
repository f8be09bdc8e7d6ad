// Network switch and transceiver catalog (data/switches.json, a source beside each figure).
import { z } from 'zod';
import switchesData from './data/switches.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const SwitchSchema = z.object({
    id: z.string(),
    name: z.string(),
    vendor: z.string(),
    fabrics: z.array(z.string()),
    ports: sourced(z.number().int().positive()),
    portGbps: sourced(z.number().positive()),
    rackUnits: sourced(z.number().int().positive()),
    maxPowerW: sourced(z.number().positive()),
    typicalPowerW: sourced(z.number().positive()).optional(),
    /** Ports at the native rate per cage: 2 for twin-port OSFP cages (QM9700, Q3400). */
    portsPerCage: sourced(z.number().int().positive()),
  });

  const TransceiverSchema = z.object({
    id: z.string(),
    name: z.string(),
    gbps: sourced(z.number().positive()),
    /** Logical ports the module carries: 2 for twin-port OSFP modules. */
    ports: sourced(z.number().int().positive()),
    powerW: sourced(z.number().min(0)),
    reachM: sourced(z.number().positive()).optional(),
  });

  const FabricDesignSchema = z.object({
    /** Leaf ports the InfiniBand fabric manager (UFM) takes. */
    fabricManagerPorts: sourced(z.number().int().min(0)),
    /** Largest down:up ratio busy servers may see on a leaf that carries hot spares. */
    maxSpareTaper: sourced(z.number().min(1)),
  });

  const SwitchCatalogSchema = z.object({
    switches: z.array(SwitchSchema),
    transceivers: z.array(TransceiverSchema),
    fabricDesign: FabricDesignSchema,
  });

  return { FabricDesignSchema, SwitchCatalogSchema, SwitchSchema, TransceiverSchema };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type Switch = z.output<Schemas['SwitchSchema']>;
export type Transceiver = z.output<Schemas['TransceiverSchema']>;

const CATALOG = loadCatalog(
  'switches.json',
  () => {
    const { SwitchCatalogSchema } = catalogSchemas();
    return SwitchCatalogSchema;
  },
  switchesData,
);
export const SWITCHES: readonly Switch[] = CATALOG.switches;
export const TRANSCEIVERS: readonly Transceiver[] = CATALOG.transceivers;
export const FABRIC_DESIGN = CATALOG.fabricDesign;

export function findSwitch(id: string): Switch | undefined {
  return SWITCHES.find((s) => s.id === id);
}

/** The first catalog switch that serves a fabric id. */
export function switchForFabric(fabricId: string): Switch | undefined {
  return SWITCHES.find((s) => s.fabrics.includes(fabricId));
}

export function findTransceiver(id: string): Transceiver | undefined {
  return TRANSCEIVERS.find((t) => t.id === id);
}

/** Optical modules only (a passive DAC reaches 2 m, not from a rack to the network row). */
const OPTICS = TRANSCEIVERS.filter((t) => t.powerW.value > 0);

/** An optical module carrying `ports` ports of `portGbps` each: the exact port rate, else the
 *  smallest faster one, in catalog order; a single-port module when no multi-port one fits. */
export function transceiverFor(portGbps: number, ports = 1): Transceiver | undefined {
  const rate = (t: Transceiver) => t.gbps.value / t.ports.value;
  const fits = (n: number) => OPTICS.filter((t) => t.ports.value === n);
  const pick = (list: Transceiver[]) => {
    const sorted = [...list].sort((a, b) => rate(a) - rate(b));
    return sorted.find((t) => rate(t) === portGbps) ?? sorted.find((t) => rate(t) > portGbps);
  };
  return pick(fits(ports)) ?? (ports !== 1 ? pick(fits(1)) : undefined);
}

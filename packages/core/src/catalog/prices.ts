// Price catalog (data/prices.json): every figure with its source, the date it applied and how it
// is known; `pricePaths` names each figure by its catalog path (`serverUsd.dgx-h100`) so a
// scenario can put a vendor quote in its place (economics.prices).
import { z } from 'zod';
import pricesData from './data/prices.json' with { type: 'json' };
import { CONFIDENCE_KINDS, loadCatalog, type Confidence } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const dated = <T extends z.ZodType>(value: T) =>
    z.strictObject({
      value,
      source: z.string().min(8),
      date: z.string().min(4),
      confidence: z.enum(CONFIDENCE_KINDS),
    });

  const usd = dated(z.number().min(0));

  const byId = z.record(z.string(), usd);

  const PricesSchema = z.strictObject({
    serverUsd: byId,
    switchUsd: byId,
    transceiverUsd: byId,
    cableUsd: usd,
    storageUsdPerTB: usd,
    /** Usable TB of the hard-disk capacity tier, backup and second-site copies. */
    capacityStorageUsdPerTB: usd,
    facilityBuildUsdPerMW: z.strictObject({ I: usd, II: usd, III: usd, IV: usd }),
    liquidCoolingUsdPerMW: usd,
    electricityUsdPerKWh: dated(z.record(z.string(), z.number().positive())),
    electricityDefaultUsdPerKWh: usd,
    /** Years of hardware support the purchase price includes. */
    supportYearsIncluded: usd,
    /** Hardware support after the included years, a share of the hardware price a year. */
    postWarrantySupportFractionPerYear: usd,
    /** Maintenance of the facility's electrical and mechanical plant, a share of its cost a year. */
    facilityMaintenanceFractionPerYear: usd,
    /** Property insurance, a share of the insured (replacement) value a year. */
    insuranceFractionPerYear: usd,
    /** Real-property tax on the facility, a share of its cost a year. */
    propertyTaxFractionPerYear: usd,
    /** Personal-property tax on IT equipment, a share of its book value a year (0 where none). */
    equipmentTaxFractionPerYear: usd,
    wanUsdPerGbpsMonth: usd,
    /** Front-end / WAN capacity per MW of IT, and the floor (two diverse circuits). */
    wanGbpsPerMW: usd,
    wanMinGbps: usd,
    staffPerMW: usd,
    staffUsdPerYear: usd,
    colocationUsdPerKWMonth: usd,
    gpuRentalUsdPerHour: dated(z.record(z.string(), z.number().positive())),
    softwareUsdPerGpuYear: usd,
  });

  return { PricesSchema, byId, dated, usd };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type PriceCatalog = z.output<Schemas['PricesSchema']>;

export const PRICES: PriceCatalog = loadCatalog(
  'prices.json',
  () => {
    const { PricesSchema } = catalogSchemas();
    return PricesSchema;
  },
  pricesData,
);

/** A price as the plan uses it: the catalog's figure, or the scenario's own (a vendor quote). */
export interface PriceFigure {
  readonly value: number;
  readonly source: string;
  readonly confidence?: Confidence;
  /** Given in the scenario (economics.prices), not taken from the catalog. */
  readonly user?: boolean;
}

/** Tables whose entries are keyed by an id: a quote may price an id the catalog does not list. */
export const PRICE_TABLES = [
  'serverUsd',
  'switchUsd',
  'transceiverUsd',
  'facilityBuildUsdPerMW',
  'electricityUsdPerKWh',
  'gpuRentalUsdPerHour',
] as const;
type PriceTable = (typeof PRICE_TABLES)[number];
type ScalarKey = Exclude<keyof PriceCatalog, PriceTable>;

/** Every catalog path a scenario can price: scalars by name, table entries as `table.id`. */
export function pricePaths(prices: PriceCatalog = PRICES): string[] {
  const paths: string[] = [];
  for (const [key, entry] of Object.entries(prices)) {
    if ((PRICE_TABLES as readonly string[]).includes(key)) {
      const table = 'value' in entry && typeof entry.value === 'object' ? entry.value : entry;
      for (const id of Object.keys(table as object)) paths.push(`${key}.${id}`);
    } else paths.push(key);
  }
  return paths;
}

/** Whether `path` names a price: a scalar, or any id in a table (`serverUsd.my-server`). */
export function isPricePath(path: string, prices: PriceCatalog = PRICES): boolean {
  const dot = path.indexOf('.');
  if (dot < 0) return path in prices && !(PRICE_TABLES as readonly string[]).includes(path);
  const table = path.slice(0, dot);
  return (PRICE_TABLES as readonly string[]).includes(table) && path.length > dot + 1;
}

/** The figure at a path with the scenario's quotes applied; undefined when neither has it. */
export function priceAt(
  path: string,
  quotes: Readonly<Record<string, number>> = {},
  prices: PriceCatalog = PRICES,
): PriceFigure | undefined {
  const quoted = quotes[path];
  if (quoted !== undefined)
    return {
      value: quoted,
      source: `economics.prices.${path} (the scenario's figure)`,
      user: true,
    };
  const dot = path.indexOf('.');
  if (dot < 0) {
    const entry = prices[path as ScalarKey] as PriceCatalog[ScalarKey] | undefined;
    return entry ? figure(entry.value, entry) : undefined;
  }
  const table = path.slice(0, dot) as PriceTable;
  const id = path.slice(dot + 1);
  if (table === 'electricityUsdPerKWh' || table === 'gpuRentalUsdPerHour') {
    const entry = prices[table];
    const value = entry.value[id];
    return value !== undefined ? figure(value, entry) : undefined;
  }
  const rows = prices[table] as Record<string, z.output<Schemas['usd']> | undefined>;
  const entry = rows[id];
  return entry ? figure(entry.value, entry) : undefined;
}

function figure(
  value: number,
  entry: { source: string; date: string; confidence: Confidence },
): PriceFigure {
  return { value, source: `${entry.source} (${entry.date})`, confidence: entry.confidence };
}

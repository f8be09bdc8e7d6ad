// The catalogs a plan reads its hardware, models, sites and prices from, as one argument
// (planScenario(scenario, catalogs)): the built-in ones by default, or those a caller extends with
// its own entries: a custom accelerator with its server, a negotiated price list, a site region.
// A caller's entry replaces the built-in one with the same id (or price path); the scenario's own
// `economics.prices` and inline `cluster.gpu` still override both, by the same path.
import { FABRICS, type Fabric } from './fabrics.js';
import { GENERIC_MODEL_PRESETS, type GenericPreset } from './generic-models.js';
import { GPUS, type Gpu } from './gpus.js';
import { MODEL_PRESETS, type ModelPreset } from './models.js';
import { PRICES, PRICE_TABLES, type PriceCatalog } from './prices.js';
import { REGIONS, regionRows, type Region } from './regions.js';
import { SERVERS, type Server } from './servers.js';
import { formatPath } from '../scenario/issues.js';
import { validateCatalogData, type CatalogIssue } from './sourced.js';

export interface Catalogs {
  readonly gpus: readonly Gpu[];
  readonly servers: readonly Server[];
  readonly fabrics: readonly Fabric[];
  readonly models: readonly ModelPreset[];
  readonly genericModels: readonly GenericPreset[];
  readonly prices: PriceCatalog;
  /** Sub-national sites (ISO 3166-2 codes) with their grid, price and climate figures. */
  readonly regions: readonly Region[];
}

/** The catalogs bundled with aidc (packages/core/src/catalog/data), checked at build time. */
export const BUILT_IN_CATALOGS: Catalogs = {
  gpus: GPUS,
  servers: SERVERS,
  fabrics: FABRICS,
  models: MODEL_PRESETS,
  genericModels: GENERIC_MODEL_PRESETS,
  prices: PRICES,
  regions: REGIONS,
};

/** A caller's own catalog entries, in the bundled files' shapes (data/*.json). */
export interface CatalogExtension {
  readonly gpus?: readonly unknown[];
  readonly servers?: readonly unknown[];
  readonly fabrics?: readonly unknown[];
  readonly models?: readonly unknown[];
  readonly genericModels?: readonly unknown[];
  /** Price entries by catalog key (data/prices.json): a scalar replaces the built-in one; an
   *  entry of a per-id table (`serverUsd`, `switchUsd`, `transceiverUsd`,
   *  `facilityBuildUsdPerMW`) is added or replaced by id; a dated table with one source for all
   *  its rows (`electricityUsdPerKWh`, `gpuRentalUsdPerHour`) is replaced whole. */
  readonly prices?: Readonly<Record<string, unknown>>;
  /** Regions by ISO 3166-2 code, as data/regions.json. */
  readonly regions?: Readonly<Record<string, unknown>>;
}

export type CatalogsResult =
  | { readonly ok: true; readonly catalogs: Catalogs }
  | { readonly ok: false; readonly issues: readonly CatalogIssue[] };

const LISTS = [
  ['gpus', 'gpus.json'],
  ['servers', 'servers.json'],
  ['fabrics', 'fabrics.json'],
  ['models', 'models.json'],
  ['genericModels', 'generic-models.json'],
] as const;

/** Tables of prices.json whose rows each carry their own source, merged by id. */
const PER_ID_TABLES = PRICE_TABLES.filter(
  (t) => t !== 'electricityUsdPerKWh' && t !== 'gpuRentalUsdPerHour',
);

/**
 * `base` with the caller's entries added, each list checked against its bundled catalog's
 * schema (every figure with its source): the problems as `key[index].path: message`, or the
 * catalogs. Pure: `base` is not changed.
 */
export function extendCatalogs(
  extension: CatalogExtension,
  base: Catalogs = BUILT_IN_CATALOGS,
): CatalogsResult {
  const issues: CatalogIssue[] = [];
  const under = (key: string, found: readonly CatalogIssue[]) =>
    found.map((i) => ({ path: [key, ...i.path], message: i.message }));
  const lists: Partial<Record<(typeof LISTS)[number][0], readonly { id: string }[]>> = {};
  for (const [key, file] of LISTS) {
    const own = extension[key];
    if (own === undefined) continue;
    const found = validateCatalogData(file, own);
    issues.push(...under(key, found));
    if (found.length === 0) lists[key] = byId(base[key], own as readonly { id: string }[]);
  }
  let prices = base.prices;
  if (extension.prices !== undefined) {
    const merged = mergePrices(base.prices, extension.prices);
    const found = validateCatalogData('prices.json', merged);
    issues.push(...under('prices', found));
    prices = merged as PriceCatalog;
  }
  let regions = base.regions;
  if (extension.regions !== undefined) {
    const found = validateCatalogData('regions.json', extension.regions);
    issues.push(...under('regions', found));
    if (found.length === 0) {
      const own = regionRows(extension.regions);
      regions = [...base.regions.filter((r) => !own.some((o) => o.code === r.code)), ...own];
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  const catalogs: Catalogs = { ...base, ...(lists as Partial<Catalogs>), prices, regions };
  const dangling = catalogReferences(catalogs).map((i) => inExtension(i, catalogs, extension));
  return dangling.length > 0 ? { ok: false, issues: dangling } : { ok: true, catalogs };
}

/** A reference problem of an extended list's entry at its index in the caller's own list. */
function inExtension(issue: CatalogIssue, catalogs: Catalogs, extension: CatalogExtension) {
  const [key, index, ...rest] = issue.path;
  if ((key !== 'gpus' && key !== 'servers') || typeof index !== 'number') return issue;
  const id = catalogs[key][index]?.id;
  const own = (extension[key] ?? []).findIndex((e) => (e as { id?: unknown }).id === id);
  return own < 0 ? issue : { ...issue, path: [key, own, ...rest] };
}

/** `servers[0].gpu: no GPU "x1" in the catalogs`. */
export function formatCatalogIssue(issue: CatalogIssue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/**
 * The references between catalogs that do not resolve: a server's GPU, a GPU's usual server, a
 * server price's server, a rental price's GPU. Empty for the built-in catalogs (checked when
 * aidc is built) and for any extension `extendCatalogs` accepts.
 */
export function catalogReferences(catalogs: Catalogs): CatalogIssue[] {
  const gpus = new Set(catalogs.gpus.map((g) => g.id));
  const servers = new Set(catalogs.servers.map((s) => s.id));
  const issues: CatalogIssue[] = [];
  const missing = (path: CatalogIssue['path'], what: string, id: string) =>
    issues.push({ path, message: `no ${what} "${id}" in the catalogs` });
  catalogs.servers.forEach((s, i) => {
    if (!gpus.has(s.gpu)) missing(['servers', i, 'gpu'], 'GPU', s.gpu);
  });
  catalogs.gpus.forEach((g, i) => {
    const usual = g.usualServer?.value;
    if (usual !== undefined && !servers.has(usual))
      missing(['gpus', i, 'usualServer', 'value'], 'server', usual);
  });
  for (const id of Object.keys(catalogs.prices.serverUsd))
    if (!servers.has(id)) missing(['prices', 'serverUsd', id], 'server', id);
  for (const id of Object.keys(catalogs.prices.gpuRentalUsdPerHour.value))
    if (!gpus.has(id)) missing(['prices', 'gpuRentalUsdPerHour', 'value', id], 'GPU', id);
  return issues;
}
/** The base list with each of `own`'s entries in place of the one with its id, or appended. */
function byId<T extends { id: string }>(base: readonly T[], own: readonly T[]): T[] {
  const ids = new Set(own.map((e) => e.id));
  return [...base.filter((e) => !ids.has(e.id)), ...own];
}

function mergePrices(
  base: PriceCatalog,
  own: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, entry] of Object.entries(own)) {
    const table = (PER_ID_TABLES as readonly string[]).includes(key);
    out[key] =
      table && typeof entry === 'object' && entry !== null
        ? { ...(base[key as keyof PriceCatalog] as object), ...entry }
        : entry;
  }
  return out;
}

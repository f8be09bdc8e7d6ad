// Operational carbon (location-based from the grid's intensity; market-based from the residual mix
// for the electricity bought without certificates, net of the site's contracted renewable share,
// GHG Protocol Scope 2 Guidance 2015) and embodied carbon of the hardware and building, amortised over their lives
// (the method of LLMCarbon, Faiz et al. 2024: embodied carbon x the share of life used).
import type { CarbonCatalog } from '../catalog/carbon.js';
import type { Gpu } from '../catalog/gpus.js';
import { findRegion, type Region } from '../catalog/regions.js';
import { residualMixGCO2PerKWh } from '../catalog/residual-mix.js';
import {
  countryGridIntensity,
  DEFAULT_GRID_YEAR,
  isGridYear,
  worldGridIntensity,
  type GridIntensity,
} from './grid.js';

export interface SiteCarbonInput {
  /** The regions catalog the site's code is looked up in (the built-in one by default). */
  readonly regions?: readonly Region[];
  readonly country?: string | undefined;
  /** ISO 3166-2 subdivision: its own grid where the catalog lists it. */
  readonly region?: string | undefined;
  readonly year?: number | undefined;
  readonly gridGCO2PerKWh?: number | undefined;
  readonly renewableShare?: number | undefined;
}

/** The site's grid: the user's figure, else the region's (its bidding zone's for the year where it
 *  has one), else the country's (Electricity Maps; also for a region without a figure of its own),
 *  else the world average; with the residual mix market-based accounting uses, where published. */
export function siteGridIntensity(site: SiteCarbonInput): GridIntensity {
  if (site.gridGCO2PerKWh !== undefined) {
    return { gCO2PerKWh: site.gridGCO2PerKWh, source: 'site.gridGCO2PerKWh' };
  }
  const region = site.region !== undefined ? findRegion(site.region, site.regions) : undefined;
  const year = site.year !== undefined && isGridYear(site.year) ? site.year : DEFAULT_GRID_YEAR;
  const country = site.country ?? region?.country ?? site.region?.slice(0, 2);
  // A bidding zone's own figure for the year (Electricity Maps), else the region's catalog figure.
  const zone =
    region?.gridZone !== undefined ? countryGridIntensity(region.gridZone, year) : undefined;
  // A region without its own figure (none in the catalog today: every US state and DC has its
  // eGRID rate) takes its country's, and says so.
  const countryGrid = () => {
    const national = country !== undefined ? countryGridIntensity(country, year) : undefined;
    if (!national || !region) return national;
    return {
      ...national,
      source: `${region.code} has no grid figure of its own in the catalog, so the country's: ${national.source}`,
    };
  };
  const grid: GridIntensity =
    zone ??
    (region?.gridGCO2PerKWh
      ? { gCO2PerKWh: region.gridGCO2PerKWh.value, source: region.gridGCO2PerKWh.source }
      : (countryGrid() ?? worldGridIntensity()));
  const residual =
    (region ? residualMixGCO2PerKWh(region.code) : undefined) ??
    (country !== undefined ? residualMixGCO2PerKWh(country) : undefined);
  return residual
    ? { ...grid, residualGCO2PerKWh: residual.value, residualSource: residual.source }
    : grid;
}

export interface EmbodiedInput {
  readonly gpu: Gpu;
  readonly gpus: number;
  readonly servers: number;
  readonly switches: number;
  readonly transceivers: number;
  readonly storageTB: number;
  readonly itNameplateMW: number;
}

export interface EmbodiedCarbon {
  readonly totalTCO2e: number;
  readonly byPartTCO2e: {
    readonly gpus: number;
    readonly servers: number;
    readonly network: number;
    readonly storage: number;
    readonly building: number;
  };
  /** Each part over its lifetime, per year. */
  readonly perYearTCO2e: number;
}

export function embodiedCarbon(e: EmbodiedInput, c: CarbonCatalog): EmbodiedCarbon {
  const k = c.embodiedKgCO2e;
  const life = c.lifetimeYears;
  const gpuKg = k.gpu.value[e.gpu.generation] ?? k.gpu.value['hopper'] ?? 0;
  const parts = {
    gpus: (e.gpus * gpuKg) / 1000,
    servers: (e.servers * k.serverExcludingGpus.value) / 1000,
    network: (e.switches * k.switch.value + e.transceivers * k.transceiver.value) / 1000,
    storage: (e.storageTB * k.storagePerTB.value) / 1000,
    building: (e.itNameplateMW * k.buildingPerMW.value) / 1000,
  };
  const perYear =
    (parts.gpus + parts.servers) / life.servers.value +
    parts.network / life.network.value +
    parts.storage / life.storage.value +
    parts.building / life.building.value;
  return {
    totalTCO2e: parts.gpus + parts.servers + parts.network + parts.storage + parts.building,
    byPartTCO2e: parts,
    perYearTCO2e: perYear,
  };
}

/** The market-based factor: the residual mix where published, else the grid average (GHG
 *  Protocol Scope 2 Guidance, Table 6.3: the last step of the hierarchy). */
export function marketFactor(grid: GridIntensity): number {
  return grid.residualGCO2PerKWh ?? grid.gCO2PerKWh;
}

/** Operational tCO2e of an energy (MWh): location-based and market-based. */
export function operationalCarbon(
  energyMWh: number,
  grid: GridIntensity,
  renewableShare = 0,
): { locationTCO2e: number; marketTCO2e: number } {
  const location = (energyMWh * grid.gCO2PerKWh) / 1000;
  const market = (energyMWh * marketFactor(grid) * (1 - renewableShare)) / 1000;
  return { locationTCO2e: location, marketTCO2e: market };
}

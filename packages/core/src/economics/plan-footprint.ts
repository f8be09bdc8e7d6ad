// The energy, carbon and economics stages for a built cluster at a site: what it draws, emits
// and costs, per year and over the horizon, with the assumptions used and their sources. The
// site comparison runs the same stages at each candidate site.
import type { Assumption } from '../catalog/assumption.js';
import type { Catalogs } from '../catalog/catalogs.js';
import { FACILITY } from '../catalog/facility.js';
import type { Gpu } from '../catalog/gpus.js';
import { findRegion } from '../catalog/regions.js';
import { findServer } from '../catalog/servers.js';
import { planCarbon, type CarbonPlan } from '../carbon/carbon-plan.js';
import { siteGridIntensity } from '../carbon/plan-carbon.js';
import type { ClusterBuild } from '../cluster/plan-cluster.js';
import { capitalInputs } from './capital-inputs.js';
import { planCost, runningCostFigures, type CostPlan } from './cost-plan.js';
import { electricityPrice } from './electricity-price.js';
import { planAssumptions } from './plan-assumptions.js';
import { resolvedUtilization, type SimulatedUtilization } from './utilization.js';
import { energyRates, type EnergyRates } from '../energy/plan-energy.js';
import type { FacilityPlan } from '../facility/plan-facility.js';
import { siteBuildCost } from '../facility/site-market.js';
import type { ResolvedEconomics, Scenario } from '../scenario/schema.js';
import { warning, type PlanWarning } from '../warnings.js';

export interface Footprint {
  readonly warnings: readonly PlanWarning[];
  readonly rates: EnergyRates;
  readonly carbon: CarbonPlan;
  readonly cost: CostPlan;
  readonly assumptions: readonly Assumption[];
}

export interface FootprintInput {
  readonly scenario: Scenario;
  readonly catalogs: Catalogs;
  readonly gpu: Gpu;
  readonly gpus: number;
  readonly cluster: ClusterBuild;
  readonly facility: FacilityPlan;
  /** Site to evaluate (defaults to the scenario's). */
  readonly site?: Scenario['site'];
  /** PUE at that site (defaults to the facility plan's). */
  readonly pue?: number;
  /** Monte Carlo over prices and utilisation (default true). */
  readonly monteCarlo?: boolean;
  /** Busy time lost to interruptions (1 - goodput of the training workloads). */
  readonly failureDowntime?: number;
  /** The utilisation a simulation of the scenario measured (economics.utilization: simulated),
   *  and how: the run's days, policy and seed. */
  readonly simulatedUtilization?: SimulatedUtilization;
}

export function planFootprint(input: FootprintInput): Footprint {
  const { scenario, catalogs, gpu, cluster, facility } = input;
  const site = input.site ?? scenario.site;
  const pue = input.pue ?? facility.pue;
  const utilization = resolvedUtilization(scenario.economics, input.simulatedUtilization);
  const e: ResolvedEconomics = { ...scenario.economics, utilization: utilization.value };
  const book = { catalog: catalogs.prices, quotes: e.prices ?? {} };
  // Energy: what a GPU draws busy and idle, with its share of the network and storage.
  const sharedKW = (facility.itByPartMW.network + facility.itByPartMW.storage) * 1000;
  const server = findServer(cluster.server, catalogs.servers);
  const rates = energyRates(
    gpu,
    server,
    cluster.gpusPerServer,
    sharedKW,
    input.gpus,
    pue,
    FACILITY,
  );
  // The site: its region's grid, price and construction market where listed, else its country's.
  const region = site?.region !== undefined ? findRegion(site.region, catalogs.regions) : undefined;
  const country = site?.country ?? region?.country ?? site?.region?.slice(0, 2);
  const grid = siteGridIntensity({
    regions: catalogs.regions,
    country,
    region: site?.region,
    year: site?.year,
    gridGCO2PerKWh: site?.gridGCO2PerKWh,
  });
  const power =
    site?.electricityUsdPerKWh === undefined && region?.electricityUsdPerKWh
      ? region.electricityUsdPerKWh
      : electricityPrice(country, site?.electricityUsdPerKWh, book);
  const warnings: PlanWarning[] = utilization.warning ? [utilization.warning] : [];
  warnings.push(...siteDataWarnings(country, grid, power));
  const build = siteBuildCost(region?.code ?? country);
  // The facility plan builds at its own site's market; a candidate site rescales to its own.
  const ratio = build.ratio / facility.capexUsd.marketRatio;
  const capital = capitalInputs(cluster, facility, e.colocation, book, ratio);
  const figures = runningCostFigures(book, facility.itNameplateMW);
  // Busy: every GPU at the training load; idle: servers at the idle load (network and storage on).
  const money = planCost({
    economics: e,
    prices: book,
    gpu,
    gpus: input.gpus,
    cluster,
    facility,
    capital,
    figures,
    electricityUsdPerKWh: power.value,
    busyFacilityMW: ((rates.trainingKWPerGpu * input.gpus) / 1000) * pue,
    idleFacilityMW: ((rates.idleKWPerGpu * input.gpus) / 1000) * pue,
    failureDowntime: input.failureDowntime ?? 0,
    monteCarlo: input.monteCarlo !== false,
  });
  warnings.push(...money.warnings);
  const renewableShare = site?.renewableShare ?? 0;
  const carbon = planCarbon({
    grid,
    renewableShare,
    energyMWhPerYear: money.cost.energyMWhPerYear,
    gpu,
    gpus: input.gpus,
    cluster,
    storageTB: capital.storageTB,
    itNameplateMW: e.colocation ? 0 : facility.itNameplateMW,
  });
  const assumptions = planAssumptions({
    ...{ gpu, grid, renewableShare, power, pue, rates, cluster, facility, capital, figures, build },
    ...{ economics: e, utilization, rental: money.rental, market: money.market, money },
    prices: catalogs.prices,
  });
  return { warnings, rates, carbon, cost: money.cost, assumptions };
}

/** Where the catalog lacks the site's grid or price and a default stands in. */
function siteDataWarnings(
  country: string | undefined,
  grid: ReturnType<typeof siteGridIntensity>,
  power: ReturnType<typeof electricityPrice>,
): PlanWarning[] {
  if (country === undefined) return [];
  const out: PlanWarning[] = [];
  if (grid.worldAverage)
    out.push(
      warning(
        'grid-data-missing',
        `no grid data for country ${country}: the world average ${grid.gCO2PerKWh.toFixed(0)} gCO2e/kWh is used (give site.gridGCO2PerKWh)`,
        'site.gridGCO2PerKWh',
      ),
    );
  if ('countryDefault' in power && power.countryDefault)
    out.push(
      warning(
        'electricity-price-missing',
        `no electricity price for country ${country}: the default $${power.value}/kWh is used (give site.electricityUsdPerKWh)`,
        'site.electricityUsdPerKWh',
      ),
    );
  return out;
}

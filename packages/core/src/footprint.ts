// Energy, carbon and money for a planned cluster: what it draws, emits and costs, per workload
// and per year, with the assumptions used and their sources.
import { CARBON } from './catalog/carbon.js';
import { FACILITY, type TierId } from './catalog/facility.js';
import type { Gpu } from './catalog/gpus.js';
import { investmentFigure } from './catalog/investment.js';
import { PRICES, priceAt, type PriceFigure } from './catalog/prices.js';
import { CONFIDENCE_KINDS, type Confidence } from './catalog/sourced.js';
import { findRegion } from './catalog/regions.js';
import { findServer } from './catalog/servers.js';
import { STORAGE_APPLIANCES } from './catalog/storage.js';
import {
  embodiedCarbon,
  marketFactor,
  operationalCarbon,
  siteGridIntensity,
  type EmbodiedCarbon,
} from './carbon/plan-carbon.js';
import { billUsd } from './cluster/network-bill.js';
import type { ClusterBuild } from './cluster/plan-cluster.js';
import type { FacilityPlan } from './facility/plan-facility.js';
import {
  breakEvenUtilization,
  economicMonteCarlo,
  evaluateEconomics,
  tornado,
  type EconomicInputs,
  type EconomicMonteCarlo,
  type EconomicResult,
  type TornadoBar,
} from './economics/plan-economics.js';
import {
  evaluateInvestment,
  type InvestmentCase,
  type InvestmentInputs,
} from './economics/investment-case.js';
import { investmentInputs } from './economics/investment-inputs.js';
import { investmentTornado } from './economics/investment-sensitivity.js';
import { energyRates, type EnergyRates } from './energy/plan-energy.js';
import { siteBuildCost } from './facility/site-market.js';
import { wantsInvestmentCase } from './scenario/investment-schema.js';
import type { ResolvedEconomics, Scenario } from './scenario/schema.js';
import { warning, type PlanWarning } from './warnings.js';
import { grouped } from './util/grouped.js';

export interface Assumption {
  readonly name: string;
  readonly value: string;
  readonly source: string;
  /** How the figure is known: the weakest kind among the catalog figures behind it (absent for
   *  the scenario's own figures). */
  readonly confidence?: Confidence;
}

/** The weakest confidence kind among figures, or undefined when any is the scenario's own. */
function weakest(
  ...figures: readonly { confidence?: Confidence | undefined }[]
): Confidence | undefined {
  let worst = -1;
  for (const f of figures) {
    if (f.confidence === undefined) return undefined;
    worst = Math.max(worst, CONFIDENCE_KINDS.indexOf(f.confidence));
  }
  return CONFIDENCE_KINDS[worst];
}
const kindOf = (...figures: readonly { confidence?: Confidence | undefined }[]) => {
  const c = weakest(...figures);
  return c !== undefined ? { confidence: c } : {};
};

export interface CarbonPlan {
  readonly energyMWhPerYear: number;
  readonly operationalTCO2ePerYear: number;
  /** Net of the site's renewable share (market-based accounting). */
  readonly marketTCO2ePerYear: number;
  readonly embodiedTCO2e: number;
  readonly embodiedTCO2ePerYear: number;
  readonly embodiedByPartTCO2e: EmbodiedCarbon['byPartTCO2e'];
  readonly gridGCO2PerKWh: number;
  readonly gridSource: string;
  /** Market-based factor: the residual mix where published, else the grid (before renewables). */
  readonly marketGCO2PerKWh: number;
  readonly marketSource: string;
  readonly renewableShare: number;
}

/** The investment case (economics' investment keys): the cash-flow table and its metrics. */
export interface InvestmentPlan extends InvestmentCase {
  readonly sensitivity: { readonly metric: 'equityNpvUsd'; readonly bars: readonly TornadoBar[] };
  readonly inputs: InvestmentInputs;
}

export interface CostPlan extends EconomicResult {
  readonly sensitivity: {
    readonly metric: 'npvUsd' | 'tcoUsd';
    readonly bars: readonly TornadoBar[];
  };
  readonly monteCarlo?: EconomicMonteCarlo;
  readonly inputs: EconomicInputs;
  readonly cashFlows?: InvestmentPlan;
}

export interface Footprint {
  readonly warnings: readonly PlanWarning[];
  readonly rates: EnergyRates;
  readonly carbon: CarbonPlan;
  readonly cost: CostPlan;
  readonly assumptions: readonly Assumption[];
}

export function electricityPrice(
  country: string | undefined,
  override?: number,
  quotes: Readonly<Record<string, number>> = {},
): { value: number; source: string; confidence?: Confidence; countryDefault?: boolean } {
  if (override !== undefined) return { value: override, source: 'site.electricityUsdPerKWh' };
  const listed =
    country !== undefined ? priceAt(`electricityUsdPerKWh.${country}`, quotes) : undefined;
  if (listed !== undefined) return listed;
  const d = priceAt('electricityDefaultUsdPerKWh', quotes) as PriceFigure;
  return {
    value: d.value,
    source: `${d.source}; ${country ?? 'no country'} not listed`,
    countryDefault: true,
  };
}

/** The price at a catalog path, with the scenario's quotes applied; a missing id costs 0. */
function quoted(path: string, quotes: Readonly<Record<string, number>>): PriceFigure {
  return (
    priceAt(path, quotes) ?? {
      value: 0,
      source: `no ${path} in the catalog: costed at $0 (give economics.prices.${path})`,
    }
  );
}

/** Hardware and facility prices of the built cluster. */
function capitalInputs(
  c: ClusterBuild,
  f: FacilityPlan,
  colocation: boolean,
  quotes: Readonly<Record<string, number>>,
  buildCostRatio: number,
) {
  const price = (path: string) => quoted(path, quotes).value;
  const networks = [c.fabric, c.storageNetwork, c.inbandNetwork].filter((n) => n !== undefined);
  let networkUsd = 0;
  // Each network's bill of materials: switches, optical modules and fibre, priced by catalog path.
  for (const n of networks) networkUsd += billUsd(n.bill, price);
  networkUsd += c.managementNetwork.switches * price(`switchUsd.${c.managementNetwork.switch}`);
  const appliance = STORAGE_APPLIANCES.find((a) => a.id === c.storage.appliance);
  const st = c.storage;
  // Flash for what the jobs read and write at speed; hard disk for the capacity tier, backup and
  // the second-site copy.
  const hotTB = Math.max(st.hotTB, st.performanceAppliances * (appliance?.usableTB.value ?? 0));
  const diskTB = st.capacityTierTB + (st.backup?.backupTB ?? 0) + (st.backup?.secondSiteTB ?? 0);
  const storageTB = hotTB + diskTB;
  const tier: TierId = f.tier;
  const build = quoted(`facilityBuildUsdPerMW.${tier}`, quotes);
  const liquid = quoted('liquidCoolingUsdPerMW', quotes);
  // The facility plan's capex is at its site's market; a candidate site elsewhere scales by the
  // ratio of their markets' $/W (a quoted facility price is taken as the site's own).
  const ratio = build.user === true ? 1 : buildCostRatio;
  // The facility plan's itemised capex (at the guide's reference market) unless a price is quoted.
  const perMW =
    build.user === true || f.itNameplateMW <= 0
      ? build.value + (f.cooling === 'liquid' ? liquid.value : 0)
      : f.capexUsd.total / f.itNameplateMW;
  const facilityUsdPerMW = colocation ? 0 : perMW * ratio;
  const server = quoted(`serverUsd.${c.server}`, quotes);
  return {
    server,
    build,
    serverUsd: server.value,
    networkUsd,
    storageUsd: hotTB * price('storageUsdPerTB') + diskTB * price('capacityStorageUsdPerTB'),
    storageTB,
    facilityUsdPerMW,
  };
}

export interface FootprintInput {
  readonly scenario: Scenario;
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

export interface SimulatedUtilization {
  readonly value: number;
  readonly basis: string;
}

/** The utilisation the money uses: the scenario's, or a simulated one, or (asked to be
 *  simulated without a simulation run) the default, with a warning saying so. */
export function resolvedUtilization(
  e: Scenario['economics'],
  simulated: SimulatedUtilization | undefined,
): { value: number; text: string; source: string; warning?: PlanWarning } {
  if (e.utilization !== 'simulated')
    return {
      value: e.utilization,
      text: `${(e.utilization * 100).toFixed(0)}%`,
      source: 'economics.utilization',
    };
  if (simulated)
    return {
      value: simulated.value,
      text: `${(simulated.value * 100).toFixed(1)}% simulated`,
      source: `aidc simulate of the scenario's simulation section: ${simulated.basis}`,
    };
  return {
    value: DEFAULT_UTILIZATION,
    text: `${(DEFAULT_UTILIZATION * 100).toFixed(0)}% (not simulated)`,
    source: 'the default utilisation: no simulation ran for this plan',
    warning: warning(
      'utilization-not-simulated',
      `economics.utilization is 'simulated' but no simulation ran for this plan, so the money uses the default ${(DEFAULT_UTILIZATION * 100).toFixed(0)}% utilisation; \`aidc plan\` simulates the scenario's simulation section first`,
      'economics.utilization',
    ),
  };
}

/** The scenario schema's default utilisation. */
const DEFAULT_UTILIZATION = 0.7;

export function planFootprint(input: FootprintInput): Footprint {
  const { scenario, gpu, cluster, facility } = input;
  const site = input.site ?? scenario.site;
  const pue = input.pue ?? facility.pue;
  const utilization = resolvedUtilization(scenario.economics, input.simulatedUtilization);
  const e: ResolvedEconomics = { ...scenario.economics, utilization: utilization.value };
  const server = findServer(cluster.server);
  const sharedKW = (facility.itByPartMW.network + facility.itByPartMW.storage) * 1000;
  const rates = energyRates(
    gpu,
    server,
    cluster.gpusPerServer,
    sharedKW,
    input.gpus,
    pue,
    FACILITY,
  );
  const region = site?.region !== undefined ? findRegion(site.region) : undefined;
  const country = site?.country ?? region?.country ?? site?.region?.slice(0, 2);
  const grid = siteGridIntensity({
    country,
    region: site?.region,
    year: site?.year,
    gridGCO2PerKWh: site?.gridGCO2PerKWh,
  });
  const renewableShare = site?.renewableShare ?? 0;
  const warnings: PlanWarning[] = utilization.warning ? [utilization.warning] : [];
  const quotes = e.prices ?? {};
  const build = siteBuildCost(region?.code ?? country);
  // The facility plan builds at its own site's market; a candidate site rescales to its own.
  const capital = capitalInputs(
    cluster,
    facility,
    e.colocation,
    quotes,
    build.ratio / facility.capexUsd.marketRatio,
  );
  const power =
    site?.electricityUsdPerKWh === undefined && region?.electricityUsdPerKWh
      ? region.electricityUsdPerKWh
      : electricityPrice(country, site?.electricityUsdPerKWh, quotes);
  if (country !== undefined && grid.worldAverage) {
    warnings.push(
      warning(
        'grid-data-missing',
        `no grid data for country ${country}: the world average ${grid.gCO2PerKWh.toFixed(0)} gCO2e/kWh is used (give site.gridGCO2PerKWh)`,
        'site.gridGCO2PerKWh',
      ),
    );
  }
  if (country !== undefined && 'countryDefault' in power && power.countryDefault) {
    warnings.push(
      warning(
        'electricity-price-missing',
        `no electricity price for country ${country}: the default $${power.value}/kWh is used (give site.electricityUsdPerKWh)`,
        'site.electricityUsdPerKWh',
      ),
    );
  }
  // Busy: every GPU at the training load; idle: servers at the idle load (network and storage on).
  const busyITMW = (rates.trainingKWPerGpu * input.gpus) / 1000;
  const idleITMW = (rates.idleKWPerGpu * input.gpus) / 1000;
  // Revenue at the scenario's rental price, else the market price of this GPU (catalog).
  const market = priceAt(`gpuRentalUsdPerHour.${gpu.id}`, quotes);
  const rental = e.gpuRentalUsdPerHour ?? market?.value;
  const figure = (path: string) => quoted(path, quotes);
  const support = figure('supportYearsIncluded');
  const postWarranty = figure('postWarrantySupportFractionPerYear');
  const insurance = figure('insuranceFractionPerYear');
  const propertyTax = figure('propertyTaxFractionPerYear');
  const equipmentTax = figure('equipmentTaxFractionPerYear');
  const facilityMaintenance = figure('facilityMaintenanceFractionPerYear');
  const wanPerMW = figure('wanGbpsPerMW');
  const wanMin = figure('wanMinGbps');
  const wanGbps = Math.max(wanMin.value, wanPerMW.value * facility.itNameplateMW);
  const wanPrice = figure('wanUsdPerGbpsMonth');
  const staff = figure('staffUsdPerYear');
  const staffPerMW = figure('staffPerMW');
  const colocationPrice = figure('colocationUsdPerKWMonth');
  // A cluster too small for a plant of its own runs on a host's generators, cooling and space:
  // it pays the host's rent like a colocated one (its own rack-level items stay capex).
  const hosted = facility.hosting === 'colocation';
  const rented = e.colocation || hosted;
  const software = figure('softwareUsdPerGpuYear');
  const inputs: EconomicInputs = {
    gpus: input.gpus,
    servers: cluster.servers,
    serverUsd: capital.serverUsd,
    networkUsd: capital.networkUsd,
    storageUsd: capital.storageUsd,
    facilityUsdPerMW: capital.facilityUsdPerMW,
    itNameplateMW: facility.itNameplateMW,
    busyFacilityMW: busyITMW * pue,
    idleFacilityMW: idleITMW * pue,
    electricityUsdPerKWh: power.value,
    supportYearsIncluded: support.value,
    postWarrantySupportFraction: postWarranty.value,
    // A colocation landlord maintains, insures and pays tax on the building; rent carries it.
    facilityMaintenanceFraction: rented ? 0 : facilityMaintenance.value,
    insuranceFraction: insurance.value,
    propertyTaxFraction: rented ? 0 : propertyTax.value,
    equipmentTaxFraction: equipmentTax.value,
    staffPerMW: staffPerMW.value,
    staffUsdPerYear: staff.value,
    softwareUsdPerGpuYear: e.softwareLicences ? software.value : 0,
    wanGbps,
    wanUsdPerGbpsMonth: wanPrice.value,
    colocationUsdPerKWMonth: rented ? colocationPrice.value : 0,
    utilization: e.utilization,
    horizonYears: e.horizonYears,
    depreciationYears: e.depreciationYears,
    facilityLifeYears: CARBON.lifetimeYears.building.value,
    ...(e.residualValueShare !== undefined ? { residualValueShare: e.residualValueShare } : {}),
    discountRate: e.discountRate,
    ...(rental !== undefined ? { rentalUsdPerGpuHour: rental } : {}),
    failureDowntime: input.failureDowntime ?? 0,
  };
  const money = evaluateEconomics(inputs);
  if (rental !== undefined && money.usdPerGpuHour > rental) {
    const even = breakEvenUtilization(inputs, rental);
    warnings.push(
      warning(
        'owning-above-rental',
        `owning costs $${money.usdPerGpuHour.toFixed(2)} per GPU-hour in use, above the $${rental.toFixed(2)} ${e.gpuRentalUsdPerHour !== undefined ? 'rental price given' : 'market rental'}: ${even !== undefined ? `owning breaks even at ${(even * 100).toFixed(0)}% utilisation (the plan assumes ${(e.utilization * 100).toFixed(0)}%)` : 'no utilisation makes owning cheaper'}; the server price ($${grouped(capital.serverUsd)} per ${cluster.server}) is ${(((capital.serverUsd * cluster.servers) / (money.capexUsd.total || 1)) * 100).toFixed(0)}% of capex (give economics.prices.serverUsd.${cluster.server} for a quote)`,
        e.gpuRentalUsdPerHour !== undefined ? 'economics.gpuRentalUsdPerHour' : 'economics',
      ),
    );
  }
  if (
    rental !== undefined &&
    money.usdPerGpuHour <= rental &&
    money.levelisedUsdPerGpuHour > rental &&
    money.investment !== undefined
  ) {
    // Undiscounted TCO per hour beats the rent, but not once the capital is paid for at the
    // discount rate: say so, or the page reads as owning cheaper and renting out at a loss.
    const even = breakEvenUtilization(inputs, rental, 'levelisedUsdPerGpuHour');
    const irrText =
      money.investment.irr !== undefined ? `, IRR ${(money.investment.irr * 100).toFixed(1)}%` : '';
    warnings.push(
      warning(
        'rent-below-levelised-cost',
        `a GPU-hour in use costs $${money.usdPerGpuHour.toFixed(2)} with the horizon's costs undiscounted, below the $${rental.toFixed(2)} ${e.gpuRentalUsdPerHour !== undefined ? 'rental price given' : 'market rental'}, but $${money.levelisedUsdPerGpuHour.toFixed(2)} levelised at the ${(e.discountRate * 100).toFixed(1)}% discount rate (capital paid for up front, hours earned over ${e.horizonYears} years): at $${rental.toFixed(2)} the cluster does not repay its capital (NPV ${money.investment.npvUsd < 0 ? '-' : ''}$${(Math.abs(money.investment.npvUsd) / 1e6).toFixed(1)}M${irrText}); ${even !== undefined ? `it does at ${(even * 100).toFixed(0)}% utilisation (the plan assumes ${(e.utilization * 100).toFixed(0)}%)` : 'no utilisation repays it'}, or with cheaper capital or servers`,
        'economics.discountRate',
      ),
    );
  }
  // The investment case, when the scenario asks for it and there is a price to earn.
  const wantsCase = wantsInvestmentCase(e);
  const caseRental =
    e.rentalPriceByYear !== undefined
      ? { value: e.rentalPriceByYear[0] ?? 0, source: 'economics.rentalPriceByYear' }
      : rental !== undefined
        ? {
            value: rental,
            source:
              e.gpuRentalUsdPerHour !== undefined
                ? 'economics.gpuRentalUsdPerHour'
                : (market?.source ?? 'the market rental price'),
            ...(e.gpuRentalUsdPerHour === undefined && market ? kindOf(market) : {}),
          }
        : undefined;
  const investment =
    wantsCase && caseRental !== undefined
      ? investmentInputs(e, gpu.id, input.gpus, caseRental)
      : undefined;
  const cashFlows: InvestmentPlan | undefined = investment && {
    ...evaluateInvestment(inputs, investment.inputs),
    sensitivity: investmentTornado(inputs, investment.inputs),
    inputs: investment.inputs,
  };
  const ops = operationalCarbon(money.energyMWhPerYear, grid, renewableShare);
  const embodied = embodiedCarbon(
    {
      gpu,
      gpus: input.gpus,
      servers: cluster.servers,
      switches:
        (cluster.fabric?.switchCount ?? 0) +
        (cluster.storageNetwork?.switchCount ?? 0) +
        (cluster.inbandNetwork?.switchCount ?? 0) +
        cluster.managementNetwork.switches,
      transceivers:
        (cluster.fabric?.transceivers ?? 0) +
        (cluster.storageNetwork?.transceivers ?? 0) +
        (cluster.inbandNetwork?.transceivers ?? 0),
      storageTB: capital.storageTB,
      itNameplateMW: e.colocation ? 0 : facility.itNameplateMW,
    },
    CARBON,
  );
  const pct = (f: PriceFigure) => `${(f.value * 100).toFixed(1).replace(/\.0$/, '')}%`;
  const discount = investmentFigure('discountRate');
  const assumptions: Assumption[] = [
    {
      name: 'grid intensity',
      value: `${grid.gCO2PerKWh.toFixed(0)} gCO2e/kWh location-based, ${marketFactor(grid).toFixed(0)} market-based${renewableShare > 0 ? ` before the ${(renewableShare * 100).toFixed(0)}% contracted renewables` : ''}`,
      source:
        grid.residualSource !== undefined
          ? `${grid.source}; residual mix: ${grid.residualSource}`
          : grid.source,
    },
    {
      name: 'electricity price',
      value: `$${power.value.toFixed(3)}/kWh`,
      source: power.source,
      ...kindOf(power),
    },
    { name: 'PUE', value: pue.toFixed(2), source: facility.pueFrom },
    {
      name: 'energy basis',
      value: `${(rates.trainingKWPerGpu * 1000).toFixed(0)} W per GPU busy`,
      source: rates.basis,
    },
    {
      name: 'server price',
      value: `$${grouped(capital.serverUsd)} per ${cluster.server}`,
      source: capital.server.source,
      ...kindOf(capital.server),
    },
    {
      name: 'facility build',
      value: e.colocation
        ? `colocation at $${colocationPrice.value.toFixed(0)} per kW-month`
        : hosted
          ? `hosted: $${((capital.facilityUsdPerMW * facility.itNameplateMW) / 1e3).toFixed(0)}k of rack-level items, the host's plant and space at $${colocationPrice.value.toFixed(0)} per kW-month`
          : capital.build.user === true
            ? `$${(capital.facilityUsdPerMW / 1e6).toFixed(1)}M per MW IT (quoted)`
            : `$${((capital.facilityUsdPerMW * facility.itNameplateMW) / 1e6).toFixed(1)}M, $${(((facility.capexUsd.usdPerMWIt / facility.capexUsd.marketRatio) * build.ratio) / 1e6).toFixed(1)}M per MW of IT design load`,
      source: e.colocation
        ? colocationPrice.source
        : hosted
          ? `the facility's itemised capex for a hosted cluster (${facility.capexUsd.items.length} lines); rent: ${colocationPrice.source}`
          : capital.build.user === true
            ? capital.build.source
            : `the facility's itemised capex (${facility.capexUsd.items.length} lines: unit costs x installed quantities, calibrated to ${FACILITY.capex.referenceMarket.value} at $${(FACILITY.capex.referenceUsdPerMW.value / 1e6).toFixed(1)}M/MW: ${FACILITY.capex.referenceUsdPerMW.source}); site market: ${build.source}`,
    },
    {
      name: 'hardware support',
      value: `${support.value} years in the price, then ${pct(postWarranty)} of hardware a year`,
      source: `${support.source}; ${postWarranty.source}`,
      ...kindOf(support, postWarranty),
    },
    {
      name: 'insurance, taxes, plant upkeep',
      value: `insurance ${pct(insurance)} of insured value, property tax ${rented ? 'in the rent' : pct(propertyTax)}, equipment tax ${pct(equipmentTax)}, plant maintenance ${rented ? 'in the rent' : pct(facilityMaintenance)} a year`,
      source: [insurance, propertyTax, equipmentTax, facilityMaintenance]
        .map((f) => f.source)
        .join('; '),
      ...kindOf(insurance, propertyTax, equipmentTax, facilityMaintenance),
    },
    {
      name: 'connectivity',
      value: `${wanGbps.toFixed(0)} Gbps WAN (${wanPerMW.value} per MW IT, at least ${wanMin.value}) at $${wanPrice.value} per Gbps-month`,
      source: `${wanPerMW.source}; ${wanPrice.source}`,
      ...kindOf(wanPerMW, wanPrice),
    },
    {
      // Said either way: a cost model without its software line reads as one that forgot it.
      name: 'software',
      value: e.softwareLicences
        ? `$${grouped(software.value)} per GPU a year`
        : `no licences counted (economics.softwareLicences: true adds $${grouped(software.value)} per GPU a year)`,
      source: software.source,
      ...kindOf(software),
    },
    {
      name: 'rental price',
      value: rental !== undefined ? `$${rental.toFixed(2)} per GPU-hour` : 'none (no NPV)',
      source:
        e.gpuRentalUsdPerHour !== undefined
          ? 'economics.gpuRentalUsdPerHour'
          : (market?.source ??
            `${PRICES.gpuRentalUsdPerHour.source} (${PRICES.gpuRentalUsdPerHour.date})`),
      ...(e.gpuRentalUsdPerHour === undefined && market ? kindOf(market) : {}),
    },
    {
      name: 'utilisation, horizon, discount',
      value: `${utilization.text}, ${e.horizonYears} years, ${(e.discountRate * 100).toFixed(1)}%`,
      source: `economics.* (defaults: 70% utilisation, 5-year horizon and depreciation, ${(discount.value * 100).toFixed(0)}% discount rate)${utilization.source === 'economics.utilization' ? '' : `; utilisation: ${utilization.source}`}`,
    },
    {
      name: 'discount rate',
      value: `${(e.discountRate * 100).toFixed(1)}% a year (the firm's cost of capital)`,
      ...(e.discountRate === discount.value
        ? { source: `discount rate: ${discount.source}`, confidence: discount.confidence }
        : { source: 'economics.discountRate' }),
    },
    ...(investment?.assumptions ?? []),
    ...(wantsCase && caseRental === undefined
      ? [
          {
            name: 'investment case',
            value: `none: no rental price for ${gpu.id}`,
            source: 'give economics.gpuRentalUsdPerHour or economics.rentalPriceByYear',
          },
        ]
      : []),
    ...Object.entries(quotes).map(([path, value]) => ({
      name: `quote ${path}`,
      value: String(value),
      source: `economics.prices.${path} (the scenario's figure, in place of the catalog's)`,
    })),
  ];
  return {
    warnings,
    rates,
    carbon: {
      energyMWhPerYear: money.energyMWhPerYear,
      operationalTCO2ePerYear: ops.locationTCO2e,
      marketTCO2ePerYear: ops.marketTCO2e,
      embodiedTCO2e: embodied.totalTCO2e,
      embodiedTCO2ePerYear: embodied.perYearTCO2e,
      embodiedByPartTCO2e: embodied.byPartTCO2e,
      gridGCO2PerKWh: grid.gCO2PerKWh,
      gridSource: grid.source,
      marketGCO2PerKWh: marketFactor(grid),
      marketSource:
        grid.residualSource ??
        `no residual mix published: the grid figure (GHG Protocol Scope 2 Guidance 2015, Table 6.3)`,
      renewableShare,
    },
    cost: {
      ...money,
      sensitivity: tornado(inputs),
      ...(input.monteCarlo === false
        ? {}
        : { monteCarlo: economicMonteCarlo(inputs, e.trials, e.seed) }),
      inputs,
      ...(cashFlows ? { cashFlows } : {}),
    },
    assumptions,
  };
}

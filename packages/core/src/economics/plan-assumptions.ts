// The assumptions a plan lists: every default and catalog figure its energy, carbon and money
// rest on, each with its source and how it is known, and the scenario's own quotes.
import { FACILITY } from '../catalog/facility.js';
import type { Gpu } from '../catalog/gpus.js';
import { investmentFigure } from '../catalog/investment.js';
import type { PriceCatalog, PriceFigure } from '../catalog/prices.js';
import { kindOf, type Assumption } from '../catalog/assumption.js';
import { marketFactor } from '../carbon/plan-carbon.js';
import type { GridIntensity } from '../carbon/grid.js';
import type { ClusterBuild } from '../cluster/plan-cluster.js';
import type { EnergyRates } from '../energy/plan-energy.js';
import type { FacilityPlan } from '../facility/plan-facility.js';
import type { SiteMarket } from '../facility/site-market.js';
import type { ResolvedEconomics } from '../scenario/schema.js';
import { grouped } from '../util/grouped.js';
import type { capitalInputs } from './capital-inputs.js';
import type { planCost, RunningCostFigures } from './cost-plan.js';
import type { electricityPrice } from './electricity-price.js';
import type { resolvedUtilization } from './utilization.js';

export interface AssumptionInput {
  readonly gpu: Gpu;
  readonly grid: GridIntensity;
  readonly renewableShare: number;
  readonly power: ReturnType<typeof electricityPrice>;
  readonly pue: number;
  readonly rates: EnergyRates;
  readonly cluster: ClusterBuild;
  readonly facility: FacilityPlan;
  readonly capital: ReturnType<typeof capitalInputs>;
  readonly figures: RunningCostFigures;
  /** The site's construction market against the reference. */
  readonly build: SiteMarket;
  readonly economics: ResolvedEconomics;
  readonly utilization: ReturnType<typeof resolvedUtilization>;
  readonly rental: number | undefined;
  readonly market: PriceFigure | undefined;
  /** The catalog prices the plan read (its rental table cites its source). */
  readonly prices: PriceCatalog;
  readonly money: Pick<ReturnType<typeof planCost>, 'investment' | 'wantsCase' | 'caseRental'>;
}

export function planAssumptions(input: AssumptionInput): Assumption[] {
  const { gpu, grid, renewableShare, power, pue, rates, cluster, facility, capital, build } = input;
  const { economics: e, utilization, rental, market, figures: f } = input;
  const { investment, wantsCase, caseRental } = input.money;
  const quotes = e.prices ?? {};
  const hosted = facility.hosting === 'colocation';
  const rented = e.colocation || hosted;
  const pct = (f: PriceFigure) => `${(f.value * 100).toFixed(1).replace(/\.0$/, '')}%`;
  const discount = investmentFigure('discountRate');
  return [
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
        ? `colocation at $${f.colocationPrice.value.toFixed(0)} per kW-month`
        : hosted
          ? `hosted: $${((capital.facilityUsdPerMW * facility.itNameplateMW) / 1e3).toFixed(0)}k of rack-level items, the host's plant and space at $${f.colocationPrice.value.toFixed(0)} per kW-month`
          : capital.build.user === true
            ? `$${(capital.facilityUsdPerMW / 1e6).toFixed(1)}M per MW IT (quoted)`
            : `$${((capital.facilityUsdPerMW * facility.itNameplateMW) / 1e6).toFixed(1)}M, $${(((facility.capexUsd.usdPerMWIt / facility.capexUsd.marketRatio) * build.ratio) / 1e6).toFixed(1)}M per MW of IT design load`,
      source: e.colocation
        ? f.colocationPrice.source
        : hosted
          ? `the facility's itemised capex for a hosted cluster (${facility.capexUsd.items.length} lines); rent: ${f.colocationPrice.source}`
          : capital.build.user === true
            ? capital.build.source
            : `the facility's itemised capex (${facility.capexUsd.items.length} lines: unit costs x installed quantities, calibrated to ${FACILITY.capex.referenceMarket.value} at $${(FACILITY.capex.referenceUsdPerMW.value / 1e6).toFixed(1)}M/MW: ${FACILITY.capex.referenceUsdPerMW.source}); site market: ${build.source}`,
    },
    {
      name: 'hardware support',
      value: `${f.support.value} years in the price, then ${pct(f.postWarranty)} of hardware a year`,
      source: `${f.support.source}; ${f.postWarranty.source}`,
      ...kindOf(f.support, f.postWarranty),
    },
    {
      name: 'insurance, taxes, plant upkeep',
      value: `insurance ${pct(f.insurance)} of insured value, property tax ${rented ? 'in the rent' : pct(f.propertyTax)}, equipment tax ${pct(f.equipmentTax)}, plant maintenance ${rented ? 'in the rent' : pct(f.facilityMaintenance)} a year`,
      source: [f.insurance, f.propertyTax, f.equipmentTax, f.facilityMaintenance]
        .map((f) => f.source)
        .join('; '),
      ...kindOf(f.insurance, f.propertyTax, f.equipmentTax, f.facilityMaintenance),
    },
    {
      name: 'connectivity',
      value: `${f.wanGbps.toFixed(0)} Gbps WAN (${f.wanPerMW.value} per MW IT, at least ${f.wanMin.value}) at $${f.wanPrice.value} per Gbps-month`,
      source: `${f.wanPerMW.source}; ${f.wanPrice.source}`,
      ...kindOf(f.wanPerMW, f.wanPrice),
    },
    {
      // Said either way: a cost model without its software line reads as one that forgot it.
      name: 'software',
      value: e.softwareLicences
        ? `$${grouped(f.software.value)} per GPU a year`
        : `no licences counted (economics.softwareLicences: true adds $${grouped(f.software.value)} per GPU a year)`,
      source: f.software.source,
      ...kindOf(f.software),
    },
    {
      name: 'rental price',
      value: rental !== undefined ? `$${rental.toFixed(2)} per GPU-hour` : 'none (no NPV)',
      source:
        e.gpuRentalUsdPerHour !== undefined
          ? 'economics.gpuRentalUsdPerHour'
          : (market?.source ??
            `${input.prices.gpuRentalUsdPerHour.source} (${input.prices.gpuRentalUsdPerHour.date})`),
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
}

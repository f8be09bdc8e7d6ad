// The economics stage: the cluster's capital and running costs at the site's prices, TCO and
// cost per GPU-hour, NPV against the rental price, sensitivity and risk, and (when asked) the
// investment case by year; with what the money says a reader should know.
import { CARBON } from '../catalog/carbon.js';
import type { Gpu } from '../catalog/gpus.js';
import { priceAt } from '../catalog/prices.js';
import { kindOf } from '../catalog/assumption.js';
import type { ClusterBuild } from '../cluster/plan-cluster.js';
import type { FacilityPlan } from '../facility/plan-facility.js';
import { wantsInvestmentCase } from '../scenario/investment-schema.js';
import type { ResolvedEconomics } from '../scenario/schema.js';
import { grouped } from '../util/grouped.js';
import { warning, type PlanWarning } from '../warnings.js';
import type { capitalInputs } from './capital-inputs.js';
import { quoted, type PriceBook } from './electricity-price.js';
import {
  evaluateInvestment,
  type InvestmentCase,
  type InvestmentInputs,
} from './investment-case.js';
import { investmentInputs } from './investment-inputs.js';
import { investmentTornado } from './investment-sensitivity.js';
import {
  breakEvenUtilization,
  economicMonteCarlo,
  evaluateEconomics,
  tornado,
  type EconomicInputs,
  type EconomicMonteCarlo,
  type EconomicResult,
  type TornadoBar,
} from './plan-economics.js';

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

/** The catalog's running-cost figures, with the scenario's quotes applied. */
export function runningCostFigures(book: PriceBook, itNameplateMW: number) {
  const figure = (path: string) => quoted(path, book);
  const wanPerMW = figure('wanGbpsPerMW');
  const wanMin = figure('wanMinGbps');
  return {
    support: figure('supportYearsIncluded'),
    postWarranty: figure('postWarrantySupportFractionPerYear'),
    insurance: figure('insuranceFractionPerYear'),
    propertyTax: figure('propertyTaxFractionPerYear'),
    equipmentTax: figure('equipmentTaxFractionPerYear'),
    facilityMaintenance: figure('facilityMaintenanceFractionPerYear'),
    wanPerMW,
    wanMin,
    wanGbps: Math.max(wanMin.value, wanPerMW.value * itNameplateMW),
    wanPrice: figure('wanUsdPerGbpsMonth'),
    staff: figure('staffUsdPerYear'),
    staffPerMW: figure('staffPerMW'),
    colocationPrice: figure('colocationUsdPerKWMonth'),
    software: figure('softwareUsdPerGpuYear'),
  };
}
export type RunningCostFigures = ReturnType<typeof runningCostFigures>;

export interface CostInput {
  /** The scenario's economics with the utilisation resolved (given, simulated or default). */
  readonly economics: ResolvedEconomics;
  readonly prices: PriceBook;
  readonly gpu: Gpu;
  readonly gpus: number;
  readonly cluster: ClusterBuild;
  readonly facility: FacilityPlan;
  readonly capital: ReturnType<typeof capitalInputs>;
  readonly figures: RunningCostFigures;
  readonly electricityUsdPerKWh: number;
  /** Facility power with every GPU busy and with the servers idle, MW. */
  readonly busyFacilityMW: number;
  readonly idleFacilityMW: number;
  readonly failureDowntime: number;
  readonly monteCarlo: boolean;
}

/** The rental price the money earns: the scenario's, else this GPU's market price. */
function rentalPrice(e: ResolvedEconomics, gpu: Gpu, book: PriceBook) {
  const market = priceAt(`gpuRentalUsdPerHour.${gpu.id}`, book.quotes, book.catalog);
  return { market, rental: e.gpuRentalUsdPerHour ?? market?.value };
}

export function planCost(input: CostInput): {
  cost: CostPlan;
  investment: ReturnType<typeof investmentInputs> | undefined;
  wantsCase: boolean;
  caseRental: { value: number } | undefined;
  /** The rental price earned (the scenario's, else `market`, this GPU's catalog price). */
  rental: number | undefined;
  market: ReturnType<typeof rentalPrice>['market'];
  warnings: PlanWarning[];
} {
  const { economics: e, gpu, cluster, facility, capital, figures: f } = input;
  const { market, rental } = rentalPrice(e, gpu, input.prices);
  // A cluster too small for a plant of its own runs on a host's generators, cooling and space:
  // it pays the host's rent like a colocated one (its own rack-level items stay capex).
  const rented = e.colocation || facility.hosting === 'colocation';
  const inputs: EconomicInputs = {
    gpus: input.gpus,
    servers: cluster.servers,
    serverUsd: capital.serverUsd,
    networkUsd: capital.networkUsd,
    storageUsd: capital.storageUsd,
    facilityUsdPerMW: capital.facilityUsdPerMW,
    itNameplateMW: facility.itNameplateMW,
    busyFacilityMW: input.busyFacilityMW,
    idleFacilityMW: input.idleFacilityMW,
    electricityUsdPerKWh: input.electricityUsdPerKWh,
    supportYearsIncluded: f.support.value,
    postWarrantySupportFraction: f.postWarranty.value,
    // A colocation landlord maintains, insures and pays tax on the building; rent carries it.
    facilityMaintenanceFraction: rented ? 0 : f.facilityMaintenance.value,
    insuranceFraction: f.insurance.value,
    propertyTaxFraction: rented ? 0 : f.propertyTax.value,
    equipmentTaxFraction: f.equipmentTax.value,
    staffPerMW: f.staffPerMW.value,
    staffUsdPerYear: f.staff.value,
    softwareUsdPerGpuYear: e.softwareLicences ? f.software.value : 0,
    wanGbps: f.wanGbps,
    wanUsdPerGbpsMonth: f.wanPrice.value,
    colocationUsdPerKWMonth: rented ? f.colocationPrice.value : 0,
    utilization: e.utilization,
    horizonYears: e.horizonYears,
    depreciationYears: e.depreciationYears,
    facilityLifeYears: CARBON.lifetimeYears.building.value,
    ...(e.residualValueShare !== undefined ? { residualValueShare: e.residualValueShare } : {}),
    discountRate: e.discountRate,
    ...(rental !== undefined ? { rentalUsdPerGpuHour: rental } : {}),
    failureDowntime: input.failureDowntime,
  };
  const money = evaluateEconomics(inputs);
  const warnings: PlanWarning[] = [];
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
  return {
    cost: {
      ...money,
      sensitivity: tornado(inputs),
      ...(input.monteCarlo ? { monteCarlo: economicMonteCarlo(inputs, e.trials, e.seed) } : {}),
      inputs,
      ...(cashFlows ? { cashFlows } : {}),
    },
    investment,
    wantsCase,
    caseRental,
    rental,
    market,
    warnings,
  };
}

// The plan's money, carbon, candidate sites and assumptions as zod schemas (CostPlan, CarbonPlan,
// SiteComparison, Assumption).
import { z } from 'zod';
import { CONFIDENCE_KINDS } from '../catalog/sourced.js';
import { DEPRECIATION_METHODS } from '../scenario/investment-schema.js';
import { SiteWeightsSchema } from '../scenario/schema.js';
import { absentOr, count, num, numbersByKey, share } from './primitives.js';

const OpexLines = numbersByKey([
  'electricity',
  'maintenance',
  'facilityMaintenance',
  'insurance',
  'propertyTax',
  'staff',
  'connectivity',
  'software',
  'colocation',
  'total',
]);
const Metric = z.enum(['npvUsd', 'tcoUsd']);

const EconomicInputs = z.strictObject({
  gpus: count,
  servers: count,
  serverUsd: num,
  networkUsd: num,
  storageUsd: num,
  facilityUsdPerMW: num,
  itNameplateMW: num,
  busyFacilityMW: num,
  idleFacilityMW: num,
  electricityUsdPerKWh: num,
  supportYearsIncluded: num,
  postWarrantySupportFraction: num,
  facilityMaintenanceFraction: num,
  insuranceFraction: num,
  propertyTaxFraction: num,
  equipmentTaxFraction: num,
  staffPerMW: num,
  staffUsdPerYear: num,
  softwareUsdPerGpuYear: num,
  wanGbps: num,
  wanUsdPerGbpsMonth: num,
  colocationUsdPerKWMonth: num,
  utilization: share,
  horizonYears: count,
  depreciationYears: num,
  facilityLifeYears: num,
  residualValueShare: num.optional(),
  discountRate: num,
  rentalUsdPerGpuHour: num.optional(),
  failureDowntime: absentOr(share),
});

const FlowMetrics = {
  discountRate: num,
  npvUsd: num,
  irr: absentOr(num),
  paybackYears: absentOr(num),
  discountedPaybackYears: absentOr(num),
};

const CashFlowRow = z.strictObject({
  period: z.string(),
  startMonth: count,
  endMonth: count,
  gpusOnline: num,
  utilization: share,
  rentalUsdPerGpuHour: num,
  revenueUsd: num,
  opexUsd: num,
  ebitdaUsd: num,
  capexUsd: num,
  assetSalesUsd: num,
  depreciationUsd: num,
  interestUsd: num,
  taxUsd: num,
  netIncomeUsd: num,
  debtDrawnUsd: num,
  debtRepaidUsd: num,
  debtBalanceUsd: num,
  fcffUsd: num.describe('free cash flow to the firm: EBITDA - tax on EBIT - capex + asset sales'),
  fcfeUsd: num.describe(
    'free cash flow to equity: EBITDA - tax - capex + asset sales + debt drawn - repaid - interest',
  ),
  cumulativeFcffUsd: num,
  cumulativeFcfeUsd: num,
});

const Phase = z.strictObject({ gpus: count, onlineMonth: count });

const InvestmentInputs = z.strictObject({
  schedule: z.strictObject({
    designMonths: count,
    constructionMonths: count,
    designCapexShare: share,
    phases: z.array(Phase),
  }),
  utilizationRamp: z.array(share),
  rental: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('decay'), startUsd: num, decayPerYear: share }),
    z.strictObject({ kind: z.literal('by-year'), usdByYear: z.array(num) }),
  ]),
  refreshYears: num,
  residualValueShare: share,
  debtShare: share,
  debtRatePerYear: num,
  debtYears: num,
  taxRate: share,
  lossOffsetShare: share,
  depreciationMethod: z.enum(DEPRECIATION_METHODS),
  costOfEquity: num,
  period: z.enum(['year', 'quarter']),
});

/** The investment case: the cash-flow table from the decision to build, and its metrics. */
const InvestmentPlanSchema = z.strictObject({
  period: z.enum(['year', 'quarter']),
  rows: z.array(CashFlowRow),
  firm: z.strictObject(FlowMetrics).describe('free cash flow to the firm at the discount rate'),
  equity: z
    .strictObject({ ...FlowMetrics, peakFundingUsd: num })
    .describe('free cash flow to equity at the cost of equity'),
  minDscr: absentOr(num),
  phases: z.array(z.strictObject({ ...Phase.shape, constructionStartMonth: count, share: share })),
  impliedWacc: num,
  sensitivity: z.strictObject({
    metric: z.literal('equityNpvUsd'),
    bars: z.array(
      z.strictObject({ input: z.string(), label: z.string(), low: num, high: num, swing: num }),
    ),
  }),
  inputs: InvestmentInputs,
});

export const CostPlanSchema = z.strictObject({
  capexUsd: numbersByKey(['servers', 'network', 'storage', 'facility', 'total']),
  opexUsdPerYear: OpexLines.describe('the average year of the horizon'),
  opexByYearUsd: z.array(OpexLines),
  energyMWhPerYear: num,
  depreciationUsdPerYear: num,
  residualUsd: numbersByKey(['hardware', 'facility', 'total']),
  tcoUsd: num.describe('capex - residual value + opex over the horizon, undiscounted'),
  tcoByYearUsd: z.array(num),
  gpuHours: num,
  usdPerGpuHour: num,
  usdPerUsefulGpuHour: num,
  levelisedUsdPerGpuHour: num.describe(
    'discounted costs over discounted GPU-hours in use at the discount rate: the price at which NPV is 0',
  ),
  investment: absentOr(
    z.strictObject({
      revenueUsdPerYear: num,
      npvUsd: num,
      irr: absentOr(num),
      paybackYears: absentOr(num),
      cashFlowsUsd: z.array(num),
    }),
  ),
  sensitivity: z.strictObject({
    metric: Metric,
    bars: z.array(
      z.strictObject({ input: z.string(), label: z.string(), low: num, high: num, swing: num }),
    ),
  }),
  monteCarlo: absentOr(
    z.strictObject({
      metric: Metric,
      seed: count,
      trials: count,
      p10: num,
      p50: num,
      p90: num,
      mean: num,
    }),
  ),
  inputs: EconomicInputs,
  cashFlows: absentOr(InvestmentPlanSchema),
});

export const CarbonPlanSchema = z.strictObject({
  energyMWhPerYear: num,
  operationalTCO2ePerYear: num,
  marketTCO2ePerYear: num,
  embodiedTCO2e: num,
  embodiedTCO2ePerYear: num,
  embodiedByPartTCO2e: numbersByKey(['gpus', 'servers', 'network', 'storage', 'building']),
  gridGCO2PerKWh: num,
  gridSource: z.string(),
  marketGCO2PerKWh: num,
  marketSource: z.string(),
  renewableShare: share,
});

export const SiteComparisonSchema = z.strictObject({
  weights: SiteWeightsSchema,
  scoreMeaning: z.string(),
  rows: z.array(
    z.strictObject({
      name: z.string(),
      country: absentOr(z.string()),
      pue: num,
      facilityPowerMW: num,
      electricityUsdPerKWh: num,
      energyCostUsdPerYear: num,
      tcoUsd: num,
      npvUsd: absentOr(num),
      gridGCO2PerKWh: num,
      operationalTCO2ePerYear: num,
      marketTCO2ePerYear: num,
      powerAvailable: z.boolean(),
      pueLimit: absentOr(
        z.strictObject({
          maxPue: num,
          meets: z.boolean(),
          scope: z.string(),
          document: z.string(),
        }),
      ),
      score: num,
      rank: count,
    }),
  ),
});

export const AssumptionSchema = z.strictObject({
  name: z.string(),
  value: z.string(),
  source: z.string(),
  confidence: absentOr(z.enum(CONFIDENCE_KINDS)),
});

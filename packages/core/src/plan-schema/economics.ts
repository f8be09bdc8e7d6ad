// The plan's money, carbon, candidate sites and assumptions as zod schemas (CostPlan, CarbonPlan,
// SiteComparison, Assumption).
import { z } from 'zod';
import { CONFIDENCE_KINDS } from '../catalog/sourced.js';
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

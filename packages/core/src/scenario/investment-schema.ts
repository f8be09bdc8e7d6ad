// The investment-case keys of `economics` (interface.md §4 "Investment"): build schedule, phases,
// utilisation ramp, rental price curve, refresh, debt, tax and depreciation. All optional and
// without zod defaults: a scenario that gives none plans as before; giving any of them (or
// `investmentCase: true`) adds the cash-flow table, its other keys at the catalog's defaults
// (catalog/data/investment.json, each sourced).
import { z } from 'zod';
import { INVESTMENT } from '../catalog/investment.js';

const months = (max: number) => z.number().int().min(0).max(max);
const share = z.number().min(0).max(1);

export const DEPRECIATION_METHODS = ['straight-line', 'declining-balance', 'expensing'] as const;
export type DepreciationMethod = (typeof DEPRECIATION_METHODS)[number];

export const PhaseSchema = z.strictObject({
  /** GPUs this phase adds (scaled to the plan's GPU count when the phases sum to another). */
  gpus: z.number().int().positive(),
  /** Month after the investment decision when the phase is energised and starts earning. */
  onlineMonth: z.number().int().min(1).max(600),
});

export const DebtSchema = z.strictObject({
  /** Share of each month's capex borrowed. */
  share: share.optional(),
  ratePerYear: share.optional(),
  /** Term of each draw, repaid as a monthly annuity from the month after it is drawn. */
  years: z.number().positive().max(40).optional(),
});

/** The keys, spread into EconomicsSchema. */
export const investmentKeys = {
  /** Give it to add the cash-flow table with every investment key at its default. */
  investmentCase: z.boolean().optional(),
  designMonths: months(120).optional(),
  constructionMonths: months(120).optional(),
  /** Design + construction, months from the decision to the first energisation. */
  buildMonths: z.number().int().min(1).max(240).optional(),
  phases: z.array(PhaseSchema).min(1).max(50).optional(),
  /** Utilisation of a phase in its 1st, 2nd, ... year in service; then `utilization`. */
  utilizationRamp: z.array(z.number().gt(0).max(1)).max(10).optional(),
  /** Share of the rental price lost each year (a new generation's price restarts at refresh). */
  rentalPriceDecayPerYear: z.number().min(0).lt(1).optional(),
  /** The user's own curve: $/GPU-hour in year 1, 2, ... after purchase; the last value holds. */
  rentalPriceByYear: z.array(z.number().min(0)).min(1).max(50).optional(),
  /** Years in service after which a phase's hardware is sold and bought anew. */
  refreshYears: z.number().min(1).max(30).optional(),
  debt: DebtSchema.optional(),
  taxRate: share.optional(),
  depreciationMethod: z.enum(DEPRECIATION_METHODS).optional(),
  /** Discount rate of the free cash flow to equity (the firm's flow uses discountRate). */
  costOfEquity: share.optional(),
  cashFlowPeriod: z.enum(['year', 'quarter']).optional(),
};

type InvestmentKeys = { [K in keyof typeof investmentKeys]?: z.output<(typeof investmentKeys)[K]> };

/** Whether the scenario asks for the investment case. */
export function wantsInvestmentCase(e: InvestmentKeys): boolean {
  return (
    e.investmentCase === true ||
    (e.investmentCase === undefined &&
      (Object.keys(investmentKeys) as (keyof InvestmentKeys)[]).some((k) => e[k] !== undefined))
  );
}

/** Checks across the keys, with the key path, what was expected and a hint. */
export function checkInvestmentKeys(
  e: InvestmentKeys & { gpuRentalUsdPerHour?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  if (e.buildMonths !== undefined && e.constructionMonths !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['buildMonths'],
      message: 'buildMonths is designMonths + constructionMonths: give one or the other',
      params: {
        expected: 'buildMonths, or constructionMonths',
        hint: 'remove buildMonths, or constructionMonths',
      },
    });
  }
  const design = e.designMonths ?? INVESTMENT.designMonths.value;
  if (e.buildMonths !== undefined && e.buildMonths <= design) {
    ctx.addIssue({
      code: 'custom',
      path: ['buildMonths'],
      message: `buildMonths (${e.buildMonths}) must be above the design months (${design}${e.designMonths === undefined ? ', the default' : ''}): construction follows design`,
      params: {
        expected: `more than ${design}`,
        hint: 'raise buildMonths, or lower designMonths',
      },
    });
  }
  e.phases?.forEach((p, i) => {
    if (p.onlineMonth <= design) {
      ctx.addIssue({
        code: 'custom',
        path: ['phases', i, 'onlineMonth'],
        message: `phase ${i + 1} is energised in month ${p.onlineMonth}, before design ends (month ${design}${e.designMonths === undefined ? ', the default designMonths' : ''})`,
        params: {
          expected: `an onlineMonth above ${design}`,
          hint: 'move the phase later, or give a shorter designMonths',
        },
      });
    }
  });
  if (e.rentalPriceByYear !== undefined && e.rentalPriceDecayPerYear !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['rentalPriceDecayPerYear'],
      message: 'rentalPriceByYear is the whole price curve: it cannot decay as well',
      params: {
        expected: 'rentalPriceByYear or rentalPriceDecayPerYear',
        hint: 'remove one of them',
      },
    });
  }
  if (e.rentalPriceByYear !== undefined && e.gpuRentalUsdPerHour !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['gpuRentalUsdPerHour'],
      message: "rentalPriceByYear gives year 1's price: gpuRentalUsdPerHour would contradict it",
      params: {
        expected: 'gpuRentalUsdPerHour or rentalPriceByYear',
        hint: 'remove gpuRentalUsdPerHour',
      },
    });
  }
}

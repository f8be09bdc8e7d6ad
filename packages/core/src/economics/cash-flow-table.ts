// The months of an investment case summed into a yearly or quarterly cash-flow table, with NPV,
// IRR, payback and discounted payback of the free cash flow to the firm (unlevered tax, before
// debt) and to equity (after interest, repayment and levered tax). Flows fall at the end of each
// period: period t of a year-long table is discounted by (1 + r)^t, a quarter's by (1 + r)^(t/4).
import { irr, npv } from './finance.js';

/** One number per month 1..months (index 0 unused). */
export interface MonthFlows {
  readonly months: number;
  readonly gpusOnline: number[];
  readonly soldGpuHours: number[];
  readonly revenue: number[];
  readonly opex: number[];
  readonly capex: number[];
  /** Hardware sold at refresh, and hardware and facility valued at the end of the horizon. */
  readonly assetSales: number[];
  readonly depreciation: number[];
  /** Sale value over tax book value (taxed). */
  readonly gains: number[];
  readonly interest: number[];
  readonly drawn: number[];
  /** Scheduled repayments. */
  readonly principal: number[];
  /** The balance repaid at the end of the horizon. */
  readonly balloon: number[];
  readonly debtBalance: number[];
  readonly taxLevered: number[];
  readonly taxUnlevered: number[];
}

export interface CashFlowRow {
  /** `Y1`, or `Y1 Q1` for a quarterly table. */
  readonly period: string;
  readonly startMonth: number;
  readonly endMonth: number;
  readonly gpusOnline: number;
  /** Sold GPU-hours over the GPU-hours of the GPUs online. */
  readonly utilization: number;
  /** Revenue over sold GPU-hours (0 before the first sale). */
  readonly rentalUsdPerGpuHour: number;
  readonly revenueUsd: number;
  readonly opexUsd: number;
  readonly ebitdaUsd: number;
  readonly capexUsd: number;
  readonly assetSalesUsd: number;
  readonly depreciationUsd: number;
  readonly interestUsd: number;
  readonly taxUsd: number;
  /** EBITDA - depreciation - interest + disposal gains - tax. */
  readonly netIncomeUsd: number;
  readonly debtDrawnUsd: number;
  /** Scheduled repayments and, in the last period, the balance left. */
  readonly debtRepaidUsd: number;
  readonly debtBalanceUsd: number;
  /** EBITDA - tax on EBIT - capex + asset sales. */
  readonly fcffUsd: number;
  /** EBITDA - tax - capex + asset sales + debt drawn - repaid - interest. */
  readonly fcfeUsd: number;
  readonly cumulativeFcffUsd: number;
  readonly cumulativeFcfeUsd: number;
}

/** A cash-flow row's fields in the table's order: the columns every export and view shows. */
export const CASH_FLOW_COLUMNS = [
  'period',
  'startMonth',
  'endMonth',
  'gpusOnline',
  'utilization',
  'rentalUsdPerGpuHour',
  'revenueUsd',
  'opexUsd',
  'ebitdaUsd',
  'capexUsd',
  'assetSalesUsd',
  'depreciationUsd',
  'interestUsd',
  'taxUsd',
  'netIncomeUsd',
  'debtDrawnUsd',
  'debtRepaidUsd',
  'debtBalanceUsd',
  'fcffUsd',
  'fcfeUsd',
  'cumulativeFcffUsd',
  'cumulativeFcfeUsd',
] as const satisfies readonly (keyof CashFlowRow)[];

export interface FlowMetrics {
  readonly discountRate: number;
  readonly npvUsd: number;
  /** Per year (a quarterly table's rate compounded). */
  readonly irr?: number;
  /** Years from the decision until the cumulative flow turns non-negative for good. */
  readonly paybackYears?: number;
  readonly discountedPaybackYears?: number;
}

export interface CashFlowTable {
  readonly period: 'year' | 'quarter';
  readonly rows: readonly CashFlowRow[];
  readonly firm: FlowMetrics;
  readonly equity: FlowMetrics & {
    /** The most equity in at once: minus the lowest cumulative free cash flow to equity. */
    readonly peakFundingUsd: number;
  };
  /** Lowest cash flow available for debt service (EBITDA - tax) over scheduled interest and
   *  repayment, among the years with sales and debt service (yearly tables only). */
  readonly minDscr?: number;
}

/**
 * Years until the cumulative flow becomes and stays non-negative, interpolated within the period;
 * undefined when it ends negative. Refreshes can turn it negative again, so the last crossing counts.
 * @example paybackPeriods([-100, 60, 60], 1) // 2.67: the flows of years 1-3, paid back two thirds into year 3
 */
export function paybackPeriods(
  flows: readonly number[],
  yearsPerPeriod: number,
): number | undefined {
  let cumulative = 0;
  let crossing: number | undefined = 0;
  flows.forEach((cf, t) => {
    const before = cumulative;
    cumulative += cf;
    if (cumulative < 0) crossing = undefined;
    else if (before < 0 && crossing === undefined) crossing = (t + -before / cf) * yearsPerPeriod;
  });
  return crossing;
}

const sum = (a: readonly number[], from: number, to: number) => {
  let s = 0;
  for (let m = from; m <= to; m++) s += a[m] ?? 0;
  return s;
};

function metrics(
  flows: readonly number[],
  rate: number,
  perYear: number,
  detail: boolean,
): FlowMetrics {
  const periodRate = Math.pow(1 + rate, 1 / perYear) - 1;
  const discounted = flows.map((cf, t) => cf / Math.pow(1 + periodRate, t + 1));
  const root = detail ? irr(flows) : undefined;
  const payback = paybackPeriods(flows, 1 / perYear);
  const discountedPayback = paybackPeriods(discounted, 1 / perYear);
  return {
    discountRate: rate,
    npvUsd: npv(periodRate, [0, ...flows]),
    ...(root !== undefined ? { irr: Math.pow(1 + root, perYear) - 1 } : {}),
    ...(payback !== undefined ? { paybackYears: payback } : {}),
    ...(discountedPayback !== undefined ? { discountedPaybackYears: discountedPayback } : {}),
  };
}

export function cashFlowTable(
  f: MonthFlows,
  o: {
    readonly period: 'year' | 'quarter';
    readonly firmRate: number;
    readonly equityRate: number;
    readonly detail: boolean;
  },
): CashFlowTable {
  const length = o.period === 'year' ? 12 : 3;
  const perYear = 12 / length;
  const rows: CashFlowRow[] = [];
  let cumFirm = 0;
  let cumEquity = 0;
  let minDscr: number | undefined;
  for (let start = 1; start <= f.months; start += length) {
    const end = Math.min(f.months, start + length - 1);
    const s = (a: readonly number[]) => sum(a, start, end);
    const revenue = s(f.revenue);
    const opex = s(f.opex);
    const ebitda = revenue - opex;
    const capex = s(f.capex);
    const sales = s(f.assetSales);
    const interest = s(f.interest);
    const tax = s(f.taxLevered);
    const scheduled = s(f.principal);
    const repaid = scheduled + s(f.balloon);
    const drawn = s(f.drawn);
    const fcff = ebitda - s(f.taxUnlevered) - capex + sales;
    const fcfe = ebitda - tax - capex + sales + drawn - repaid - interest;
    cumFirm += fcff;
    cumEquity += fcfe;
    const hours = s(f.soldGpuHours);
    let gpuMonths = 0;
    for (let m = start; m <= end; m++) gpuMonths += f.gpusOnline[m] ?? 0;
    // Lenders' cover counts from the first year of sales (construction's service is equity's).
    const service = interest + scheduled;
    if (service > 0 && o.period === 'year' && revenue > 0) {
      const dscr = (ebitda - tax) / service;
      minDscr = minDscr === undefined ? dscr : Math.min(minDscr, dscr);
    }
    const year = Math.floor((start - 1) / 12) + 1;
    rows.push({
      period: o.period === 'year' ? `Y${year}` : `Y${year} Q${((start - 1) % 12) / 3 + 1}`,
      startMonth: start,
      endMonth: end,
      gpusOnline: f.gpusOnline[end] ?? 0,
      utilization: gpuMonths > 0 ? hours / (gpuMonths * 730) : 0,
      rentalUsdPerGpuHour: hours > 0 ? revenue / hours : 0,
      revenueUsd: revenue,
      opexUsd: opex,
      ebitdaUsd: ebitda,
      capexUsd: capex,
      assetSalesUsd: sales,
      depreciationUsd: s(f.depreciation),
      interestUsd: interest,
      taxUsd: tax,
      netIncomeUsd: ebitda - s(f.depreciation) - interest + s(f.gains) - tax,
      debtDrawnUsd: drawn,
      debtRepaidUsd: repaid,
      debtBalanceUsd: f.debtBalance[end] ?? 0,
      fcffUsd: fcff,
      fcfeUsd: fcfe,
      cumulativeFcffUsd: cumFirm,
      cumulativeFcfeUsd: cumEquity,
    });
  }
  const lowest = Math.min(0, ...rows.map((r) => r.cumulativeFcfeUsd));
  return {
    period: o.period,
    rows,
    firm: metrics(
      rows.map((r) => r.fcffUsd),
      o.firmRate,
      perYear,
      o.detail,
    ),
    equity: {
      ...metrics(
        rows.map((r) => r.fcfeUsd),
        o.equityRate,
        perYear,
        o.detail,
      ),
      peakFundingUsd: -lowest,
    },
    ...(minDscr !== undefined ? { minDscr } : {}),
  };
}

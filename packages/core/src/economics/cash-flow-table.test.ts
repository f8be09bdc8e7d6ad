import { describe, expect, it } from 'vitest';
import { cashFlowTable, paybackPeriods, type MonthFlows } from './cash-flow-table.js';

/** Months with nothing in them but what `set` puts there. */
function months(n: number, set: Partial<Record<keyof MonthFlows, Record<number, number>>>) {
  const keys = [
    'gpusOnline',
    'soldGpuHours',
    'revenue',
    'opex',
    'capex',
    'assetSales',
    'depreciation',
    'gains',
    'interest',
    'drawn',
    'principal',
    'balloon',
    'debtBalance',
    'taxLevered',
    'taxUnlevered',
  ] as const;
  const f = { months: n } as Record<string, unknown>;
  for (const k of keys) {
    const a = new Array<number>(n + 1).fill(0);
    for (const [m, v] of Object.entries(set[k] ?? {})) a[Number(m)] = v;
    f[k] = a;
  }
  return f as unknown as MonthFlows;
}

describe('the cash-flow table and its metrics', () => {
  it('IRR of a known series: -100, 60, 60 by year is 13.07% (60x^2 + 60x - 100 = 0)', () => {
    // x = 1 / (1 + r) = (-60 + sqrt(60^2 + 4 x 60 x 100)) / 120 = 0.884436, r = 0.130662
    const f = months(36, { capex: { 12: 100 }, revenue: { 24: 60, 36: 60 } });
    const t = cashFlowTable(f, { period: 'year', firmRate: 0.1, equityRate: 0.1, detail: true });
    expect(t.rows.map((r) => r.fcffUsd)).toEqual([-100, 60, 60]);
    expect(t.firm.irr).toBeCloseTo(0.130662, 5);
    // NPV at 10%, flows at each year's end: -100/1.1 + 60/1.21 + 60/1.331 = -90.91 + 49.59 + 45.08 = 3.76
    expect(t.firm.npvUsd).toBeCloseTo(-100 / 1.1 + 60 / 1.21 + 60 / 1.331, 9);
    expect(t.firm.npvUsd).toBeCloseTo(3.76, 2);
    // Payback: cumulative -100, -40, +20: two thirds into year 3.
    expect(t.firm.paybackYears).toBeCloseTo(2 + 40 / 60, 12);
    // Discounted: -90.91, -41.32, +3.77: 41.32 / 45.08 into year 3.
    expect(t.firm.discountedPaybackYears).toBeCloseTo(
      2 + (100 / 1.1 - 60 / 1.21) / (60 / 1.331),
      9,
    );
  });

  it('a quarterly table compounds its rate: -100 in Q1, +110 a year later is 10% a year, NPV 0 at 10%', () => {
    const f = months(24, { capex: { 3: 100 }, assetSales: { 15: 110 } });
    const q = cashFlowTable(f, { period: 'quarter', firmRate: 0.1, equityRate: 0.1, detail: true });
    expect(q.rows.map((r) => r.period).slice(0, 5)).toEqual([
      'Y1 Q1',
      'Y1 Q2',
      'Y1 Q3',
      'Y1 Q4',
      'Y2 Q1',
    ]);
    expect(q.firm.irr).toBeCloseTo(0.1, 9);
    expect(q.firm.npvUsd).toBeCloseTo(0, 9);
  });

  it('debt: equity puts in capex less the draw, pays the service; DSCR counts from the first sales', () => {
    const f = months(24, {
      capex: { 12: 100 },
      drawn: { 12: 60 },
      revenue: { 24: 90 },
      interest: { 24: 6 },
      principal: { 24: 24 },
      balloon: { 24: 36 },
      taxLevered: { 24: 3 },
      taxUnlevered: { 24: 4 },
    });
    const t = cashFlowTable(f, { period: 'year', firmRate: 0.1, equityRate: 0.14, detail: true });
    expect(t.rows.map((r) => r.fcfeUsd)).toEqual([-40, 90 - 3 - 6 - 24 - 36]);
    expect(t.rows.map((r) => r.fcffUsd)).toEqual([-100, 86]);
    expect(t.equity.peakFundingUsd).toBe(40);
    // (90 - 3) / (6 + 24): the balloon at the horizon's end is not scheduled service.
    expect(t.minDscr).toBeCloseTo(87 / 30, 12);
  });

  it('payback counts the last time the cumulative flow turns non-negative (a refresh can undo it)', () => {
    expect(paybackPeriods([-100, 150, -100, 100], 1)).toBeCloseTo(3 + 50 / 100, 12);
    expect(paybackPeriods([-100, 50], 1)).toBeUndefined();
    expect(paybackPeriods([10, 10], 1)).toBe(0);
  });
});

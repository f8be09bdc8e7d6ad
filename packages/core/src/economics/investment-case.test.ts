import { describe, expect, it } from 'vitest';
import { annuityPayment } from './annuity.js';
import { evaluateInvestment, type InvestmentInputs } from './investment-case.js';
import { investmentTornado } from './investment-sensitivity.js';
import type { EconomicInputs } from './plan-economics.js';

// One GPU in one $10,000 server, no facility and no operating cost, sold at $2 an hour for every
// hour from the month after it arrives (month 12) to the end of a 2-year horizon.
const money: EconomicInputs = {
  gpus: 1,
  servers: 1,
  serverUsd: 10_000,
  networkUsd: 0,
  storageUsd: 0,
  facilityUsdPerMW: 0,
  itNameplateMW: 0.001,
  busyFacilityMW: 0,
  idleFacilityMW: 0,
  electricityUsdPerKWh: 0.1,
  supportYearsIncluded: 3,
  postWarrantySupportFraction: 0,
  facilityMaintenanceFraction: 0,
  insuranceFraction: 0,
  propertyTaxFraction: 0,
  equipmentTaxFraction: 0,
  staffPerMW: 0,
  staffUsdPerYear: 0,
  softwareUsdPerGpuYear: 0,
  wanGbps: 0,
  wanUsdPerGbpsMonth: 0,
  colocationUsdPerKWMonth: 0,
  utilization: 1,
  horizonYears: 2,
  depreciationYears: 5,
  facilityLifeYears: 20,
  discountRate: 0.1,
};
const inv: InvestmentInputs = {
  schedule: {
    designMonths: 0,
    constructionMonths: 0,
    designCapexShare: 0,
    phases: [{ gpus: 1, onlineMonth: 12 }],
  },
  utilizationRamp: [],
  rental: { kind: 'by-year', usdByYear: [2] },
  refreshYears: 6,
  residualValueShare: 0.1,
  debtShare: 0,
  debtRatePerYear: 0.12,
  debtYears: 1,
  taxRate: 0,
  lossOffsetShare: 0.8,
  depreciationMethod: 'straight-line',
  costOfEquity: 0.1,
  period: 'year',
};

describe('a tiny investment case, worked by hand', () => {
  it('NPV, IRR and payback of -$10,000 then $26,020', () => {
    // Year 1: the server, -$10,000. Year 2: 12 months x 730 h x $2 = $17,520 of rent, and the
    // server valued at the horizon's end: 12 months into a 72-month life falling to 10%,
    // 1 - 0.9 x 12/72 = 85% of $10,000 = $8,500. Year 2's flow: $26,020.
    // NPV at 10%: -10,000 / 1.1 + 26,020 / 1.21 = -9,090.91 + 21,504.13 = $12,413.22.
    // IRR: 26,020 / 10,000 - 1 = 160.2%. Payback: 1 + 10,000 / 26,020 = 1.384 years.
    const c = evaluateInvestment(money, inv);
    expect(c.rows.map((r) => r.fcffUsd)).toEqual([-10_000, 26_020]);
    expect(c.rows[1]?.revenueUsd).toBe(17_520);
    expect(c.rows[1]?.rentalUsdPerGpuHour).toBe(2);
    expect(c.firm.npvUsd).toBeCloseTo(12_413.22, 2);
    expect(c.firm.irr).toBeCloseTo(1.602, 9);
    expect(c.firm.paybackYears).toBeCloseTo(1 + 10_000 / 26_020, 12);
    expect(c.equity.npvUsd).toBeCloseTo(c.firm.npvUsd, 9);
  });

  it('tax at 25% after straight-line depreciation and the gain on the resale: $4,005', () => {
    // Depreciation: $10,000 / 5 = $2,000 in year 2. Gain: $8,500 - ($10,000 - $2,000) = $500.
    // Taxable: 17,520 - 2,000 + 500 = $16,020, tax $4,005; the firm's year 2: 26,020 - 4,005.
    const c = evaluateInvestment(money, { ...inv, taxRate: 0.25 });
    expect(c.rows[1]?.depreciationUsd).toBeCloseTo(2000, 9);
    expect(c.rows[1]?.taxUsd).toBeCloseTo(4005, 9);
    expect(c.rows[1]?.fcffUsd).toBeCloseTo(22_015, 9);
    expect(c.rows[1]?.netIncomeUsd).toBeCloseTo(16_020 - 4005, 9);
  });

  it('half the server on a 1-year loan at 12%: equity pays $5,000, then the annuity', () => {
    // Draw $5,000 in month 12; 12 payments of 5,000 x 0.01 / (1 - 1.01^-12) = $444.24 from month 13.
    const c = evaluateInvestment(money, { ...inv, debtShare: 0.5 });
    const payment = annuityPayment(5000, 0.01, 12);
    expect(payment).toBeCloseTo(444.24, 2);
    expect(c.rows[0]?.fcfeUsd).toBeCloseTo(-5000, 9);
    expect(c.rows[1]?.interestUsd).toBeCloseTo(12 * payment - 5000, 6);
    expect(c.rows[1]?.fcfeUsd).toBeCloseTo(26_020 - 12 * payment, 6);
    expect(c.rows[1]?.debtBalanceUsd).toBeCloseTo(0, 6);
    // The firm's flow does not see the debt.
    expect(c.rows.map((r) => r.fcffUsd)).toEqual([-10_000, 26_020]);
  });

  it('refresh: sold at 10% after its life and bought again; the new one rents at year 1 price', () => {
    // A 1-year life in a 4-year horizon: bought in months 12, 24 and 36, sold at $1,000 each time.
    const c = evaluateInvestment(
      { ...money, horizonYears: 4 },
      { ...inv, refreshYears: 1, rental: { kind: 'by-year', usdByYear: [2, 1] } },
    );
    expect(c.rows.map((r) => r.capexUsd)).toEqual([10_000, 10_000, 10_000, 0]);
    // Year 2: the first server's second price year ($1), sold at 10%; year 3: the refresh's year 1.
    expect(c.rows.map((r) => r.rentalUsdPerGpuHour)).toEqual([0, 1, 2, 2]);
    expect(c.rows[1]?.assetSalesUsd).toBe(1000);
    expect(c.rows[3]?.assetSalesUsd).toBeCloseTo(1000, 9);
  });

  it('the ramp: 50% then 75% in the first two years in service, then the steady 100%', () => {
    const c = evaluateInvestment(
      { ...money, horizonYears: 4 },
      { ...inv, utilizationRamp: [0.5, 0.75] },
    );
    expect(c.rows.map((r) => r.utilization)).toEqual([0, 0.5, 0.75, 1]);
  });

  it('the tornado ranks the rental price first here; the debt rate moves only with debt', () => {
    const bars = investmentTornado(money, { ...inv, debtShare: 0.5 }).bars;
    expect(bars[0]?.input).toBe('rentalPrice');
    expect(bars.find((b) => b.input === 'debtRatePerYear')?.swing).toBeGreaterThan(0);
    expect(investmentTornado(money, inv).bars.some((b) => b.input === 'debtRatePerYear')).toBe(
      false,
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  breakEvenUtilization,
  economicMonteCarlo,
  evaluateEconomics,
  headlineMetric,
  tornado,
  type EconomicInputs,
} from './plan-economics.js';

// A hand-workable cluster: 10 servers of 8 GPUs at $300k, 1 MW of IT.
const base: EconomicInputs = {
  gpus: 80,
  servers: 10,
  serverUsd: 300_000,
  networkUsd: 400_000,
  storageUsd: 100_000,
  facilityUsdPerMW: 10_000_000,
  itNameplateMW: 0.1,
  busyFacilityMW: 0.1,
  idleFacilityMW: 0.05,
  electricityUsdPerKWh: 0.1,
  supportYearsIncluded: 3,
  postWarrantySupportFraction: 0.05,
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
  utilization: 0.5,
  horizonYears: 5,
  depreciationYears: 5,
  facilityLifeYears: 20,
  discountRate: 0.08,
};

describe('money, hand-checked', () => {
  it('capex, yearly opex, residual, TCO and cost per GPU-hour from one rule', () => {
    const r = evaluateEconomics(base);
    // Hardware 3.0M + 0.4M + 0.1M = 3.5M; facility 10M/MW x 0.1 MW = 1.0M.
    expect(r.capexUsd.total).toBe(4_500_000);
    // Energy: 8760 h x (0.1 x 0.5 + 0.05 x 0.5) MW = 657 MWh -> $65,700 a year.
    expect(r.energyMWhPerYear).toBeCloseTo(657, 9);
    // Support: years 1-3 in the price, years 4-5 at 5% of 3.5M = 175,000.
    expect(r.opexByYearUsd.map((y) => y.maintenance)).toEqual([0, 0, 0, 175_000, 175_000]);
    expect(r.opexUsdPerYear.maintenance).toBeCloseTo(70_000, 6);
    expect(r.opexUsdPerYear.total).toBeCloseTo(65_700 + 70_000, 6);
    // Residual: hardware fully depreciated over 5 years; the 20-year facility keeps 15/20.
    expect(r.residualUsd.hardware).toBe(0);
    expect(r.residualUsd.facility).toBeCloseTo(750_000, 6);
    const tco = 4_500_000 - 750_000 + 5 * 65_700 + 2 * 175_000;
    expect(r.tcoUsd).toBeCloseTo(tco, 6);
    expect(r.tcoByYearUsd[0]).toBe(4_500_000);
    expect(r.tcoByYearUsd.at(-1)).toBeCloseTo(tco, 6);
    // $/GPU-hour is the page's own TCO over the page's own hours: 80 x 8760 x 0.5 x 5.
    expect(r.gpuHours).toBe(80 * 8760 * 0.5 * 5);
    expect(r.usdPerGpuHour).toBeCloseTo(tco / r.gpuHours, 12);
    expect(r.depreciationUsdPerYear).toBeCloseTo((4_500_000 - 750_000) / 5, 6);
    expect(r.investment).toBeUndefined();
  });

  it('insurance, property and equipment tax, plant upkeep and connectivity, line by line', () => {
    const r = evaluateEconomics({
      ...base,
      insuranceFraction: 0.003,
      propertyTaxFraction: 0.01,
      equipmentTaxFraction: 0.0415,
      facilityMaintenanceFraction: 0.02,
      wanGbps: 200,
      wanUsdPerGbpsMonth: 110,
    });
    const y = r.opexByYearUsd;
    expect(y[0]?.insurance).toBeCloseTo(0.003 * 4_500_000, 6);
    expect(y[0]?.facilityMaintenance).toBeCloseTo(0.02 * 1_000_000, 6);
    // Equipment tax on the book value at the start of each year: 3.5M, 2.8M, ... (Loudoun rate).
    expect(y[0]?.propertyTax).toBeCloseTo(0.01 * 1_000_000 + 0.0415 * 3_500_000, 6);
    expect(y[2]?.propertyTax).toBeCloseTo(0.01 * 1_000_000 + 0.0415 * 3_500_000 * 0.6, 6);
    expect(y[0]?.connectivity).toBeCloseTo(200 * 110 * 12, 6);
  });

  it('a residual share overrides the book value; a longer support term removes the support line', () => {
    const r = evaluateEconomics({ ...base, residualValueShare: 0.2, supportYearsIncluded: 5 });
    expect(r.residualUsd.hardware).toBeCloseTo(700_000, 6);
    expect(r.opexUsdPerYear.maintenance).toBe(0);
    expect(r.tcoUsd).toBeCloseTo(4_500_000 - 700_000 - 750_000 + 5 * 65_700, 6);
  });

  it('lessor: revenue on sold hours (not cut by a tenant job’s failures), NPV, IRR, payback', () => {
    const r = evaluateEconomics({ ...base, rentalUsdPerGpuHour: 4, failureDowntime: 0.1 });
    const revenue = 80 * 8760 * 0.5 * 4; // 1,401,600 a year
    expect(r.investment?.revenueUsdPerYear).toBeCloseTo(revenue, 6);
    const early = revenue - 65_700;
    const late = early - 175_000;
    const residual = 750_000;
    expect(r.investment?.cashFlowsUsd).toEqual([
      -4_500_000,
      early,
      early,
      early,
      late,
      late + residual,
    ]);
    const flows = [early, early, early, late, late + residual];
    const npv = -4_500_000 + flows.reduce((s, f, k) => s + f / 1.08 ** (k + 1), 0);
    expect(r.investment?.npvUsd).toBeCloseTo(npv, 3);
    // Cumulative after year 3: -4.5M + 3 x 1,335,900 = -492,300 -> 3 + 492,300 / 1,160,900.
    expect(r.investment?.paybackYears).toBeCloseTo(3 + 492_300 / late, 9);
    expect(r.investment?.irr).toBeGreaterThan(0);
  });
});

describe('owning against renting', () => {
  it('break-even utilisation: where the cost per GPU-hour in use meets the rental price', () => {
    const u = breakEvenUtilization(base, 2.5);
    expect(u).toBeDefined();
    expect(evaluateEconomics({ ...base, utilization: u! }).usdPerGpuHour).toBeCloseTo(2.5, 6);
    // Below the cost at full use no utilisation suffices.
    const atFull = evaluateEconomics({ ...base, utilization: 1 }).usdPerGpuHour;
    expect(breakEvenUtilization(base, atFull * 0.99)).toBeUndefined();
  });

  it('the levelised basis too, to the price, from a cost that is affine in 1 / utilisation', () => {
    const u = breakEvenUtilization(base, 3, 'levelisedUsdPerGpuHour');
    expect(u).toBeDefined();
    const at = (x: number) => evaluateEconomics({ ...base, utilization: x }).levelisedUsdPerGpuHour;
    expect(at(u!)).toBeCloseTo(3, 9);
    // cost x u is a straight line in u: its midpoint value is the mean of its ends.
    expect(0.6 * at(0.6)).toBeCloseTo((0.2 * at(0.2) + 1 * at(1)) / 2, 6);
  });
});

describe('the cost of capital', () => {
  it('levelised cost: discounted costs over discounted hours, hand-worked; TCO / hours at 0%', () => {
    const r = evaluateEconomics(base);
    // Costs by year: 65,700 in years 1-3, 240,700 in years 4-5; the 750,000 residual in year 5.
    const d = (t: number) => 1.08 ** -t;
    const costs =
      4_500_000 + 65_700 * (d(1) + d(2) + d(3)) + 240_700 * (d(4) + d(5)) - 750_000 * d(5);
    const hours = 80 * 8760 * 0.5 * (d(1) + d(2) + d(3) + d(4) + d(5));
    expect(r.levelisedUsdPerGpuHour).toBeCloseTo(costs / hours, 9);
    expect(r.levelisedUsdPerGpuHour).toBeCloseTo(3.22, 2);
    // Undiscounted, it is the page's TCO over the page's hours ($2.53 here).
    const flat = evaluateEconomics({ ...base, discountRate: 0 });
    expect(flat.levelisedUsdPerGpuHour).toBeCloseTo(flat.usdPerGpuHour, 12);
    expect(flat.usdPerGpuHour).toBeCloseTo(2.53, 2);
  });

  it('renting out at the levelised cost is NPV 0: it is the break-even price', () => {
    const price = evaluateEconomics(base).levelisedUsdPerGpuHour;
    const r = evaluateEconomics({ ...base, rentalUsdPerGpuHour: price });
    expect(r.investment?.npvUsd).toBeCloseTo(0, 3);
    expect(r.investment?.irr).toBeCloseTo(0.08, 6);
  });
});

describe('interruptions', () => {
  it('an owner training on it pays 1 / (1 - downtime) more per useful GPU-hour; per used hour is unchanged', () => {
    const clean = evaluateEconomics(base);
    const lossy = evaluateEconomics({ ...base, failureDowntime: 0.1 });
    expect(lossy.usdPerGpuHour).toBeCloseTo(clean.usdPerGpuHour, 12);
    expect(lossy.usdPerUsefulGpuHour).toBeCloseTo(clean.usdPerGpuHour / 0.9, 9);
  });
});

describe('sensitivity and risk', () => {
  it('tornado ranks the inputs by their swing: server price dominates this TCO', () => {
    const t = tornado(base);
    expect(t.metric).toBe('tcoUsd');
    expect(t.bars[0]?.input).toBe('serverUsd');
    for (let k = 1; k < t.bars.length; k++) {
      expect(t.bars[k - 1]!.swing).toBeGreaterThanOrEqual(t.bars[k]!.swing);
    }
    // Server price +-20% moves TCO by 2 x 20% x 3M (capex) + 2 x 20% x 5% x 3M x 2 years (support).
    expect(t.bars[0]?.swing).toBeCloseTo(0.4 * 3_000_000 + 0.4 * 0.05 * 3_000_000 * 2, 3);
  });

  it('with revenue the tornado ranks NPV, led by the rental price', () => {
    const t = tornado({ ...base, rentalUsdPerGpuHour: 4 });
    expect(t.metric).toBe('npvUsd');
    expect(['rentalUsdPerGpuHour', 'utilization']).toContain(t.bars[0]?.input);
  });

  it('Monte Carlo: same seed, same answer; ordered percentiles', () => {
    const a = economicMonteCarlo({ ...base, rentalUsdPerGpuHour: 4 }, 500, 3);
    expect(economicMonteCarlo({ ...base, rentalUsdPerGpuHour: 4 }, 500, 3)).toEqual(a);
    expect(a.p10).toBeLessThan(a.p50);
    expect(a.p50).toBeLessThan(a.p90);
    expect(economicMonteCarlo({ ...base, rentalUsdPerGpuHour: 4 }, 500, 4).p50).not.toBe(a.p50);
  });
});

describe('the Monte Carlo and tornado metric', () => {
  it('headlineMetric gives evaluateEconomics’ NPV and TCO across varied inputs', () => {
    const cases: EconomicInputs[] = [
      base,
      { ...base, rentalUsdPerGpuHour: 4, failureDowntime: 0.1 },
      {
        ...base,
        insuranceFraction: 0.003,
        propertyTaxFraction: 0.01,
        equipmentTaxFraction: 0.0415,
      },
      {
        ...base,
        horizonYears: 7,
        residualValueShare: 0.1,
        rentalUsdPerGpuHour: 2.5,
        wanGbps: 200,
        wanUsdPerGbpsMonth: 110,
      },
      { ...base, supportYearsIncluded: 1, utilization: 1, facilityMaintenanceFraction: 0.02 },
    ];
    for (const c of cases) {
      const full = evaluateEconomics(c);
      expect(headlineMetric(c, 'tcoUsd')).toBeCloseTo(full.tcoUsd, 4);
      if (full.investment)
        expect(headlineMetric(c, 'npvUsd')).toBeCloseTo(full.investment.npvUsd, 4);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { incomeTaxByYear } from './income-tax.js';

describe('income tax with losses carried forward', () => {
  it('a loss of 100 offsets 80% of the next profits: 0, then 21% of 10, then of 140', () => {
    // Year 2: profit 50, offset min(100, 40) = 40, tax 21% x 10 = 2.1, 60 carried;
    // year 3: profit 200, offset min(60, 160) = 60, tax 21% x 140 = 29.4.
    const tax = incomeTaxByYear([-100, 50, 200], 0.21, 0.8);
    expect(tax[0]).toBe(0);
    expect(tax[1]).toBeCloseTo(2.1, 12);
    expect(tax[2]).toBeCloseTo(29.4, 12);
  });

  it('without losses every profit is taxed at the rate', () => {
    expect(incomeTaxByYear([100, 200], 0.25, 0.8)).toEqual([25, 50]);
  });
});

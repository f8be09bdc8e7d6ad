import { describe, expect, it } from 'vitest';
import { rentalPriceAt, scaleCurve } from './rental-price.js';

describe('the rental price as the generation ages', () => {
  const curve = { kind: 'decay', startUsd: 4.5, decayPerYear: 0.15 } as const;

  it('holds for a year, then falls by the decay: $4.50, $3.825, $3.25125', () => {
    expect(rentalPriceAt(curve, 1)).toBe(4.5);
    expect(rentalPriceAt(curve, 12)).toBe(4.5);
    expect(rentalPriceAt(curve, 13)).toBeCloseTo(3.825, 12);
    expect(rentalPriceAt(curve, 25)).toBeCloseTo(3.25125, 12);
  });

  it("the user's own curve, its last price holding; scaled for the tornado", () => {
    const own = { kind: 'by-year', usdByYear: [3, 2.5, 2] } as const;
    expect([1, 13, 25, 60].map((m) => rentalPriceAt(own, m))).toEqual([3, 2.5, 2, 2]);
    expect(rentalPriceAt(scaleCurve(own, 0.5), 13)).toBe(1.25);
    expect(rentalPriceAt(scaleCurve(curve, 2), 1)).toBe(9);
  });
});

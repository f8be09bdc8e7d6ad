import { describe, expect, it } from 'vitest';
import { findRegion } from './regions.js';
import { flatLoadPrice, timeOfUseSchema } from './time-of-use.js';

// State Grid Beijing, July 2024, two-part 1-10 kV (CNY/kWh), on Beijing's 2023 TOU periods.
const beijing = {
  sharp: 1.057777,
  peak: 0.926841,
  flat: 0.681335,
  valley: 0.435829,
  hoursPerDay: { peak: 8, flat: 8, valley: 8 },
  sharpHoursPerDay: 3,
  sharpMonths: [1, 7, 8, 12],
  localPerUsd: 7.1957,
};

describe('flat-load price of a time-of-use tariff', () => {
  it('equal peak, flat and valley hours with a symmetric spread average to the flat price', () => {
    const noSharp = {
      ...beijing,
      sharp: undefined,
      sharpHoursPerDay: undefined,
      sharpMonths: undefined,
    };
    // (0.926841 + 0.681335 + 0.435829) / 3 = 0.681335
    expect(flatLoadPrice(timeOfUseSchema().parse(noSharp))).toBeCloseTo(0.681335, 9);
  });

  it('adds the sharp peak of 124 days: 0.681335 + 3 x 0.130936 / 24 x 124 / 365 = 0.686895 CNY/kWh', () => {
    const p = flatLoadPrice(timeOfUseSchema().parse(beijing));
    expect(p).toBeCloseTo(0.681335 + ((3 * (1.057777 - 0.926841)) / 24) * (124 / 365), 12);
    expect(p).toBeCloseTo(0.686895, 6);
  });

  it('refuses periods that do not make a day, or a sharp peak without its hours', () => {
    expect(
      timeOfUseSchema().safeParse({ ...beijing, hoursPerDay: { peak: 8, flat: 8, valley: 7 } })
        .success,
    ).toBe(false);
    expect(timeOfUseSchema().safeParse({ ...beijing, sharpMonths: undefined }).success).toBe(false);
    expect(timeOfUseSchema().safeParse({ ...beijing, sharpHoursPerDay: 9 }).success).toBe(false);
  });

  it("prices Beijing at its tariff's flat-load average, in USD", () => {
    const bj = findRegion('CN-BJ')!.electricityUsdPerKWh!;
    expect(bj.value).toBeCloseTo(0.686895 / 7.1957, 6);
    expect(bj.confidence).toBe('datasheet');
    expect(bj.source).toMatch(/flat load/);
  });
});

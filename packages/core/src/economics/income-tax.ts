// Corporate income tax by year with losses carried forward: a year's loss is kept and offsets at
// most a share of a later year's taxable income (US: 80% for losses after 2017, 26 U.S.C. 172).

/**
 * The tax of each year on its taxable income.
 * @example incomeTaxByYear([-100, 50, 200], 0.21, 0.8) // [0, 2.1, 29.4]: 40 of the loss offsets
 *   year 2, the remaining 60 year 3
 */
export function incomeTaxByYear(
  taxableIncome: readonly number[],
  rate: number,
  lossOffsetShare: number,
): number[] {
  let carried = 0;
  return taxableIncome.map((income) => {
    if (income <= 0) {
      carried -= income;
      return 0;
    }
    const offset = Math.min(carried, income * lossOffsetShare);
    carried -= offset;
    return (income - offset) * rate;
  });
}

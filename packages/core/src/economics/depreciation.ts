// Depreciation of an asset by year of service. Straight line: cost / life a year. Declining
// balance: twice the straight-line rate on the book value, switching to straight line over the
// remaining life when that is larger (the 200% method of MACRS, IRS Publication 946, ch. 4, without
// its half-year convention). Expensing: the whole cost in the first year (100% bonus depreciation,
// 26 U.S.C. 168(k)).
import type { DepreciationMethod } from '../scenario/investment-schema.js';

/**
 * The amount written off in each year of service; the amounts sum to the cost.
 * @example depreciationByYear(100, 5, 'declining-balance') // [40, 24, 14.4, 10.8, 10.8]
 */
export function depreciationByYear(
  cost: number,
  lifeYears: number,
  method: DepreciationMethod,
): number[] {
  if (cost <= 0) return [];
  if (method === 'expensing' || lifeYears <= 0) return [cost];
  const years = Math.ceil(lifeYears - 1e-9);
  const out: number[] = [];
  let book = cost;
  for (let k = 0; k < years; k++) {
    const remaining = lifeYears - k;
    if (remaining <= 1) {
      out.push(book);
      book = 0;
      break;
    }
    const straight = method === 'straight-line' ? cost / lifeYears : book / remaining;
    const declining = method === 'declining-balance' ? (book * 2) / lifeYears : 0;
    const amount = Math.min(book, Math.max(straight, declining));
    out.push(amount);
    book -= amount;
  }
  return out;
}

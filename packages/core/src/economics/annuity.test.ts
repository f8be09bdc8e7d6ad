import { describe, expect, it } from 'vitest';
import { annuityBalance, annuityPayment } from './annuity.js';

describe('annuity payment, against the formula worked by hand', () => {
  it('$100,000 at 1% a month over 12 months: 1,000 / (1 - 1.01^-12) = $8,884.88', () => {
    // 1.01^-12 = 0.887449, 1 - 0.887449 = 0.112551, 1,000 / 0.112551 = 8,884.88
    expect(annuityPayment(100_000, 0.01, 12)).toBeCloseTo(8884.88, 2);
  });

  it('a 5-year loan of $1M at 9% a year, paid monthly: $20,758.36 a month', () => {
    // i = 0.0075, n = 60: 1.0075^-60 = 0.638700, 7,500 / 0.361300 = 20,758.36
    expect(annuityPayment(1e6, 0.09 / 12, 60)).toBeCloseTo(20758.36, 1);
  });

  it('at 0% the payments split the principal evenly, and the balance falls to 0 at the end', () => {
    expect(annuityPayment(1200, 0, 12)).toBe(100);
    expect(annuityBalance(1200, 0, 12, 3)).toBe(900);
    expect(annuityBalance(100_000, 0.01, 12, 12)).toBe(0);
  });

  it('the balance after k payments is what the schedule leaves, paid month by month', () => {
    const payment = annuityPayment(100_000, 0.01, 12);
    let balance = 100_000;
    for (let k = 0; k < 5; k++) balance = balance * 1.01 - payment;
    expect(annuityBalance(100_000, 0.01, 12, 5)).toBeCloseTo(balance, 6);
  });
});

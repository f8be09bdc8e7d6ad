// Level payment of an amortising loan, the annuity formula: P = B i / (1 - (1 + i)^-n), for a
// balance B, a rate i per period and n periods (Brealey, Myers & Allen, Principles of Corporate
// Finance, ch. 2, "annuities").

/**
 * The payment per period that repays `principal` with interest in `periods` equal payments.
 * @example annuityPayment(100_000, 0.01, 12) // 8,884.88
 */
export function annuityPayment(principal: number, ratePerPeriod: number, periods: number): number {
  if (periods <= 0) return principal;
  if (ratePerPeriod === 0) return principal / periods;
  return (principal * ratePerPeriod) / (1 - Math.pow(1 + ratePerPeriod, -periods));
}

/** A loan's remaining balance after `paid` of its level payments. */
export function annuityBalance(
  principal: number,
  ratePerPeriod: number,
  periods: number,
  paid: number,
): number {
  if (paid >= periods) return 0;
  if (ratePerPeriod === 0) return principal * (1 - paid / periods);
  const g = Math.pow(1 + ratePerPeriod, paid);
  const payment = annuityPayment(principal, ratePerPeriod, periods);
  return principal * g - (payment * (g - 1)) / ratePerPeriod;
}

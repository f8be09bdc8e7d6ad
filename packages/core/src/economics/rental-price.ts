// The rental price a GPU earns as it ages: today's price falling by a share each year (stepped a
// year at a time, as contracts reprice), or the user's own price for each year.

export type RentalCurve =
  | { readonly kind: 'decay'; readonly startUsd: number; readonly decayPerYear: number }
  | { readonly kind: 'by-year'; readonly usdByYear: readonly number[] };

/**
 * $/GPU-hour in month `month` (1-based) of the price clock: year 1 is months 1-12. The clock of
 * the generation bought at the decision starts then; a refresh's starts at its purchase.
 * @example rentalPriceAt({ kind: 'decay', startUsd: 2, decayPerYear: 0.25 }, 13) // 1.5
 */
export function rentalPriceAt(curve: RentalCurve, month: number): number {
  const year = Math.max(1, Math.ceil(month / 12));
  if (curve.kind === 'decay') return curve.startUsd * Math.pow(1 - curve.decayPerYear, year - 1);
  const prices = curve.usdByYear;
  return prices[Math.min(year, prices.length) - 1] ?? 0;
}

/** The same curve with every price scaled (the sensitivity's rental price). */
export function scaleCurve(curve: RentalCurve, factor: number): RentalCurve {
  return curve.kind === 'decay'
    ? { ...curve, startUsd: curve.startUsd * factor }
    : { kind: 'by-year', usdByYear: curve.usdByYear.map((p) => p * factor) };
}

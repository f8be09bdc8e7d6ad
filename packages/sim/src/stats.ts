// Summary statistics of the simulated jobs.

export interface Distribution {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** Quantile by linear interpolation between order statistics (Hyndman & Fan 1996, type 7). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  const low = sorted[lo] ?? 0;
  return low + (h - lo) * ((sorted[hi] ?? low) - low);
}

export function distribution(values: Float64Array | readonly number[]): Distribution {
  if (values.length === 0) return { mean: 0, p50: 0, p90: 0, p99: 0 };
  const sorted = (
    values instanceof Float64Array ? values.slice() : Float64Array.from(values)
  ).sort();
  let sum = 0;
  for (const v of values) sum += v;
  return {
    mean: sum / values.length,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
  };
}

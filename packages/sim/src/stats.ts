// Summary statistics of the simulated jobs.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are within the array. */

export interface Distribution {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** Quantile of sorted values by linear interpolation between order statistics (Hyndman & Fan
 *  1996, type 7). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Put the k-th smallest of a[from, to) at k, smaller ones before it, larger after (Hoare's
 *  FIND, CACM 4:321, 1961, with a median-of-three pivot). */
function select(a: Float64Array, k: number, from: number, to: number): void {
  let lo = from;
  let hi = to - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Put the k-th smallest of a[left, right] at k, smaller ones before it, larger after: Floyd &
 *  Rivest's SELECT (1975, "Algorithm 489", CACM 18:173), which first narrows the range to where
 *  a sample of it puts the k-th, so that it compares about n + min(k, n - k) times. The values
 *  must be ordered (no NaN). */
function sampleSelect(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    if (right - left > 600) {
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      sampleSelect(a, k, newLeft, newRight);
    }
    const t = a[k]!;
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right]! > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i]! < t) i++;
      while (a[j]! > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Mean and type-7 quantiles, by selection (linear time) rather than a full sort. */
export function distribution(values: Float64Array | readonly number[]): Distribution {
  if (values.length === 0) return { mean: 0, p50: 0, p90: 0, p99: 0 };
  return distributionInPlace(
    values instanceof Float64Array ? values.slice() : Float64Array.from(values),
  );
}

/** `distribution` of values the caller no longer needs in their order: it reorders them. */
export function distributionInPlace(a: Float64Array): Distribution {
  const n = a.length;
  if (n === 0) return { mean: 0, p50: 0, p90: 0, p99: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i]!;
  // A NaN sum: a NaN among the values (or infinities of both signs), which the sampling
  // selection needs ordered.
  const ordered = !Number.isNaN(sum);
  let from = 0;
  const at = (q: number): number => {
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    if (ordered) sampleSelect(a, lo, from, n - 1);
    else select(a, lo, from, n);
    from = lo;
    const low = a[lo]!;
    if (lo + 1 >= n || h === lo) return low;
    let next = Infinity;
    for (let i = lo + 1; i < n; i++) if (a[i]! < next) next = a[i]!;
    return low + (h - lo) * (next - low);
  };
  const p50 = at(0.5);
  const p90 = at(0.9);
  const p99 = at(0.99);
  return { mean: sum / n, p50, p90, p99 };
}

// Dynamic batching on one serving GPU (Crankshaw et al. 2017, "Clipper", Sec. 4.3: a batch is
// launched when the previous one finishes, holding what arrived meanwhile, up to a maximum).
// With Poisson arrivals at rate r, a batch served in t(b) gathers a Poisson(r t) count while the
// one before it runs; a sample arriving a fraction u of the way through that period waits
// (1 - u) t and is then served in t, so the p-th percentile latency is (1 + p/100) t(b), provided
// the p-th percentile of the count fits the batch (else the excess waits a further period).
// The count's percentile is its normal approximation, mean + z sqrt(variance). Samples that
// arrive k to a request (requests Poisson, the samples of one together) form a compound Poisson
// count of variance k x mean (Feller, 'An Introduction to Probability Theory and Its
// Applications' Vol. I, Ch. XII, compound distributions: variance = rate x E[k^2], here
// at a fixed k, a lower bound when request sizes vary).

/** Standard normal quantiles of the SLO percentiles the schema allows. */
const Z: Record<50 | 90 | 99, number> = { 50: 0, 90: 1.2816, 99: 2.3263 };

/** Latency at the percentile of a sample served in batches of service time `serviceS`. */
export function batchedLatencyS(serviceS: number, percentile: 50 | 90 | 99): number {
  return (1 + percentile / 100) * serviceS;
}

/**
 * Highest Poisson arrival rate, samples/s, at which a GPU with batch `batch` and service time
 * `serviceS` keeps the percentile of each period's arrivals within one batch: the mean count m
 * with m + z sqrt(k m) = batch, for samples arriving `samplesPerRequest` (k) to a request.
 *
 * @example sustainedRate(100, 0.01, 99) // sqrt(m) = (-2.3263 + sqrt(2.3263^2 + 400)) / 2 = 8.904, m = 79.29: 7,929 samples/s
 */
export function sustainedRate(
  batch: number,
  serviceS: number,
  percentile: 50 | 90 | 99,
  samplesPerRequest = 1,
): number {
  const zk = Z[percentile] * Math.sqrt(samplesPerRequest);
  const root = (-zk + Math.sqrt(zk * zk + 4 * batch)) / 2;
  return (root * root) / serviceS;
}

/** Batch sizes tried: powers of two and three times powers of two, up to `max`. */
export function batchCandidates(max: number): number[] {
  const out = new Set<number>();
  for (let p = 1; p <= max; p *= 2) {
    out.add(p);
    if (3 * p <= max) out.add(3 * p);
  }
  out.add(max);
  return [...out].sort((a, b) => a - b);
}

// Collective-communication cost in the alpha-beta model (Thakur et al. 2005, "Optimization of
// collective communication operations in MPICH"). Bandwidth terms are the ring algorithm's.
// Latency: all-reduce may use NCCL's double binary tree (2 log2 n steps); NCCL runs reduce-scatter
// and all-gather as rings only, so their latency grows with n - 1 steps.

export interface Link {
  /** Achievable bus bandwidth per GPU, bytes/s. */
  readonly bytesPerS: number;
  /** Per-step latency, seconds. */
  readonly latencyS: number;
}

/** Ring all-reduce of `bytes` held by each of n ranks. */
export function allReduceS(bytes: number, n: number, link: Link): number {
  if (n <= 1 || bytes <= 0) return 0;
  return (2 * (n - 1) * bytes) / (n * link.bytesPerS) + 2 * Math.log2(n) * link.latencyS;
}

/** Reduce-scatter (or all-gather) of a `bytes` buffer across n ranks, in `calls` collectives. */
export function reduceScatterS(bytes: number, n: number, link: Link, calls = 1): number {
  if (n <= 1 || bytes <= 0) return 0;
  return ((n - 1) * bytes) / (n * link.bytesPerS) + calls * (n - 1) * link.latencyS;
}

export const allGatherS = reduceScatterS;

/** All-to-all where each rank holds `bytes` and keeps 1/n of it. */
export function allToAllS(bytes: number, n: number, link: Link): number {
  if (n <= 1 || bytes <= 0) return 0;
  return ((n - 1) * bytes) / (n * link.bytesPerS) + link.latencyS;
}

/** Point-to-point send of `bytes`. */
export function sendS(bytes: number, link: Link): number {
  return bytes <= 0 ? 0 : bytes / link.bytesPerS + link.latencyS;
}

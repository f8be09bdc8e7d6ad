// Collective-communication cost in the alpha-beta model: bandwidth term from the ring algorithm,
// latency term from a tree (NCCL picks the better of ring and tree per size), as in Thakur et al.
// 2005 "Optimization of collective communication operations in MPICH" and the nccl-tests notes.

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

/** Reduce-scatter (or all-gather) of a `bytes` buffer across n ranks. */
export function reduceScatterS(bytes: number, n: number, link: Link): number {
  if (n <= 1 || bytes <= 0) return 0;
  return ((n - 1) * bytes) / (n * link.bytesPerS) + Math.log2(n) * link.latencyS;
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

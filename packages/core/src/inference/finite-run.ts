// Output throughput of a finite offline run: N like requests queued at once (a benchmark such as
// trtllm-bench throughput over a dataset of uniform lengths). The engine admits up to its batch B;
// alike requests advance together and finish in the same iteration, so the run is waves of B:
// floor(N / B) full ones and, when B does not divide N, one of the N mod B left over. Each wave
// is O steady iterations at its batch (whose prompt share prefills the wave's own prompts), so
// output tokens/s = N O / (O x the waves' iteration times summed) = N / sum of iteration times.

/**
 * Output tokens/s of `requests` requests run in waves of `batch` (at least one request each),
 * `iterationS(b)` the steady iteration time at b sequences in flight.
 */
export function finiteRunTokensPerS(
  requests: number,
  batch: number,
  iterationS: (batch: number) => number,
): number {
  const n = Math.max(1, Math.floor(requests));
  const b = Math.max(1, Math.min(Math.floor(batch), n));
  const full = Math.floor(n / b);
  const rest = n - full * b;
  const seconds = full * iterationS(b) + (rest > 0 ? iterationS(rest) : 0);
  return seconds > 0 ? n / seconds : 0;
}

// The serving engine's host (CPU) work per iteration and the share of it the GPUs wait for.
// TensorRT-LLM's PyTorch executor runs scheduling, input preparation, sampling and request
// bookkeeping in one Python loop per rank, its cost growing with the requests it holds (NVIDIA/
// TensorRT-LLM PR #10273: 45.11 ms host_step_time per iteration at 1,536 requests per rank).
//  - pp = 1: the overlap scheduler prepares iteration n + 1 while the GPUs run n (TensorRT-LLM
//    docs, 'Overlap Scheduler'), so the GPUs wait only for the part the host takes beyond them;
//  - pp > 1: the pipeline loop of TensorRT-LLM 1.0 hands each micro-batch's sampled tokens from
//    the last rank to the first as host objects and blocks on them (PR #3878: 'send the new_tokens
//    asynchronously' left as a future improvement; PR #10349, 2026, made the loop non-blocking),
//    so each rank's host work for its micro-batches adds to its GPU work.

/** Host seconds of one iteration on a scheduler rank holding `requests` requests. */
export function hostStepS(requests: number, sPerRequest: number): number {
  return Math.max(0, requests) * Math.max(0, sPerRequest);
}

/**
 * Seconds the GPUs of an iteration wait for the host beyond their own `gpuS`: what the host takes
 * beyond the GPUs when the overlap scheduler hides it behind the previous iteration (pp = 1), all
 * of it when the pipeline loop blocks (pp > 1).
 */
export function exposedHostS(gpuS: number, hostS: number, pp: number): number {
  if (hostS <= 0) return 0;
  return pp > 1 ? hostS : Math.max(0, hostS - gpuS);
}

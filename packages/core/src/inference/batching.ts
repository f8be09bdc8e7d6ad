// Continuous (in-flight) batching at steady state. With B sequences in flight, each iteration
// emits one token per sequence; requests finish at B / outputTokens per iteration and as many
// prompts are prefilled, so an iteration carries B (1 - 1/O) decode tokens at a mean context of
// I + O/2 and B/O prompts of I tokens. Output tokens/s = B / iteration time.
//
// Latency statistics. Offline (a full queue, uniform lengths) every iteration is alike, so the
// figures are the steady-state values. Online, requests arrive as a Poisson stream; the number in
// flight is then Poisson too (M/G/infinity), so its percentile is B + z sqrt(B) (normal
// approximation), and the prompts arriving during one iteration are Poisson with mean B/O.
//  - TPOT at a percentile: the iteration time at the percentile concurrency.
//  - TTFT at a percentile: a full running iteration to wait out (half of one for the mean), then
//    the iteration(s) that prefill the prompts that arrived, at their percentile count.
import { iterationCost, type IterationCost, type ServingContext } from './step-cost.js';

export interface RequestShape {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface EngineLimits {
  /** Sequences whose KV cache fits the pool (at the scheduler's reservation per request). */
  readonly kvBatch: number;
  /** The engine's batch cap. */
  readonly maxBatchSize: number;
  /** Tokens one iteration may carry (prompt + decode). */
  readonly maxNumTokens: number;
}

export interface OperatingPoint {
  /** Mean sequences in flight per replica. */
  readonly batch: number;
  readonly iteration: IterationCost;
  readonly tpotMs: number;
  readonly ttftMs: number;
  /** Per replica. */
  readonly outputTokensPerS: number;
  readonly requestsPerS: number;
}

/** z of the standard normal at a percentile (50, 90, 99): the latency statistic reported. */
export function zScore(percentile: number): number {
  if (percentile >= 99) return 2.326;
  if (percentile >= 90) return 1.282;
  return 0;
}

/** Tokens the scheduler holds for each admitted request. */
export function reservedTokensPerRequest(
  req: RequestShape,
  reservation: 'full' | 'incremental',
  reservedOutputTokens = req.outputTokens,
): number {
  // full: prompt + every output token up front (TensorRT-LLM GUARANTEED_NO_EVICT); incremental:
  // blocks allocated as tokens appear (vLLM PagedAttention), so a request holds I + O/2 on average.
  return reservation === 'full'
    ? req.inputTokens + reservedOutputTokens
    : req.inputTokens + req.outputTokens / 2;
}

/** Largest steady concurrency the engine sustains. */
export function batchLimit(req: RequestShape, limits: EngineLimits): number {
  const tokensPerSequencePerIteration = (req.outputTokens - 1 + req.inputTokens) / req.outputTokens;
  // At least one sequence: a prompt longer than the budget is prefilled in chunks.
  const byTokens = Math.max(1, Math.floor(limits.maxNumTokens / tokensPerSequencePerIteration));
  return Math.max(0, Math.min(limits.kvBatch, limits.maxBatchSize, byTokens));
}

function steadyIteration(
  ctx: ServingContext,
  batch: number,
  req: RequestShape,
  limits: EngineLimits,
): IterationCost {
  return iterationCost(ctx, {
    decodeSeqs: batch * (1 - 1 / req.outputTokens),
    decodeContext: req.inputTokens + req.outputTokens / 2,
    prefillRequests: batch / req.outputTokens,
    promptTokens: req.inputTokens,
    // Each attention-DP rank schedules its own share of the engine's token budget.
    groupTokenBudget: limits.maxNumTokens / Math.max(1, ctx.dp ?? 1),
  });
}

/** The steady state at `batch` sequences in flight, latencies at the z-score's percentile. */
export function operatingPoint(
  ctx: ServingContext,
  batch: number,
  req: RequestShape,
  limits: EngineLimits,
  z: number,
): OperatingPoint {
  const iteration = steadyIteration(ctx, batch, req, limits);
  const peakBatch = Math.min(batch + z * Math.sqrt(batch), batchLimit(req, limits));
  const tpotS =
    z > 0 ? steadyIteration(ctx, Math.max(batch, peakBatch), req, limits).totalS : iteration.totalS;
  // Prompts arriving during one iteration, at the percentile (the request itself at least).
  const meanArrivals = batch / req.outputTokens;
  const arrivals = Math.max(1, meanArrivals + z * Math.sqrt(meanArrivals));
  const decodeOnly = iterationCost(ctx, {
    decodeSeqs: batch,
    decodeContext: req.inputTokens + req.outputTokens / 2,
    prefillRequests: 0,
    promptTokens: req.inputTokens,
  });
  // The prompt waited for is prefilled whole by its own attention-DP group, sharing it with the
  // other arrivals the scheduler puts there (one per group until every group has one).
  const withPrompts = iterationCost(
    { ...ctx, arrivals: 'poisson' },
    {
      decodeSeqs: batch,
      decodeContext: req.inputTokens + req.outputTokens / 2,
      prefillRequests: arrivals,
      promptTokens: req.inputTokens,
    },
  );
  // Prompts larger than an iteration's token budget are prefilled in chunks over several. With
  // attention DP each group schedules its own 1/dp of the budget and of the running sequences,
  // and the prompt's group holds it with its share of the arrivals.
  const dp = ctx.dp ?? 1;
  const chunks = Math.max(
    1,
    Math.ceil(
      (Math.max(1, arrivals / dp) * req.inputTokens) /
        Math.max(1, (limits.maxNumTokens - batch) / dp),
    ),
  );
  const waitS = z > 0 ? tpotS : iteration.totalS / 2;
  // The iteration cost spreads the arriving prompts over the pipeline's pp micro-batches, which
  // is right for throughput. A prompt rides one micro-batch through every stage (vLLM assigns
  // each request to one virtual engine), sharing it with the other max(1, A/pp) of the A that
  // arrived: its prefill is that many prompts through the whole model.
  const pp = ctx.pp ?? 1;
  const prefillS = ((withPrompts.totalS - decodeOnly.totalS) * pp) / Math.min(arrivals, pp);
  const ttftS = waitS + prefillS + chunks * decodeOnly.totalS;
  const outputTokensPerS = iteration.totalS > 0 ? batch / iteration.totalS : 0;
  return {
    batch,
    iteration,
    // A single output token comes from the prefill: there is no time per output token.
    tpotMs: req.outputTokens > 1 ? tpotS * 1e3 : 0,
    ttftMs: ttftS * 1e3,
    outputTokensPerS,
    requestsPerS: outputTokensPerS / req.outputTokens,
  };
}

export interface LatencyTargets {
  readonly ttftMs?: number | undefined;
  readonly tpotMs?: number | undefined;
}

export function meetsTargets(p: OperatingPoint, slo: LatencyTargets | undefined): boolean {
  if (!slo) return true;
  return (
    (slo.ttftMs === undefined || p.ttftMs <= slo.ttftMs) &&
    (slo.tpotMs === undefined || p.tpotMs <= slo.tpotMs)
  );
}

/**
 * Largest concurrency whose percentile concurrency fits the engine and whose latencies meet the
 * targets (latencies grow with the batch, so a bisection finds it); undefined when even a nearly
 * idle replica misses them. Online the concurrency is a mean over time and may be fractional (a
 * lightly loaded replica is idle part of the time); offline it is a whole number of sequences.
 */
export function bestBatch(
  ctx: ServingContext,
  req: RequestShape,
  limits: EngineLimits,
  slo: LatencyTargets | undefined,
  z: number,
  whole = z === 0,
): OperatingPoint | undefined {
  const limit = batchLimit(req, limits);
  const fits = (b: number) => b + z * Math.sqrt(b) <= limit;
  const ok = (b: number) => fits(b) && meetsTargets(operatingPoint(ctx, b, req, limits, z), slo);
  const smallest = whole ? 1 : 0.01;
  if (limit < 1 || !ok(smallest)) return undefined;
  if (ok(limit)) return operatingPoint(ctx, limit, req, limits, z);
  let lo = smallest;
  let hi = limit;
  if (whole) {
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (ok(mid)) lo = mid;
      else hi = mid - 1;
    }
  } else {
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (ok(mid)) lo = mid;
      else hi = mid;
    }
  }
  return operatingPoint(ctx, lo, req, limits, z);
}

/** The concurrency at which a replica serves `requestsPerS` (bisection; rate grows with batch). */
export function batchForLoad(
  ctx: ServingContext,
  req: RequestShape,
  limits: EngineLimits,
  requestsPerS: number,
  maxBatch: number,
  z: number,
): OperatingPoint {
  let lo = 0;
  let hi = maxBatch;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (operatingPoint(ctx, mid, req, limits, 0).requestsPerS < requestsPerS) lo = mid;
    else hi = mid;
  }
  return operatingPoint(ctx, hi, req, limits, z);
}

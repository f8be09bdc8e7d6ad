// The inference planner: for each tensor-parallel size (and, for the widest, pipeline stages
// across servers), what fits, what the engine sustains within the latency targets, and how many
// replicas the load needs; the cheapest layout wins.
import { resolveFramework } from '../catalog/frameworks.js';
import { EFFICIENCY, type EfficiencyCatalog } from '../catalog/efficiency.js';
import type { Gpu } from '../catalog/gpus.js';
import type { InferenceWorkload, KvCachePrecision } from '../scenario/schema.js';
import type { ModelShape } from '../training/model-shape.js';
import {
  batchForLoad,
  batchLimit,
  bestBatch,
  operatingPoint,
  reservedTokensPerRequest,
  zScore,
  type EngineLimits,
  type OperatingPoint,
  type RequestShape,
} from './batching.js';
import { kvBytesPerToken, servingMemory, type ServingMemory, cachedTokens } from './memory.js';
import { finiteRunTokensPerS } from './finite-run.js';
import { defaultKvPrecision } from './precision.js';
import type { ServingContext } from './step-cost.js';
import { warning, type PlanWarning } from '../warnings.js';

export interface InferenceAlternative {
  readonly tp: number;
  readonly pp: number;
  readonly gpus?: number;
  readonly outputTokensPerS?: number;
  readonly reason: string;
}

export interface InferenceResult {
  /** online: sized for requestsPerSecond; offline: the throughput of the given GPUs. */
  readonly mode: 'online' | 'offline';
  readonly gpus: number;
  readonly replicas: number;
  /** Replicas the load needs (online; the rest are headroom); all of them offline. */
  readonly replicasForLoad: number;
  readonly tp: number;
  /** Pipeline stages per replica (a replica is tp x pp GPUs). */
  readonly pp: number;
  /**
   * Expert-parallel ranks of the MoE layers within each stage's tp GPUs: the routed experts are
   * dealt out to ep ranks and each expert split over tp / ep GPUs (1: every expert over all tp).
   */
  readonly ep: number;
  /**
   * Attention data-parallel groups within each stage's tp GPUs: dp groups of tp / dp GPUs, each
   * holding the attention and dense weights and its own requests' KV cache (1: none).
   */
  readonly dp: number;
  readonly precision: string;
  readonly kvCachePrecision: KvCachePrecision;
  /** Mean sequences in flight per replica at the operating point (all its attention groups). */
  readonly batchSize: number;
  /** Most sequences a replica can hold (KV cache at the scheduler's reservation, engine caps). */
  readonly maxBatchSize: number;
  /** Which statistic ttftMs and tpotMs are: 'mean', 'p90' or 'p99'. */
  readonly latencyStatistic: string;
  readonly ttftMs: number;
  readonly tpotMs: number;
  /** Whole workload at the operating point. */
  readonly outputTokensPerS: number;
  /** Whole workload at the best batch ignoring the latency targets. */
  readonly maxOutputTokensPerS: number;
  readonly requestsPerS: number;
  /** Requests/s the replicas sustain within the targets (the sizing limit). */
  readonly capacityRequestsPerS: number;
  /** Output tokens/s at that limit (whole workload). */
  readonly capacityOutputTokensPerS: number;
  /** requestsPerS / capacityRequestsPerS. */
  readonly loadFraction: number;
  /** KV-cache memory of a replica (all its GPUs; replicated heads or MLA latents count each copy). */
  readonly kvCacheGBPerReplica: number;
  /** Tokens a replica's cache holds (dp x what one attention group holds). */
  readonly kvCacheTokensPerReplica: number;
  readonly kvBytesPerToken: number;
  readonly memoryPerGpuGB: {
    readonly weights: number;
    readonly kvCache: number;
    readonly reserve: number;
    readonly total: number;
    readonly capacity: number;
  };
  readonly iterationMs: {
    readonly linearCompute: number;
    readonly weightRead: number;
    readonly elementwise: number;
    readonly prefillAttention: number;
    readonly decodeAttention: number;
    readonly tensorParallel: number;
    readonly pipelineTransfer: number;
    /** The engine's host work the GPUs wait for beyond their own (engine-host-time.ts). */
    readonly host: number;
    readonly total: number;
  };
  readonly alternatives: readonly InferenceAlternative[];
  readonly notes: readonly string[];
  /** Latency and throughput of one replica against its batch (the chosen tp, at the statistic). */
  readonly latencyCurve: readonly {
    readonly batch: number;
    readonly ttftMs: number;
    readonly tpotMs: number;
    readonly outputTokensPerS: number;
  }[];
}

export type InferenceOutcome =
  | { ok: true; result: InferenceResult; warnings: PlanWarning[] }
  | { ok: false; reason: string; fix: string; warnings: PlanWarning[] };

export interface InferenceInput {
  readonly workload: InferenceWorkload;
  readonly model: ModelShape;
  readonly gpu: Gpu;
  /** GPUs of the workload in offline mode when workloads[].gpus is absent (cluster.gpus). */
  readonly clusterGpus?: number | undefined;
  readonly efficiency?: EfficiencyCatalog;
}

/** Why a tensor-parallel size was rejected, for choosing the fixes to suggest. */
type Cause = 'memory' | 'tpot' | 'ttft' | 'gpus' | 'split';

interface Rejection extends InferenceAlternative {
  readonly causes: readonly Cause[];
}

interface Candidate {
  tp: number;
  pp: number;
  memory: ServingMemory;
  limits: EngineLimits;
  ctx: ServingContext;
  /** Best throughput ignoring the targets (offline, uniform). */
  max: OperatingPoint;
  /** Best within the targets at the latency statistic. */
  capped: OperatingPoint;
  replicas: number;
  /** Replicas the load needs (online); all of them offline. */
  replicasForLoad: number;
  gpus: number;
  throughput: number;
}

const fmt = (x: number, digits = 0) => x.toFixed(digits);

/** Expert-parallel ranks and attention-DP groups of a layout (1 = none). */
export interface ReplicaSplit {
  readonly ep?: number | undefined;
  readonly dp?: number | undefined;
}

/** Why ep/dp cannot split `tp` GPUs, or undefined when they can. */
export function splitIssue(model: ModelShape, tp: number, split: ReplicaSplit): string | undefined {
  const ep = split.ep ?? 1;
  const dp = split.dp ?? 1;
  if (ep > 1 && !model.moe) return `ep ${ep} needs an MoE model`;
  if (model.moe && model.moe.experts % ep !== 0) {
    return `ep ${ep} does not divide the ${model.moe.experts} experts`;
  }
  if (tp % ep !== 0) return `ep ${ep} does not divide tp ${tp} (each expert is split tp/ep ways)`;
  if (tp % dp !== 0) return `dp ${dp} does not divide tp ${tp}`;
  return undefined;
}

/**
 * Tensor-parallel sizes worth trying: powers of two within one scale-up domain that ep and dp
 * divide and whose attention groups (tp / dp GPUs) divide the heads.
 */
export function tpCandidates(
  model: ModelShape,
  gpu: Gpu,
  fixedGpus?: number,
  split: ReplicaSplit = {},
): number[] {
  const out: number[] = [];
  const domain = gpu.scaleUpDomainGpus.value;
  const dp = split.dp ?? 1;
  for (let tp = 1; tp <= Math.min(domain, model.heads * dp); tp *= 2) {
    if (splitIssue(model, tp, split) !== undefined) continue;
    const group = tp / dp;
    if (model.heads % group !== 0) continue;
    // Engines split KV heads evenly or replicate whole heads: tp divides them or is a multiple.
    if (model.kvHeads % group !== 0 && group % model.kvHeads !== 0) continue;
    if (fixedGpus !== undefined && fixedGpus % tp !== 0) continue;
    out.push(tp);
  }
  return out;
}

/** Deepest serving pipeline searched. */
const MAX_SERVING_PP = 8;

/**
 * Pipeline stages worth trying for a tensor-parallel size: 1, and 2, 4 and 8 stages where they
 * span scale-up domains. Engines pipeline across servers when one scale-up domain cannot hold the
 * model (vLLM's and TensorRT-LLM's multi-node guidance), so the planner tries them only then, for
 * the widest tp; within a domain, more tp serves the same GPUs with less latency. Every stage
 * keeps at least one layer.
 */
export function ppCandidates(
  model: ModelShape,
  gpu: Gpu,
  tp: number,
  fixedGpus?: number,
): number[] {
  const out = [1];
  for (let pp = 2; pp <= Math.min(MAX_SERVING_PP, model.layers); pp *= 2) {
    if (tp * pp <= gpu.scaleUpDomainGpus.value) continue;
    if (fixedGpus !== undefined && fixedGpus % (tp * pp) !== 0) continue;
    out.push(pp);
  }
  return out;
}

/** "tp 8", "tp 8 x pp 2", "tp 8 (ep 8, attention dp 8)". */
export function layoutName(tp: number, pp: number, ep = 1, dp = 1): string {
  const base = pp > 1 ? `tp ${tp} x pp ${pp}` : `tp ${tp}`;
  const inside = [...(ep > 1 ? [`ep ${ep}`] : []), ...(dp > 1 ? [`attention dp ${dp}`] : [])];
  return inside.length > 0 ? `${base} (${inside.join(', ')})` : base;
}

export function planInference(input: InferenceInput): InferenceOutcome {
  const { workload: w, model, gpu } = input;
  const eff = input.efficiency ?? EFFICIENCY;
  // Paths are the workload's keys; the plan places them under workloads[i].
  const warnings: PlanWarning[] = [];
  const online = w.requestsPerSecond !== undefined;
  const fixedGpus = w.gpus ?? (online ? undefined : input.clusterGpus);
  const kvPrecision = w.kvCachePrecision ?? defaultKvPrecision(gpu, w.precision);
  const percentile = online ? (w.slo?.percentile ?? 99) : 50;
  const z = online ? zScore(percentile) : 0;
  const statistic = online ? `p${percentile}` : 'mean';
  if (!online && w.slo?.percentile !== undefined) {
    warnings.push(
      warning(
        'slo-percentile-ignored',
        `${w.name}: offline requests are uniform, so latencies are steady-state values; slo.percentile applies to online loads only`,
        'slo.percentile',
      ),
    );
  }
  if (online && w.requests !== undefined) {
    warnings.push(
      warning(
        'requests-ignored',
        `${w.name}: requests counts the requests of a finite offline run; an online load (requestsPerSecond) runs without end, so it is ignored`,
        'requests',
      ),
    );
  }
  const req: RequestShape = { inputTokens: w.inputTokens, outputTokens: w.outputTokens };
  // The engine's profile (framework) fills what the workload leaves out; TensorRT-LLM's by default.
  const engine = resolveFramework(w.framework ?? 'trtllm');
  const reservation = w.kvCacheReservation ?? engine?.kvCacheReservation?.value ?? 'full';
  const reserved = reservedTokensPerRequest(req, reservation, w.maxOutputTokens);
  // Expert parallelism and attention DP are the engine's defaults (1: TensorRT-LLM's Mapping sets
  // moe_ep_size 1, moe_tp_size tp; vLLM and SGLang leave them off) unless the workload sets them.
  const ep = model.moe ? (w.parallelism.ep ?? 1) : 1;
  const dp = w.parallelism.dp ?? 1;
  const split: ReplicaSplit = { ep: w.parallelism.ep, dp };
  const tps =
    w.parallelism.tp !== undefined
      ? [w.parallelism.tp]
      : tpCandidates(model, gpu, fixedGpus, split);
  const fixedPp = w.parallelism.pp;
  const layouts = tps.map((tp) => ({ tp, pp: fixedPp ?? 1 }));
  const serving = eff.serving;

  const candidates: Candidate[] = [];
  const rejected: Rejection[] = [];
  const widest = layouts[layouts.length - 1];
  /** Whether the KV cache, rather than the engine caps or the targets, limits the widest tp. */
  let widestKvBound = false;
  const evaluate = ({ tp, pp }: { tp: number; pp: number }): void => {
    const size = tp * pp;
    const unsplittable = splitIssue(model, tp, split);
    if (unsplittable !== undefined) {
      rejected.push({ tp, pp, causes: ['split'], reason: unsplittable });
      return;
    }
    if (fixedGpus !== undefined && fixedGpus >= size && fixedGpus % size !== 0) {
      rejected.push({
        tp,
        pp,
        gpus: size,
        causes: ['gpus'],
        reason: `${size} GPUs per replica do not divide the workload's ${fixedGpus}`,
      });
      return;
    }
    const ctx: ServingContext = {
      model,
      gpu,
      precision: w.precision,
      kvPrecision,
      tp,
      pp,
      ep,
      dp,
      arrivals: online ? 'poisson' : 'uniform',
      efficiency: eff,
      hostSPerRequest: (engine?.hostUsPerRequest?.value ?? 0) * 1e-6,
    };
    const memory = servingMemory(
      gpu,
      model,
      w.precision,
      kvPrecision,
      tp,
      serving.reserveGB.value,
      serving.kvPoolFraction.value,
      pp,
      dp,
      engine?.kvPoolBasis?.value ?? 'free',
    );
    const limits: EngineLimits = {
      // Each attention group admits whole requests into its own cache.
      kvBatch: dp * Math.floor(memory.kvTokensPerGroup / cachedTokens(model, reserved)),
      // The engine caps apply per attention-data-parallel rank (TensorRT-LLM max_batch_size and
      // max_num_tokens with enable_attention_dp; one vLLM/SGLang engine per DP rank).
      maxBatchSize:
        dp * (w.maxBatchSize ?? engine?.maxBatchSize?.value ?? serving.maxBatchSize.value),
      maxNumTokens:
        dp * (w.maxNumTokens ?? engine?.maxNumTokens?.value ?? serving.maxNumTokens.value),
    };
    if (limits.kvBatch < 1) {
      rejected.push({
        tp,
        pp,
        causes: ['memory'],
        reason:
          memory.weightsGB + memory.reserveGB >= memory.capacityGB
            ? `does not fit: ${fmt(memory.weightsGB, 1)} GB of weights per GPU + ${fmt(memory.reserveGB)} GB reserve exceed ${fmt(memory.capacityGB)} GB`
            : `KV cache too small: room for ${memory.kvTokensPerGroup} tokens per ${dp > 1 ? 'attention group' : 'replica'}, one request reserves ${fmt(reserved)}`,
      });
      return;
    }
    const limit = batchLimit(req, limits);

    // Offline with a request count: the run's waves of the batch (finite-run.ts), the requests
    // shared evenly by the replicas.
    const runRequests =
      !online && w.requests !== undefined
        ? w.requests / Math.max(1, Math.floor((fixedGpus ?? size) / size))
        : undefined;
    const finite = (p: OperatingPoint): OperatingPoint => {
      if (runRequests === undefined) return p;
      const batch = Math.min(p.batch, Math.max(1, Math.floor(runRequests)));
      const point = batch === p.batch ? p : operatingPoint(ctx, batch, req, limits, 0);
      const outputTokensPerS = finiteRunTokensPerS(
        runRequests,
        batch,
        (b) => operatingPoint(ctx, b, req, limits, 0).iteration.totalS,
      );
      return { ...point, outputTokensPerS, requestsPerS: outputTokensPerS / req.outputTokens };
    };
    const max = finite(operatingPoint(ctx, limit, req, limits, 0));
    const bestCapped = bestBatch(ctx, req, limits, w.slo, z);
    const capped = bestCapped && finite(bestCapped);
    // The KV cache, not the engine's caps or the targets, sets the batch: a replica with more
    // memory (more pipeline stages) would run a larger one.
    const kvLimited = limit < batchLimit(req, { ...limits, kvBatch: Infinity });
    if (tp === widest?.tp && pp === 1 && kvLimited && capped) {
      widestKvBound = capped.batch + z * Math.sqrt(capped.batch) >= limit - 1;
    }
    if (!capped) {
      const one = operatingPoint(ctx, 1, req, limits, z);
      const misses: string[] = [];
      const causes: Cause[] = [];
      if (w.slo?.tpotMs !== undefined && one.tpotMs > w.slo.tpotMs) {
        misses.push(`TPOT ${fmt(one.tpotMs, 1)} ms > ${w.slo.tpotMs} ms`);
        causes.push('tpot');
      }
      if (w.slo?.ttftMs !== undefined && one.ttftMs > w.slo.ttftMs) {
        misses.push(`TTFT ${fmt(one.ttftMs)} ms > ${w.slo.ttftMs} ms`);
        causes.push('ttft');
      }
      rejected.push({
        tp,
        pp,
        causes,
        reason:
          misses.length > 0
            ? `misses the targets even at batch 1: ${misses.join(', ')}`
            : `holds ${limit} sequences, too few for the ${statistic} concurrency margin`,
      });
      return;
    }
    let replicas: number;
    let replicasForLoad: number;
    if (online) {
      const needed = Math.ceil((w.requestsPerSecond ?? 0) / capped.requestsPerS);
      // N+k: replicas beyond the load, so that k may be down without missing the targets.
      const wanted = needed + w.spareReplicas;
      replicas = fixedGpus !== undefined ? Math.floor(fixedGpus / size) : wanted;
      replicasForLoad = needed;
      if (replicas < wanted) {
        const spare = w.spareReplicas > 0 ? ` + ${w.spareReplicas} spare` : '';
        rejected.push({
          tp,
          pp,
          gpus: wanted * size,
          causes: ['gpus'],
          reason: `needs ${wanted * size} GPUs (${needed} replicas of ${fmt(capped.requestsPerS, 2)} req/s for ${w.requestsPerSecond} req/s${spare}); the workload has ${fixedGpus}`,
        });
        return;
      }
    } else {
      replicas = Math.floor((fixedGpus ?? size) / size);
      replicasForLoad = replicas;
      if (replicas < 1) {
        rejected.push({
          tp,
          pp,
          gpus: size,
          causes: ['gpus'],
          reason: `needs ${size} GPUs per replica; the workload has ${fixedGpus}`,
        });
        return;
      }
    }
    candidates.push({
      tp,
      pp,
      memory,
      limits,
      ctx,
      max,
      capped,
      replicas,
      replicasForLoad,
      gpus: replicas * size,
      throughput: replicas * capped.outputTokensPerS,
    });
  };
  for (const layout of layouts) evaluate(layout);
  // Pipeline stages across servers, as engines do, when one scale-up domain cannot hold the
  // model at the widest tp, or holds too little KV cache for the batch the engine could run.
  const widestRejection = rejected.find((r) => widest && r.tp === widest.tp && r.pp === 1);
  if (
    fixedPp === undefined &&
    widest &&
    (widestKvBound || (widestRejection !== undefined && !widestRejection.causes.includes('gpus')))
  ) {
    for (const pp of ppCandidates(model, gpu, widest.tp, fixedGpus).filter((p) => p > 1)) {
      evaluate({ tp: widest.tp, pp });
    }
  }

  // Online: fewest GPUs, then the most capacity within the targets, then the lower TPOT.
  const capacityOf = (c: Candidate) => c.replicas * c.capped.requestsPerS;
  const ranked = [...candidates].sort((a, b) =>
    online
      ? a.gpus - b.gpus || capacityOf(b) - capacityOf(a) || a.capped.tpotMs - b.capped.tpotMs
      : b.throughput - a.throughput,
  );
  const best = ranked[0];
  if (!best) {
    const maxTp = Math.max(1, ...tpCandidates(model, gpu, undefined, split));
    const widerFixedGpus =
      fixedGpus !== undefined &&
      tpCandidates(model, gpu, undefined, split).some((tp) => !tps.includes(tp));
    return infeasible(w, rejected, statistic, warnings, { maxTp, widerFixedGpus });
  }

  const alternatives: InferenceAlternative[] = [
    ...ranked.slice(1).map((c) => ({
      tp: c.tp,
      pp: c.pp,
      gpus: c.gpus,
      outputTokensPerS: c.throughput,
      reason: online
        ? c.gpus === best.gpus
          ? `also ${c.gpus} GPUs (${c.replicas} replica${c.replicas === 1 ? '' : 's'}), sustaining ${fmt(capacityOf(c), 2)} req/s within the targets vs ${fmt(capacityOf(best), 2)}`
          : `needs ${c.gpus} GPUs (${c.replicas} replica${c.replicas === 1 ? '' : 's'}) vs ${best.gpus}`
        : `${fmt(c.throughput)} output tokens/s vs ${fmt(best.throughput)}`,
    })),
    ...rejected.map(({ causes: _causes, ...alternative }) => alternative),
  ].sort((a, b) => a.tp - b.tp || a.pp - b.pp);

  if (!online && fixedGpus !== undefined && best.gpus < fixedGpus) {
    warnings.push(
      warning(
        'idle-gpus',
        `${w.name}: ${fixedGpus - best.gpus} of ${fixedGpus} GPUs stay idle (replicas of ${layoutName(best.tp, best.pp, ep, dp)})`,
        w.gpus !== undefined ? 'gpus' : undefined,
      ),
    );
  }
  const requestsPerS = online
    ? (w.requestsPerSecond ?? 0)
    : best.replicas * best.capped.requestsPerS;
  const point = online
    ? batchForLoad(best.ctx, req, best.limits, requestsPerS / best.replicas, best.capped.batch, z)
    : best.capped;
  const capacity = best.replicas * best.capped.requestsPerS;
  const it = point.iteration;
  const notes = [
    `KV cache reserved per request: ${fmt(reserved)} tokens (${reservation === 'full' ? `prompt + ${w.maxOutputTokens !== undefined ? 'the output limit' : 'all output tokens'}, as TensorRT-LLM's no-evict scheduler does` : 'prompt + half the output on average, paged as generated'})`,
    online
      ? `latencies are ${statistic} under Poisson arrivals: concurrency ${fmt(point.batch, 1)} mean, ${fmt(point.batch + z * Math.sqrt(point.batch), 1)} at ${statistic}`
      : 'offline: a full queue of uniform requests; latencies are the steady-state values',
  ];
  const searched = [
    ...(w.parallelism.tp === undefined && tps.length > 1 ? ['parallelism.tp'] : []),
    ...(fixedPp === undefined && best.pp > 1 ? ['parallelism.pp'] : []),
  ];
  if (searched.length > 0) {
    warnings.push(
      warning(
        'searched-settings',
        `${w.name}: ${layoutName(best.tp, best.pp, ep, dp)} chosen by the search (${searched.join(' and ')} not given)`,
        'parallelism',
      ),
    );
  }
  if (best.pp > 1) {
    notes.push(
      `${best.pp} pipeline stages of tp ${best.tp} per replica: the batch runs as ${best.pp} micro-batches in flight, and each token waits for every stage`,
    );
  }
  if (ep > 1) {
    const ranks = model.moe ? model.moe.experts / ep : 0;
    notes.push(
      `expert parallel: ${ranks} routed experts on each of ${ep} ranks${best.tp > ep ? `, each expert split over ${best.tp / ep} GPUs` : ''}; a rank computes only the tokens routed to its experts, and the busiest rank sets the pace`,
    );
  }
  if (dp > 1) {
    notes.push(
      `attention data parallel: ${dp} groups of ${best.tp / dp} GPU${best.tp / dp === 1 ? '' : 's'}, each holding the attention, dense layers and embeddings and serving ${fmt(point.batch / dp, 1)} of the sequences, whose KV cache it alone holds${model.moe ? '; each MoE layer dispatches the tokens to the GPUs of their experts and combines the outputs back' : ''}`,
    );
  }
  const limit = batchLimit(req, best.limits);
  const latencyCurve: InferenceResult['latencyCurve'][number][] = [];
  for (let b = 1; b <= limit; b = b < 4 ? b + 1 : Math.ceil(b * 1.5)) {
    const p = operatingPoint(best.ctx, b, req, best.limits, z);
    latencyCurve.push({
      batch: b,
      ttftMs: p.ttftMs,
      tpotMs: p.tpotMs,
      outputTokensPerS: p.outputTokensPerS,
    });
  }
  const result: InferenceResult = {
    mode: online ? 'online' : 'offline',
    gpus: best.gpus,
    replicas: best.replicas,
    replicasForLoad: best.replicasForLoad,
    tp: best.tp,
    pp: best.pp,
    ep,
    dp,
    precision: w.precision,
    kvCachePrecision: kvPrecision,
    batchSize: point.batch,
    maxBatchSize: batchLimit(req, best.limits),
    latencyStatistic: statistic,
    ttftMs: point.ttftMs,
    tpotMs: point.tpotMs,
    outputTokensPerS: best.replicas * point.outputTokensPerS,
    maxOutputTokensPerS: best.replicas * best.max.outputTokensPerS,
    requestsPerS,
    capacityRequestsPerS: capacity,
    capacityOutputTokensPerS: capacity * w.outputTokens,
    loadFraction: capacity > 0 ? requestsPerS / capacity : 0,
    kvCacheGBPerReplica: best.memory.kvCacheGB * best.tp * best.pp,
    kvCacheTokensPerReplica: best.memory.kvTokens,
    kvBytesPerToken: kvBytesPerToken(model, kvPrecision),
    memoryPerGpuGB: {
      weights: best.memory.weightsGB,
      kvCache: best.memory.kvCacheGB,
      reserve: best.memory.reserveGB,
      total: best.memory.weightsGB + best.memory.reserveGB + best.memory.kvCacheGB,
      capacity: best.memory.capacityGB,
    },
    iterationMs: {
      linearCompute: it.linearComputeS * 1e3,
      weightRead: it.weightReadS * 1e3,
      elementwise: it.elementwiseS * 1e3,
      prefillAttention: it.prefillAttentionS * 1e3,
      decodeAttention: it.decodeAttentionS * 1e3,
      tensorParallel: it.tensorParallelS * 1e3,
      pipelineTransfer: it.pipelineTransferS * 1e3,
      host: it.hostS * 1e3,
      total: it.totalS * 1e3,
    },
    alternatives,
    notes,
    latencyCurve,
  };
  return { ok: true, result, warnings };
}

function infeasible(
  w: InferenceWorkload,
  rejected: readonly Rejection[],
  statistic: string,
  warnings: PlanWarning[],
  room: { maxTp: number; widerFixedGpus: boolean },
): InferenceOutcome {
  const ep = w.parallelism.ep ?? 1;
  const dp = w.parallelism.dp ?? 1;
  const reasons = rejected.map((r) => `${layoutName(r.tp, r.pp, ep, dp)}: ${r.reason}`).join('; ');
  const any = (cause: Cause) => rejected.some((r) => r.causes.includes(cause));
  const fixes: string[] = [];
  if (room.widerFixedGpus) {
    fixes.push(
      `give the workload a multiple of ${room.maxTp} GPUs so larger tensor-parallel sizes (up to ${room.maxTp}) can be tried`,
    );
  }
  if (rejected.length > 0 && rejected.every((r) => r.causes.includes('memory'))) {
    const deepest = Math.max(...rejected.map((r) => r.pp));
    const morePp =
      deepest < MAX_SERVING_PP
        ? `, more pipeline stages across servers (parallelism.pp ${deepest * 2})`
        : '';
    fixes.push(
      `use fewer bytes per weight (fp8, int4, or fp4 on Blackwell), a GPU with more memory (h200-sxm-141gb, b200-sxm-180gb, mi300x)${morePp}, or shorter prompts/outputs`,
    );
  }
  if (any('tpot')) {
    fixes.push(
      'loosen slo.tpotMs, serve at fp8 (fewer weight bytes per token), or use a GPU with more HBM bandwidth',
    );
  }
  if (any('ttft')) {
    const widest = Math.max(...rejected.map((r) => r.tp));
    fixes.push(
      `loosen slo.ttftMs, use shorter prompts${widest < room.maxTp ? ', more tensor parallelism' : ''} or a faster GPU`,
    );
  }
  if (any('split')) {
    fixes.push(
      'choose parallelism.ep dividing both tp and the experts (ep 1 for a dense model) and parallelism.dp dividing tp',
    );
  }
  if (any('gpus')) {
    const least = Math.min(...rejected.map((r) => r.gpus ?? Infinity));
    fixes.push(`give the workload ${least} GPUs, or lower requestsPerSecond`);
  }
  if (w.parallelism.tp !== undefined && w.parallelism.tp < room.maxTp) {
    fixes.unshift(`leave parallelism.tp out so aidc tries every tp up to ${room.maxTp}`);
  }
  if (fixes.length === 0) fixes.push(`relax the ${statistic} latency targets or add GPUs`);
  return {
    ok: false,
    reason: `no tensor/pipeline-parallel layout serves "${w.name}": ${reasons}`,
    fix: fixes.join('; '),
    warnings,
  };
}

import { describe, expect, it } from 'vitest';
import { EFFICIENCY } from '../catalog/efficiency.js';
import { findGpu } from '../catalog/gpus.js';
import { InferenceWorkloadSchema, type InferenceWorkload } from '../scenario/schema.js';
import { shapeFromPreset } from '../training/model-shape.js';
import { iterationCost } from './step-cost.js';
import {
  batchLimit,
  bestBatch,
  operatingPoint,
  reservedTokensPerRequest,
  type EngineLimits,
} from './batching.js';
import { planInference } from './plan-inference.js';
import type { ServingContext } from './step-cost.js';

const h100 = findGpu('h100-sxm-80gb')!;
const llama70b = shapeFromPreset('llama3.1-70b')!;

function workload(fields: Record<string, unknown>): InferenceWorkload {
  return InferenceWorkloadSchema.parse({
    name: 'w',
    type: 'inference',
    model: 'llama3.1-70b',
    precision: 'fp8',
    inputTokens: 1024,
    outputTokens: 256,
    ...fields,
  });
}

const plan = (fields: Record<string, unknown>, gpu = h100, model = llama70b) =>
  planInference({ workload: workload(fields), model, gpu });

const ctx: ServingContext = {
  model: llama70b,
  gpu: h100,
  precision: 'fp8',
  kvPrecision: 'fp8',
  tp: 4,
  efficiency: EFFICIENCY,
};
const req = { inputTokens: 1024, outputTokens: 256 };
const limits: EngineLimits = { kvBatch: 600, maxBatchSize: 2048, maxNumTokens: 8192 };

describe('continuous batching at steady state', () => {
  it('reserves prompt + output per request (full) or prompt + half the output (incremental)', () => {
    expect(reservedTokensPerRequest(req, 'full')).toBe(1280);
    expect(reservedTokensPerRequest(req, 'incremental')).toBe(1152);
  });

  it('caps the batch by KV cache, engine batch size and the per-iteration token budget', () => {
    expect(batchLimit(req, limits)).toBe(600);
    expect(batchLimit(req, { ...limits, maxBatchSize: 256 })).toBe(256);
    // 2048/128: each sequence brings 16 prompt tokens per iteration -> 8192 / (127/128 + 16).
    expect(batchLimit({ inputTokens: 2048, outputTokens: 128 }, limits)).toBe(482);
  });

  it('output tokens/s = batch / iteration time, rising with the batch', () => {
    const p = operatingPoint(ctx, 128, req, limits, 0);
    expect(p.outputTokensPerS).toBeCloseTo(128 / p.iteration.totalS, 6);
    expect(p.requestsPerS).toBeCloseTo(p.outputTokensPerS / 256, 9);
    expect(operatingPoint(ctx, 256, req, limits, 0).outputTokensPerS).toBeGreaterThan(
      p.outputTokensPerS,
    );
  });

  it('p99 latencies exceed the mean ones at the same load', () => {
    const mean = operatingPoint(ctx, 128, req, limits, 0);
    const p99 = operatingPoint(ctx, 128, req, limits, 2.326);
    expect(p99.tpotMs).toBeGreaterThan(mean.tpotMs);
    expect(p99.ttftMs).toBeGreaterThan(mean.ttftMs);
  });

  it('the best batch is the largest that meets the TPOT target', () => {
    const slo = { tpotMs: 30 };
    const best = bestBatch(ctx, req, limits, slo, 0)!;
    expect(best.tpotMs).toBeLessThanOrEqual(30);
    expect(operatingPoint(ctx, best.batch + 1, req, limits, 0).tpotMs).toBeGreaterThan(30);
    expect(bestBatch(ctx, req, limits, { tpotMs: 1 }, 0)).toBeUndefined();
  });
});

describe('planInference', () => {
  it('offline: replicas = GPUs / tp and throughput scales with them', () => {
    const one = plan({ gpus: 4, parallelism: { tp: 4 } });
    const four = plan({ gpus: 16, parallelism: { tp: 4 } });
    if (!one.ok || !four.ok) throw new Error('expected feasible plans');
    expect(one.result.mode).toBe('offline');
    expect(four.result.replicas).toBe(4);
    expect(four.result.maxOutputTokensPerS).toBeCloseTo(4 * one.result.maxOutputTokensPerS, 6);
    expect(one.result.latencyStatistic).toBe('mean');
  });

  it('online: replicas = ceil(load / per-replica capacity within the targets)', () => {
    const r = plan({ requestsPerSecond: 20, slo: { ttftMs: 2000, tpotMs: 50 } });
    if (!r.ok) throw new Error(r.reason);
    const res = r.result;
    const perReplica = res.capacityRequestsPerS / res.replicas;
    expect(res.replicas).toBe(Math.ceil(20 / perReplica));
    expect(res.gpus).toBe(res.replicas * res.tp);
    expect(res.tpotMs).toBeLessThanOrEqual(50);
    expect(res.ttftMs).toBeLessThanOrEqual(2000);
    expect(res.latencyStatistic).toBe('p99');
    expect(res.loadFraction).toBeLessThanOrEqual(1);
    expect(res.requestsPerS).toBe(20);
    // The output rate at the operating point is the load.
    expect(res.outputTokensPerS).toBeCloseTo(20 * 256, 0);
  });

  it('searches tp and says why the others lose', () => {
    const r = plan({ requestsPerSecond: 20, slo: { tpotMs: 50 } });
    if (!r.ok) throw new Error(r.reason);
    const layout = (a: { tp: number; pp: number }) => `${a.tp}x${a.pp}`;
    expect(r.result.alternatives.map(layout)).not.toContain(layout(r.result));
    expect(r.result.alternatives.length).toBeGreaterThan(0);
    for (const a of r.result.alternatives) {
      expect(a.reason).toMatch(/needs|does not fit|misses|also \d+ GPUs .* sustaining/);
    }
    expect(r.warnings.map((w) => w.message).join(' ')).toContain('chosen by the search');
  });

  it('N+1: a spare replica beyond the load, sharing it while all are up', () => {
    const fields = { requestsPerSecond: 20, slo: { tpotMs: 50 }, parallelism: { tp: 4 } };
    const base = plan(fields);
    const n1 = plan({ ...fields, spareReplicas: 1 });
    if (!base.ok || !n1.ok) throw new Error('expected feasible plans');
    expect(n1.result.replicasForLoad).toBe(base.result.replicasForLoad);
    expect(n1.result.replicas).toBe(n1.result.replicasForLoad + 1);
    expect(n1.result.loadFraction).toBeLessThan(base.result.loadFraction);
    // Fixed GPUs that hold the load but not the spare: says what it needs.
    const tight = plan({ ...fields, spareReplicas: 1, gpus: base.result.gpus });
    expect(tight.ok).toBe(false);
    if (!tight.ok) expect(tight.reason).toContain('+ 1 spare');
  });

  it('405B in bf16 does not fit one H100 server; fp8 does', () => {
    const model = shapeFromPreset('llama3.1-405b')!;
    const bf16 = plan({ model: 'llama3.1-405b', precision: 'bf16', gpus: 8 }, h100, model);
    expect(bf16.ok).toBe(false);
    if (bf16.ok) return;
    expect(bf16.reason).toContain('does not fit');
    expect(bf16.fix).toContain('fp8');
    const fp8 = plan({ model: 'llama3.1-405b', precision: 'fp8', gpus: 8 }, h100, model);
    expect(fp8.ok).toBe(true);
  });

  it('405B in bf16 on H100 serves from two servers as tp 8 x pp 2', () => {
    const model = shapeFromPreset('llama3.1-405b')!;
    const r = plan(
      { model: 'llama3.1-405b', precision: 'bf16', requestsPerSecond: 1, slo: { tpotMs: 100 } },
      h100,
      model,
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.result).toMatchObject({ tp: 8, pp: 2, gpus: 16, replicas: 1 });
    // Each GPU holds 63 of 126 layers' linear weights and one vocabulary matrix.
    const vocab = 128_256 * 16_384;
    const linear = model.params - 2 * vocab;
    expect(r.result.memoryPerGpuGB.weights).toBeCloseTo(
      ((linear * 63) / 126 / 8) * 2e-9 + (vocab / 8) * 2e-9,
      6,
    );
    expect(r.result.iterationMs.pipelineTransfer).toBeGreaterThan(0);
    // Fixing pp to 1 gives the memory fix with more stages.
    const flat = plan(
      {
        model: 'llama3.1-405b',
        precision: 'bf16',
        requestsPerSecond: 1,
        parallelism: { pp: 1 },
      },
      h100,
      model,
    );
    expect(flat.ok).toBe(false);
    if (!flat.ok) expect(flat.fix).toContain('parallelism.pp 2');
  });

  it('pipeline stages are not tried when one server holds the model and its batch', () => {
    // 70B in fp8 fits one H100 server and the TPOT target, not the cache, sets the batch.
    const r = plan({ requestsPerSecond: 2, slo: { tpotMs: 50 } });
    if (!r.ok) throw new Error(r.reason);
    expect(r.result.pp).toBe(1);
    expect(r.result.alternatives.every((a) => a.pp === 1)).toBe(true);
    expect(r.warnings.map((w) => w.message).join(' ')).not.toContain('parallelism.pp');
  });

  it('a prompt rides one micro-batch through every stage: TTFT does not fall with pp', () => {
    const model = shapeFromPreset('llama3.1-405b')!;
    const ttftMs = (pp: number) =>
      operatingPoint(
        { ...ctx, model, precision: 'bf16', kvPrecision: 'bf16', tp: 8, pp },
        0.01,
        { inputTokens: 8000, outputTokens: 200 },
        limits,
        0,
      ).ttftMs;
    // An 8k prompt through 405B at tp 8 is over a second of compute however it is staged.
    expect(ttftMs(1)).toBeGreaterThan(1000);
    for (const pp of [2, 4, 8]) expect(ttftMs(pp) / ttftMs(1)).toBeGreaterThan(0.97);
  });

  it('a burst of prompts spreads over the micro-batches: each shares with A/pp others', () => {
    const model = shapeFromPreset('llama3.1-405b')!;
    const req = { inputTokens: 1000, outputTokens: 100 };
    const roomy: EngineLimits = { kvBatch: 1e6, maxBatchSize: 1e6, maxNumTokens: 1e6 };
    // 1,600 sequences in flight: 16 prompts arrive per iteration.
    const at = (pp: number) =>
      operatingPoint(
        { ...ctx, model, precision: 'bf16', kvPrecision: 'bf16', tp: 8, pp },
        1600,
        req,
        roomy,
        0,
      );
    const prefill = (pp: number) => {
      const p = at(pp);
      // TTFT = half an iteration of waiting + the prompts' prefill + one decode-only iteration.
      const decodeOnly = iterationCost(
        { ...ctx, model, precision: 'bf16', kvPrecision: 'bf16', tp: 8, pp },
        { decodeSeqs: 1600, decodeContext: 1050, prefillRequests: 0, promptTokens: 1000 },
      ).totalS;
      return p.ttftMs / 1e3 - p.iteration.totalS / 2 - decodeOnly;
    };
    // pp 4: a prompt shares its micro-batch with 3 others, a quarter of pp 1's 16.
    expect(prefill(4) / prefill(1)).toBeCloseTo(0.25, 1);
  });

  it('tries pipeline stages when the KV cache, not the weights, limits one server', () => {
    // 405B fits one H100 server in fp8, but 100k-token prompts with a 16-bit cache leave room for
    // 3 sequences; more stages give each replica more cache and the fleet needs fewer GPUs.
    const model = shapeFromPreset('llama3.1-405b')!;
    const fields = {
      model: 'llama3.1-405b',
      kvCachePrecision: 'bf16',
      inputTokens: 100_000,
      outputTokens: 1000,
      requestsPerSecond: 2,
      slo: { ttftMs: 30_000, tpotMs: 200 },
    };
    const searched = plan(fields, h100, model);
    const flat = plan({ ...fields, parallelism: { pp: 1 } }, h100, model);
    if (!searched.ok || !flat.ok) throw new Error('expected feasible plans');
    expect(flat.result.maxBatchSize).toBeLessThan(5);
    expect(searched.result.pp).toBeGreaterThan(1);
    expect(searched.result.gpus).toBeLessThan(flat.result.gpus);
  });

  it('fixed GPUs must split into whole tp x pp replicas', () => {
    const model = shapeFromPreset('llama3.1-405b')!;
    const r = plan(
      { model: 'llama3.1-405b', precision: 'bf16', gpus: 24, parallelism: { pp: 2 } },
      h100,
      model,
    );
    // 24 GPUs: tp 8 x pp 2 (16) does not divide them, and smaller tp does not fit.
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toContain("16 GPUs per replica do not divide the workload's 24");
  });

  it('pipelines tied-embedding and MoE models too', () => {
    const tied = shapeFromPreset('llama3.1-8b')!;
    const a = planInference({
      workload: workload({
        model: 'llama3.1-8b',
        precision: 'bf16',
        gpus: 16,
        parallelism: { tp: 8, pp: 2 },
      }),
      model: tied,
      gpu: h100,
    });
    if (!a.ok) throw new Error(a.reason);
    expect(a.result).toMatchObject({ tp: 8, pp: 2, replicas: 1 });
    const moe = shapeFromPreset('deepseek-v3')!;
    const b = planInference({
      workload: workload({ model: 'deepseek-v3', precision: 'fp8', requestsPerSecond: 1 }),
      model: moe,
      gpu: h100,
    });
    if (!b.ok) throw new Error(b.reason);
    // 671B in fp8 does not fit one 8 x 80 GB server: two or more stages.
    expect(b.result.pp).toBeGreaterThan(1);
    expect(Number.isFinite(b.result.tpotMs) && b.result.tpotMs > 0).toBe(true);
  });

  it('an unreachable TPOT target names the target and the fix', () => {
    const r = plan({ requestsPerSecond: 5, slo: { tpotMs: 2 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toContain('TPOT');
    expect(r.fix).toContain('tpotMs');
  });

  it('fixed GPUs too few for the load: says how many are needed', () => {
    const r = plan({ requestsPerSecond: 500, gpus: 8, slo: { tpotMs: 50 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fix).toMatch(/give the workload \d+ GPUs/);
  });

  it('a lightly loaded replica may hold less than one sequence on average', () => {
    // 110k-token prompts leave room for only a few sequences; at 0.001 req/s one replica serves.
    const model = shapeFromPreset('llama3.1-405b')!;
    const r = plan(
      {
        model: 'llama3.1-405b',
        requestsPerSecond: 0.001,
        inputTokens: 110_000,
        outputTokens: 1000,
      },
      h100,
      model,
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.result.replicas).toBe(1);
    expect(r.result.batchSize).toBeLessThan(1);
  });

  it('one output token: no time per output token, and a TPOT target does not bind', () => {
    const r = plan({ requestsPerSecond: 1, outputTokens: 1, slo: { tpotMs: 1 } });
    if (!r.ok) throw new Error(r.reason);
    expect(r.result.tpotMs).toBe(0);
  });

  it('offline GPUs fewer than one replica: says so', () => {
    const r = plan({ gpus: 4, parallelism: { tp: 8 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toContain('needs 8 GPUs per replica; the workload has 4');
  });

  it('offline GPUs that tp 1 alone divides: suggests a count that admits larger tp', () => {
    const r = plan({ gpus: 3, precision: 'bf16' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fix).toContain('multiple of 8 GPUs');
  });
});

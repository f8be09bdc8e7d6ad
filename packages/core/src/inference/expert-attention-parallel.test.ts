// Expert parallelism (parallelism.ep) and attention data parallelism (parallelism.dp) of an
// inference workload: validated, planned and reported, no longer ignored.
import { describe, expect, it } from 'vitest';
import { findGpu } from '../catalog/gpus.js';
import { parseScenario } from '../scenario/parse.js';
import { InferenceWorkloadSchema } from '../scenario/schema.js';
import { shapeFromPreset } from '../training/model-shape.js';
import { layoutName, planInference, tpCandidates } from './plan-inference.js';

const dsv3 = shapeFromPreset('deepseek-v3')!;
const h200 = findGpu('h200-sxm-141gb')!;

/** The published TensorRT-LLM DeepSeek-R1 max-throughput run's workload, with other parallelism. */
function dsr1(parallelism: Record<string, number>, extra: Record<string, unknown> = {}) {
  const workload = InferenceWorkloadSchema.parse({
    name: 'dsr1',
    type: 'inference',
    model: 'deepseek-v3',
    precision: 'fp8',
    inputTokens: 1024,
    outputTokens: 2048,
    gpus: 8,
    parallelism,
    maxBatchSize: 1024,
    maxNumTokens: 9208,
    ...extra,
  });
  const outcome = planInference({ workload, model: dsv3, gpu: h200 });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.result;
}

describe('planning with ep and dp', () => {
  it('reports the layout: tp 8 with ep 8 and attention dp 8', () => {
    const r = dsr1({ tp: 8, ep: 8, dp: 8 });
    expect([r.tp, r.pp, r.ep, r.dp]).toEqual([8, 1, 8, 8]);
    expect(layoutName(r.tp, r.pp, r.ep, r.dp)).toBe('tp 8 (ep 8, attention dp 8)');
    expect(layoutName(8, 2)).toBe('tp 8 x pp 2');
    expect(r.notes.join(' ')).toContain('attention data parallel: 8 groups of 1 GPU');
    expect(r.notes.join(' ')).toContain('32 routed experts on each of 8 ranks');
  });

  it('dp 8 stops replicating the MLA cache: each rank batches its own requests', () => {
    const tp = dsr1({ tp: 8 });
    const dp = dsr1({ tp: 8, ep: 8, dp: 8 });
    // tp 8: 61 x 576 x 2 B on all 8 GPUs for every token; 3072 tokens reserved per request.
    expect(tp.maxBatchSize).toBe(Math.floor(tp.kvCacheTokensPerReplica / 3072));
    expect(tp.maxBatchSize).toBeLessThan(300);
    // The engine caps apply per attention-DP rank (8 x 2048 sequences), so the 8 caches set it.
    expect(dp.maxBatchSize).toBe(8 * Math.floor(dp.kvCacheTokensPerReplica / 8 / 3072));
    expect(dp.maxBatchSize).toBeGreaterThan(5 * tp.maxBatchSize);
    expect(dp.kvCacheTokensPerReplica).toBeGreaterThan(5 * tp.kvCacheTokensPerReplica);
    // More weights on each GPU: the attention and dense layers are whole on every GPU.
    expect(dp.memoryPerGpuGB.weights - tp.memoryPerGpuGB.weights).toBeGreaterThan(15);
    expect(dp.maxOutputTokensPerS).toBeGreaterThan(2 * tp.maxOutputTokensPerS);
  });

  it('ep and dp change the plan: they are no longer ignored', () => {
    const base = dsr1({ tp: 8 });
    const ep = dsr1({ tp: 8, ep: 8 });
    const dp = dsr1({ tp: 8, dp: 8 });
    const both = dsr1({ tp: 8, ep: 8, dp: 8 });
    // Expert parallelism alone keeps the memory, but the busiest rank's experts set the pace.
    expect(ep.memoryPerGpuGB.weights).toBeCloseTo(base.memoryPerGpuGB.weights, 9);
    expect(ep.maxOutputTokensPerS).not.toBe(base.maxOutputTokensPerS);
    // With attention DP the MoE layers all-gather every token to every GPU whatever ep (the
    // engine's default MoE backend), so ep changes the expert reads, not the exchange.
    expect(both.iterationMs.tensorParallel).toBeCloseTo(dp.iterationMs.tensorParallel, 1);
    expect(both.maxOutputTokensPerS).not.toBe(dp.maxOutputTokensPerS);
    expect(new Set([base, ep, dp, both].map((r) => r.maxOutputTokensPerS)).size).toBe(4);
  });

  it('online: a lone prompt is prefilled by one attention group, so TTFT pays its whole prefill', () => {
    const slo = { requestsPerSecond: 1, slo: { ttftMs: 5000 } };
    const tp = dsr1({ tp: 8 }, slo);
    const dp = dsr1({ tp: 8, ep: 8, dp: 8 }, slo);
    expect(dp.ttftMs).toBeGreaterThan(tp.ttftMs);
  });

  it('tp is searched among multiples of ep and dp', () => {
    expect(tpCandidates(dsv3, h200, 8, { ep: 4, dp: 2 })).toEqual([4, 8]);
    expect(tpCandidates(dsv3, h200, 8, { dp: 8 })).toEqual([8]);
    const r = dsr1({ dp: 8 });
    expect(r.tp).toBe(8);
  });

  it('a split ep or dp cannot make says so and how to fix it', () => {
    const workload = InferenceWorkloadSchema.parse({
      name: 'w',
      type: 'inference',
      model: 'deepseek-v3',
      precision: 'fp8',
      inputTokens: 1024,
      outputTokens: 256,
      gpus: 8,
      parallelism: { tp: 4, ep: 8 },
    });
    const outcome = planInference({ workload, model: dsv3, gpu: h200 });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.reason).toContain('ep 8 does not divide tp 4');
    expect(outcome.fix).toContain('parallelism.ep dividing both tp and the experts');
  });
});

const scenario = (parallelism: string, model = 'deepseek-v3') => `name: t
cluster:
  gpu: h200-sxm-141gb
  gpus: 8
workloads:
  - name: w
    type: inference
    model: ${model}
    precision: fp8
    inputTokens: 1024
    outputTokens: 256
    gpus: 8
    parallelism: ${parallelism}
`;

function issues(text: string) {
  const r = parseScenario(text);
  return r.ok ? [] : r.issues;
}

describe('validating ep and dp', () => {
  it('accepts the published layout (tp 8, ep 8, dp 8)', () => {
    expect(issues(scenario('{ tp: 8, ep: 8, dp: 8 }'))).toEqual([]);
  });

  it('ep must divide the experts and tp', () => {
    const [experts, tp] = issues(scenario('{ tp: 8, ep: 3 }'));
    expect(experts?.message).toBe('ep must divide the experts');
    expect(experts?.expected).toBe('a divisor of 256 experts');
    expect(experts?.found).toBe('3');
    expect(experts?.path).toEqual(['workloads', 0, 'parallelism', 'ep']);
    expect(tp?.message).toBe("ep must divide the replica's tensor-parallel GPUs (tp)");
    expect(tp?.expected).toBe('a divisor of tp (8)');
    expect(issues(scenario('{ tp: 4, ep: 8 }'))[0]?.found).toBe('8');
  });

  it('ep > 1 needs an MoE model', () => {
    const [issue] = issues(scenario('{ tp: 8, ep: 2 }', 'llama3.1-70b'));
    expect(issue?.message).toBe('ep > 1 needs an MoE model');
    expect(issue?.expected).toContain('1');
    expect(issue?.found).toBe('2');
    expect(issues(scenario('{ tp: 8, ep: 1 }', 'llama3.1-70b'))).toEqual([]);
  });

  it('dp must divide tp; the attention group (tp / dp) is what splits the heads', () => {
    const [issue] = issues(scenario('{ tp: 8, dp: 3 }'));
    expect(issue?.message).toBe('dp must divide tp');
    expect(issue?.expected).toBe('a divisor of tp (8)');
    expect(issue?.found).toBe('3');
    // A dense model has no MoE layers where the groups meet: dp groups are separate replicas.
    const [dense] = issues(scenario('{ tp: 8, dp: 2 }', 'llama3.1-70b'));
    expect(dense?.message).toBe('attention dp > 1 needs an MoE model');
    // tp searched: dp must be a power of two.
    const [odd] = issues(scenario('{ dp: 3 }'));
    expect(odd?.message).toBe('dp must be a power of two when tp is searched');
  });

  it('with tp searched, ep and dp must fit one scale-up domain and divide the GPUs', () => {
    const [wide] = issues(scenario('{ ep: 16 }'));
    expect(wide?.message).toBe('ep spans more than one scale-up domain');
    const text = scenario('{ dp: 4 }').replace(
      'gpus: 8\n    parallelism',
      'gpus: 6\n    parallelism',
    );
    expect(issues(text).map((i) => i.message)).toContain(
      'the GPUs must split into replicas whose tp dp divides',
    );
  });
});

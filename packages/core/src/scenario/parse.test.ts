import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse.js';
import { formatIssue } from './issues.js';
import { resolveGpu } from '../catalog/gpus.js';
import { planScenario } from '../plan.js';
import { isGenericInference, isGenericTraining } from './schema.js';

const valid = `name: test
cluster:
  gpu: h100-sxm-80gb
  gpus: 64
workloads:
  - name: pretrain
    type: training
    model: llama3.1-8b
    tokens: 1e12
    seqLen: 8192
    globalBatchTokens: 4e6
`;

function issuesOf(text: string) {
  const result = parseScenario(text);
  if (result.ok) throw new Error('expected issues');
  return result.issues;
}

describe('parseScenario', () => {
  it('accepts a valid scenario and fills defaults', () => {
    const result = parseScenario(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const w = result.scenario.workloads[0]!;
    if (w.type !== 'training' || isGenericTraining(w)) throw new Error('expected an LLM training');
    expect(w.precision).toBe('bf16');
    expect(w.sequenceParallel).toBeUndefined(); // the framework profile fills it when planning
    expect(w.framework).toBe('megatron-core');
    expect(w.parallelism).toEqual({});
    expect(w.tokens).toBe(1e12);
  });

  it('maps dataParallelOverlap booleans to modes and rejects unknown modes', () => {
    const mode = (v: string) => {
      const r = parseScenario(valid + `    dataParallelOverlap: ${v}\n`);
      const w = r.ok ? r.scenario.workloads[0] : undefined;
      return w?.type === 'training' ? w.dataParallelOverlap : r.ok ? undefined : r.issues[0]?.code;
    };
    expect(mode('true')).toBe('full');
    expect(mode('false')).toBe('none');
    expect(mode('forward')).toBe('forward');
    expect(mode('sideways')).not.toBe('sideways');
  });

  it('accepts JSON', () => {
    const json = JSON.stringify({
      name: 'j',
      cluster: { gpu: 'a100-sxm-80gb', gpus: 8 },
      workloads: [
        {
          name: 'w',
          type: 'training',
          model: 'llama2-7b',
          tokens: 1e9,
          seqLen: 4096,
          globalBatchSequences: 8,
        },
      ],
    });
    expect(parseScenario(json).ok).toBe(true);
  });

  it('reports YAML syntax errors with line and column', () => {
    const [issue] = issuesOf('name: x\ncluster:\n  gpu: [h100\n');
    expect(issue?.code).toBe('syntax');
    expect(issue?.line).toBeGreaterThanOrEqual(3);
    expect(issue?.column).toBeGreaterThan(0);
  });

  it('rejects unknown keys with a did-you-mean hint and the key position', () => {
    const [issue] = issuesOf(valid.replace('  gpus: 64', '  gpuz: 64'));
    expect(issue).toMatchObject({
      code: 'unknown-key',
      path: ['cluster', 'gpuz'],
      line: 4,
      column: 3,
    });
    expect(issue?.hint).toBe('did you mean "gpus"?');
    expect(formatIssue(issue!, 's.yaml')).toMatch(
      /^s\.yaml:4:3: cluster\.gpuz: unknown key "gpuz"/,
    );
  });

  it('rejects wrong types with expected and found', () => {
    const [issue] = issuesOf(valid.replace('gpus: 64', 'gpus: many'));
    expect(issue).toMatchObject({
      code: 'wrong-type',
      path: ['cluster', 'gpus'],
      found: '"many"',
      line: 4,
    });
    expect(issue?.expected).toContain('number');
  });

  it('rejects out-of-range numbers: negative GPUs', () => {
    const [issue] = issuesOf(valid.replace('gpus: 64', 'gpus: -8'));
    expect(issue).toMatchObject({
      code: 'out-of-range',
      path: ['cluster', 'gpus'],
      found: '-8',
      expected: 'a number > 0',
    });
  });

  it('rejects a model with 0 layers and heads that do not divide hidden', () => {
    const text = valid.replace(
      '    model: llama3.1-8b',
      '    model:\n      layers: 0\n      hidden: 1000\n      heads: 3\n      vocab: 32000',
    );
    const issues = issuesOf(text);
    expect(issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['workloads.0.model.layers', 'workloads.0.model.heads']),
    );
    const heads = issues.find((i) => i.path.join('.') === 'workloads.0.model.heads');
    expect(heads?.message).toContain('heads must divide hidden');
    expect(heads?.line).toBe(11);
  });

  it('rejects unknown catalog ids and lists close matches', () => {
    const [issue] = issuesOf(valid.replace('h100-sxm-80gb', 'h100-sxm'));
    expect(issue).toMatchObject({ code: 'unknown-catalog-id', path: ['cluster', 'gpu'], line: 3 });
    expect(issue?.hint).toContain('"h100-sxm-80gb"');
    const [model] = issuesOf(valid.replace('llama3.1-8b', 'llama-3.1-8b'));
    expect(model?.hint).toContain('"llama3.1-8b"');
    const [llama3] = issuesOf(valid.replace('llama3.1-8b', 'llama3-70b'));
    expect(llama3?.hint).toMatch(/^did you mean "llama3\.[13]-70b"/);
  });

  it('rejects parallelism whose product is not the GPU count', () => {
    const [issue] = issuesOf(valid + '    parallelism: { tp: 8, pp: 2, dp: 2 }\n');
    expect(issue).toMatchObject({
      code: 'inconsistent',
      path: ['workloads', 0, 'parallelism'],
      expected: '64 GPUs',
    });
    expect(issue?.found).toBe('8 x 2 x 2 x 1 = 32');
  });

  it('rejects a tp that does not divide the heads', () => {
    const issues = issuesOf(valid + '    parallelism: { tp: 3 }\n');
    expect(issues.map((i) => i.path.join('.'))).toContain('workloads.0.parallelism.tp');
  });

  it("reports the valid parts' semantic problems beside another part's schema errors", () => {
    // Workload 0 is well-formed but its tp does not divide the heads; workload 1 fails the
    // schema. All three problems come out at once, in file order, with workload 0's paths.
    const text =
      valid +
      '    parallelism: { tp: 3 }\n' +
      '  - name: broken\n' +
      '    type: training\n' +
      '    model: llama3.1-8b\n' +
      '    tokens: -1\n' +
      '    seqLen: 8192\n' +
      '    globalBatchTokens: 4e6\n';
    const issues = issuesOf(text);
    expect(issues.map((i) => [i.path.join('.'), i.line])).toEqual([
      ['workloads.0.parallelism', 12],
      ['workloads.0.parallelism.tp', 12],
      ['workloads.1.tokens', 16],
    ]);
    // A cluster that fails the schema leaves nothing to check the workloads against.
    const badCluster = issuesOf(text.replace('  gpus: 64', '  gpus: -64'));
    expect(badCluster.map((i) => i.path.join('.'))).toEqual(['cluster.gpus', 'workloads.1.tokens']);
    // ...but its own ids are still checked: an unknown GPU and fabric come out with the bad count.
    const badIds = issuesOf(
      valid
        .replace('gpu: h100-sxm-80gb', 'gpu: h100-sxm-80gbb\n  fabric: infiniband-ndrr')
        .replace('gpus: 64', 'gpus: -64'),
    );
    expect(badIds.map((i) => [i.path.join('.'), i.code, i.line])).toEqual([
      ['cluster.gpu', 'unknown-catalog-id', 3],
      ['cluster.fabric', 'unknown-catalog-id', 4],
      ['cluster.gpus', 'out-of-range', 5],
    ]);
    expect(badIds[0]?.hint).toContain('"h100-sxm-80gb"');
  });

  it('rejects a precision the GPU lacks', () => {
    const text = valid.replace('h100-sxm-80gb', 'a100-sxm-80gb') + '    precision: fp8\n';
    const [issue] = issuesOf(text);
    expect(issue).toMatchObject({ code: 'invalid-value', path: ['workloads', 0, 'precision'] });
  });

  it('requires a batch and a GPU count', () => {
    const issues = issuesOf(
      valid.replace('  gpus: 64\n', '').replace('    globalBatchTokens: 4e6\n', ''),
    );
    expect(issues[0]?.message).toContain('globalBatchTokens or globalBatchSequences');
  });

  it('names the workload kinds when type is misspelt or missing', () => {
    const [typo] = issuesOf(valid.replace('type: training', 'type: inferense'));
    expect(typo).toMatchObject({
      code: 'invalid-value',
      path: ['workloads', 0, 'type'],
      line: 7,
      expected: 'one of "training" | "inference"',
      hint: 'did you mean "inference"?',
    });
    const [missing] = issuesOf(valid.replace('    type: training\n', ''));
    expect(missing).toMatchObject({ code: 'missing', path: ['workloads', 0, 'type'], line: 6 });
  });
});

const serving = `name: serving
cluster:
  gpu: h100-sxm-80gb
workloads:
  - name: chat
    type: inference
    model: llama3.1-70b
    precision: fp8
    requestsPerSecond: 10
    inputTokens: 1024
    outputTokens: 256
    slo: { ttftMs: 2000, tpotMs: 50 }
`;

describe('parseScenario: generic network services', () => {
  const service = (extra: string) => `name: serving
cluster:
  gpu: h100-sxm-80gb
workloads:
  - name: classifier
    type: inference
    model: resnet50
${extra}`;

  it('accepts a sample rate and a p99 target, filling the precision and percentile', () => {
    const result = parseScenario(
      service('    samplesPerSecond: 50000\n    slo: { latencyMs: 15 }\n'),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const w = result.scenario.workloads[0]!;
    expect(isGenericInference(w)).toBe(true);
    if (!isGenericInference(w)) return;
    expect(w.precision).toBe('fp16');
    expect(w.slo).toEqual({ latencyMs: 15, percentile: 99 });
  });

  it('reports the keys of a generic service, not of a language model', () => {
    const result = parseScenario(service('    samplesPerSecond: 50000\n    slo: { ttftMs: 15 }\n'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path.join('.'))).toContain('workloads.0.slo.ttftMs');
  });

  it('rejects a language model served by samples', () => {
    const result = parseScenario(
      service('    samplesPerSecond: 50000\n').replace('model: resnet50', 'model: llama3.1-8b'),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toBe('llama3.1-8b is a language model, planned by tokens');
  });
});

describe('parseScenario: inference workloads', () => {
  it('accepts a chat service and fills defaults', () => {
    const result = parseScenario(serving);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const w = result.scenario.workloads[0]!;
    if (w.type !== 'inference' || isGenericInference(w))
      throw new Error('expected an inference workload');
    expect(w.kvCacheReservation).toBeUndefined(); // the engine profile (trtllm: full) fills it
    expect(w.slo?.percentile).toBeUndefined(); // the planner reads it as p99
    expect(w.parallelism).toEqual({});
  });

  it('suggests inference keys for an unknown key in an inference workload', () => {
    const issue = issuesOf(serving.replace('inputTokens:', 'inputToken:')).find(
      (i) => i.code === 'unknown-key',
    );
    expect(issue).toMatchObject({ code: 'unknown-key', hint: 'did you mean "inputTokens"?' });
    expect(issue?.expected).toContain('requestsPerSecond');
  });

  it('rejects fp4 on Hopper with the line and a fix', () => {
    const [issue] = issuesOf(serving.replace('precision: fp8', 'precision: fp4'));
    expect(issue).toMatchObject({
      code: 'invalid-value',
      path: ['workloads', 0, 'precision'],
      line: 8,
      found: '"fp4"',
    });
    expect(issue?.hint).toContain('Blackwell');
    expect(formatIssue(issue!, 'chat.yaml')).toContain('chat.yaml:8');
  });

  it('rejects an fp8 KV cache on Ampere and int4 on Volta', () => {
    const ampere = serving
      .replace('h100-sxm-80gb', 'a100-sxm-80gb')
      .replace('precision: fp8', 'precision: bf16\n    kvCachePrecision: fp8');
    expect(issuesOf(ampere)[0]).toMatchObject({ path: ['workloads', 0, 'kvCachePrecision'] });
    const volta = serving
      .replace('h100-sxm-80gb', 'v100-sxm2-32gb')
      .replace('precision: fp8', 'precision: int4');
    expect(issuesOf(volta)[0]?.message).toContain('int4');
  });

  it('rejects an unknown precision with the allowed ones', () => {
    const [issue] = issuesOf(serving.replace('precision: fp8', 'precision: fp6'));
    expect(issue).toMatchObject({ code: 'invalid-value', path: ['workloads', 0, 'precision'] });
    expect(issue?.expected).toContain('"int4"');
  });

  it('rejects a tp beyond the scale-up domain, not dividing heads, or not dividing the GPUs', () => {
    const wide = issuesOf(serving + '    parallelism: { tp: 16 }\n');
    expect(wide[0]?.message).toContain('scale-up domain');
    const odd = issuesOf(serving + '    parallelism: { tp: 3 }\n');
    expect(odd[0]?.message).toContain('divide the attention heads');
    const split = issuesOf(serving + '    gpus: 12\n    parallelism: { tp: 8 }\n');
    expect(split[0]).toMatchObject({ path: ['workloads', 0, 'gpus'], expected: 'a multiple of 8' });
    expect(wide[0]?.hint).toContain('parallelism.pp');
  });

  it('spare replicas belong to an online service', () => {
    const offline = issuesOf(
      serving.replace('    requestsPerSecond: 10\n', '') + '    gpus: 8\n    spareReplicas: 1\n',
    );
    expect(offline.map((i) => i.path.join('.'))).toContain('workloads.0.spareReplicas');
    expect(parseScenario(serving + '    spareReplicas: 1\n').ok).toBe(true);
  });

  it('checks pipeline stages against the layers and the GPUs', () => {
    const deep = issuesOf(serving + '    parallelism: { pp: 81 }\n');
    expect(deep[0]).toMatchObject({
      path: ['workloads', 0, 'parallelism', 'pp'],
      expected: 'at most 80',
    });
    const split = issuesOf(serving + '    gpus: 24\n    parallelism: { tp: 8, pp: 2 }\n');
    expect(split[0]).toMatchObject({
      path: ['workloads', 0, 'gpus'],
      expected: 'a multiple of 16',
    });
    expect(split[0]?.message).toContain('tp x pp');
    expect(parseScenario(serving + '    gpus: 32\n    parallelism: { tp: 8, pp: 2 }\n').ok).toBe(
      true,
    );
    const ppOnly = issuesOf(serving + '    gpus: 9\n    parallelism: { pp: 2 }\n');
    expect(ppOnly[0]).toMatchObject({
      path: ['workloads', 0, 'gpus'],
      expected: 'a multiple of 2',
    });
    // Offline on the cluster's GPUs: they must split into tp x pp replicas.
    const offline = issuesOf(
      serving
        .replace('    requestsPerSecond: 10\n', '')
        .replace('    slo: { ttftMs: 2000, tpotMs: 50 }\n', '')
        .replace('  gpu: h100-sxm-80gb', '  gpu: h100-sxm-80gb\n  gpus: 24') +
        '    parallelism: { tp: 8, pp: 2 }\n',
    );
    expect(offline[0]).toMatchObject({ path: ['cluster', 'gpus'], expected: 'a multiple of 16' });
  });

  it("rejects a context longer than the model's window", () => {
    const [issue] = issuesOf(serving.replace('inputTokens: 1024', 'inputTokens: 200000'));
    expect(issue).toMatchObject({ code: 'out-of-range', path: ['workloads', 0, 'inputTokens'] });
    expect(issue?.expected).toContain('131072');
  });

  it('needs a load or GPUs, and an slo with at least one target', () => {
    const [none] = issuesOf(serving.replace('    requestsPerSecond: 10\n', ''));
    expect(none).toMatchObject({ code: 'missing', path: ['workloads', 0, 'requestsPerSecond'] });
    const [empty] = issuesOf(serving.replace('{ ttftMs: 2000, tpotMs: 50 }', '{ percentile: 90 }'));
    expect(empty?.message).toContain('ttftMs, tpotMs or both');
  });

  it("checks the output limit against the model's window", () => {
    const [issue] = issuesOf(
      serving.replace('outputTokens: 256', 'outputTokens: 256\n    maxOutputTokens: 200000'),
    );
    expect(issue?.expected).toContain('inputTokens + maxOutputTokens <= 131072');
  });

  it('an offline workload sharing the cluster needs its own GPUs', () => {
    const shared =
      valid.replace('  gpus: 64\n', '  gpus: 64\n') +
      '  - name: batch\n    type: inference\n    model: llama3.1-8b\n    inputTokens: 100\n    outputTokens: 100\n';
    const [issue] = issuesOf(shared);
    expect(issue).toMatchObject({ code: 'missing', path: ['workloads', 1, 'gpus'] });
  });

  it('tp must split the KV heads evenly or replicate whole heads', () => {
    const text = serving
      .replace(
        'model: llama3.1-70b',
        'model: { layers: 4, hidden: 1536, heads: 12, kvHeads: 3, vocab: 1000 }',
      )
      .concat('    parallelism: { tp: 2 }\n');
    expect(issuesOf(text)[0]?.message).toContain('KV heads');
  });

  it('a malformed country code says the format expected and suggests the fix', () => {
    const [issue] = issuesOf(
      serving.replace('name: serving', 'name: serving\nsite: { country: us }'),
    );
    expect(issue).toMatchObject({
      code: 'invalid-value',
      path: ['site', 'country'],
      expected: 'an ISO 3166-1 alpha-2 code such as US',
      found: '"us"',
      hint: 'did you mean "US"?',
    });
  });
});

describe('parseScenario: framework profiles and expert tensor parallelism', () => {
  const scenario = (workload: string) => `name: t
cluster: { gpu: h100-sxm-80gb, gpus: 64 }
workloads:
  - name: run
    type: training
    model: mixtral-8x7b
    tokens: 1e12
    seqLen: 4096
    globalBatchSequences: 256
${workload}`;
  it('names an unknown framework with the closest ids', () => {
    const result = parseScenario(scenario('    framework: megatron-cor'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues[0]!;
    expect(issue.path).toEqual(['workloads', 0, 'framework']);
    expect(issue.line).toBe(10);
    expect(issue.hint).toContain('"megatron-core"');
  });
  it('accepts ep spanning tp ranks with etp 1 (MoE parallel folding)', () => {
    const result = parseScenario(
      scenario('    parallelism: { tp: 4, pp: 1, dp: 16, ep: 8, etp: 1 }'),
    );
    expect(result.ok).toBe(true);
  });
  it('rejects ep x etp that does not divide tp x cp x dp', () => {
    const result = parseScenario(
      scenario('    parallelism: { tp: 4, pp: 4, dp: 4, ep: 8, etp: 4 }'),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toBe('ep x etp must divide tp x cp x dp');
  });
});

describe('parseScenario: an inline accelerator (cluster.gpu as an object)', () => {
  const inline = (extra = '') => `name: t
cluster:
  gpu:
    id: acme-x1
    bf16Tflops: 1500
    fp8Tflops: 3000
    hbmGB: 192
    hbmTBps: 6
    scaleUpGBps: 600
    scaleUpDomain: 8
    nicGbps: 400
    tdpW: 900
    source: "ACME X1 datasheet rev. 2, Table 1"${extra}
  gpus: 64
workloads:
  - name: run
    type: training
    model: llama3.1-8b
    tokens: 1e12
    seqLen: 8192
    globalBatchSequences: 512
    precision: fp8
`;
  it('accepts the interface.md fields and plans on them, each figure citing the given source', () => {
    const result = parseScenario(inline());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const plan = planScenario(result.scenario, { monteCarlo: false });
    const t = plan.workloads[0]?.training;
    expect(t?.gpus).toBe(64);
    // 8B on 64 GPUs at a 3 PFLOP/s FP8 peak: the MFU stays a fraction of it.
    expect(t?.mfu).toBeGreaterThan(0.2);
    expect(t?.mfu).toBeLessThan(0.74);
    const gpu = resolveGpu(result.scenario.cluster.gpu);
    expect(gpu?.peakDenseTflops.source).toBe('ACME X1 datasheet rev. 2, Table 1');
    expect(gpu?.scaleUpDomainGpus.value).toBe(8);
  });
  it('uses the part’s own measured GEMM fraction when given', () => {
    const result = parseScenario(inline('\n    gemmFraction: 0.5\n    fp8GemmFraction: 0.5'));
    const slower = result.ok ? planScenario(result.scenario, { monteCarlo: false }) : undefined;
    const base = parseScenario(inline());
    const usual = base.ok ? planScenario(base.scenario, { monteCarlo: false }) : undefined;
    expect(slower?.workloads[0]?.training?.stepTimeS).toBeGreaterThan(
      usual?.workloads[0]?.training?.stepTimeS ?? Infinity,
    );
  });
  it('names an unknown key of the inline GPU instead of failing', () => {
    const result = parseScenario(inline('\n    gemFraction: 0.7'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.path).toEqual(['cluster', 'gpu', 'gemFraction']);
    expect(result.issues[0]?.hint).toContain('gemmFraction');
  });
  it('refuses a catalog id for an inline GPU and a zero GEMM fraction', () => {
    const taken = parseScenario(inline().replace('id: acme-x1', 'id: h100-sxm-80gb'));
    expect(taken.ok).toBe(false);
    if (!taken.ok) expect(taken.issues[0]?.path).toEqual(['cluster', 'gpu', 'id']);
    expect(parseScenario(inline('\n    gemmFraction: 0')).ok).toBe(false);
  });
  it('names a missing figure with its line and key path', () => {
    const result = parseScenario(inline().replace('    tdpW: 900\n', ''));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.path).toEqual(['cluster', 'gpu', 'tdpW']);
    expect(result.issues[0]?.line).toBe(4);
  });
});

describe('parseScenario: multi-head latent attention keys', () => {
  const mla = (extra: string) => `name: t
cluster: { gpu: h100-sxm-80gb, gpus: 64 }
workloads:
  - name: run
    type: training
    model:
      layers: 61
      hidden: 7168
      heads: 128
      vocab: 129280
      ffnType: swiglu
      ffnHidden: 18432
      attention: { type: mla, kvLoraRank: 512, qLoraRank: 1536, ropeHeadDim: 64 }
${extra}
    tokens: 1e12
    seqLen: 4096
    globalBatchSequences: 512
`;
  it('accepts MLA without headDim or kvHeads', () => {
    expect(parseScenario(mla('')).ok).toBe(true);
  });
  it('rejects headDim and grouped kvHeads, which MLA does not use', () => {
    const result = parseScenario(mla('      headDim: 128\n      kvHeads: 8'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('workloads.0.model.headDim');
    expect(paths).toContain('workloads.0.model.kvHeads');
  });
});

describe('parseScenario: the checks across keys, in file order', () => {
  it('derives dp from the GPUs for the etp check and lists every problem by line', () => {
    const result = parseScenario(`name: t
cluster: { gpu: h100-sxm-80gb, gpus: 256 }
workloads:
  - name: moe
    type: training
    model: deepseek-v3
    framework: nemo2
    tokens: 1e12
    seqLen: 4096
    globalBatchSequences: 1024
    parallelism: { tp: 2, pp: 8, ep: 64, etp: 3 }
`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path.join('.'))).toEqual([
      'workloads.0.framework',
      'workloads.0.parallelism.etp',
    ]);
    expect(result.issues[1]?.expected).toBe('ep x etp dividing 32');
  });
  it('a refinement says what it expects: no "expected ?"', () => {
    const result = parseScenario(`name: t
cluster: { gpu: h100-sxm-80gb, gpus: 8 }
workloads:
  - name: run
    type: training
    model: { layers: 2, hidden: 512, heads: 8, vocab: 1000, headDim: 64, attention: { type: mla, kvLoraRank: 64, ropeHeadDim: 16 } }
    tokens: 1e9
    seqLen: 1024
    globalBatchSequences: 8
`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatIssue(result.issues[0]!, 'f.yaml')).not.toContain('expected ?');
    expect(result.issues[0]?.hint).toContain('remove headDim');
  });
});

describe('site and price problems come out with the others', () => {
  it('an unknown region and an unknown price path are reported even when the cluster is invalid', () => {
    const r = parseScenario(`name: broken
site: { region: US-TZ }
cluster: { gpu: h100-sxm-80g, gpus: 64 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e11, seqLen: 4096, globalBatchSequences: 64 }
economics:
  utilization: 0
  prices: { facilityBuildUSdPerMW.III: 9e6 }
`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual([
      'site.region',
      'cluster.gpu',
      'economics.utilization',
      'economics.prices.facilityBuildUSdPerMW.III',
    ]);
  });
});

describe('parseScenario: what the schema alone lets through', () => {
  it('refuses a country the catalogs do not know, with the nearest codes', () => {
    const [issue] = issuesOf(`site:\n  country: XX\n${valid}`);
    expect(issue).toMatchObject({
      code: 'unknown-catalog-id',
      path: ['site', 'country'],
      found: '"XX"',
      line: 2,
    });
    expect(issue?.hint).toMatch(/^did you mean /);
    expect(parseScenario(`site:\n  country: NO\n${valid}`).ok).toBe(true);
  });

  it('refuses two workloads, or two candidate sites, of one name', () => {
    const twice = valid + valid.slice(valid.indexOf('  - name: pretrain'));
    const [issue] = issuesOf(twice);
    expect(issue).toMatchObject({
      code: 'inconsistent',
      path: ['workloads', 1, 'name'],
      message: 'a second workload named "pretrain"',
    });
    const sites = issuesOf(
      `sites:\n  - { name: north, country: NO }\n  - { name: north, country: SE }\n${valid}`,
    );
    expect(sites[0]).toMatchObject({ path: ['sites', 1, 'name'], line: 3 });
  });

  it('refuses a global batch smaller than one sequence', () => {
    const [issue] = issuesOf(valid.replace('globalBatchTokens: 4e6', 'globalBatchTokens: 1000'));
    expect(issue).toMatchObject({
      code: 'invalid-value',
      path: ['workloads', 0, 'globalBatchTokens'],
      expected: 'at least seqLen (8,192) tokens',
      found: '1000',
    });
  });

  it('says "an integer" and "a mapping", not "a int" or "a object"', () => {
    const gpus = issuesOf(valid.replace('gpus: 64', 'gpus: [64]'));
    expect(gpus[0]?.expected).toMatch(/^an integer|^a number/);
    const cluster = issuesOf(
      valid.replace(/cluster:\n {2}gpu: h100-sxm-80gb\n {2}gpus: 64/, 'cluster: 7'),
    );
    expect(cluster[0]?.expected).toBe('a mapping');
    expect(cluster.map((i) => i.expected).join(' ')).not.toMatch(/\ba (int|object|array)\b/);
  });

  it('says a file nested thousands deep is nested too deeply, not that a stack overflowed', () => {
    const [issue] = issuesOf(`name: x\ncluster: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(issue).toMatchObject({
      code: 'syntax',
      message: 'the file is nested too deeply to read',
      line: 2,
    });
    expect(JSON.stringify(issue)).not.toMatch(/call stack/);
  });
});

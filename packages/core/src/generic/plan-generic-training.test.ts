// Generic workloads through the scenario and the planner: presets and inline models, the
// recommender's memory wall, and what a wrong file is told.
import { describe, expect, it } from 'vitest';
import { planScenario } from '../plan.js';
import { formatIssue } from '../scenario/issues.js';
import { sweepRow } from '../sweep/grid.js';
import { parseScenario } from '../scenario/parse.js';

const scenario = (gpus: number, workload: string) => `
name: generic
cluster: { gpu: h100-sxm-80gb, gpus: ${gpus}, fabric: infiniband-ndr }
workloads:
${workload}`;

const plan = (text: string) => {
  const r = parseScenario(text);
  if (!r.ok) throw new Error(r.issues.map((i) => formatIssue(i, 'generic.yaml')).join('\n'));
  return planScenario(r.scenario, { monteCarlo: false });
};

const problems = (text: string) => {
  const r = parseScenario(text);
  return r.ok ? [] : r.issues.map((i) => formatIssue(i, 'generic.yaml'));
};

describe('generic training workloads', () => {
  it('DLRM-DCNv2 shards its 104.6 GB of fp32 tables and their Adagrad state over the GPUs', () => {
    const p = plan(
      scenario(
        16,
        `  - { name: dlrm, type: training, model: dlrm-dcnv2, samples: 4.2e9, globalBatchSamples: 65536 }`,
      ),
    );
    const g = p.workloads[0]?.genericTraining;
    expect(p.workloads[0]?.model.kind).toBe('generic');
    // 204.2M rows x 128 x 4 B = 104.57 GB, doubled by the accumulator, over 16 GPUs.
    expect(g?.memoryPerGpuGB.embeddings).toBeCloseTo((1.0457e11 * 2) / 16 / 1e9, 6);
    expect(g?.stepTimeBreakdownS.embeddingAllToAllS).toBeGreaterThan(0);
    expect(g?.parallelism).toEqual({ dp: 16, pp: 1, microBatch: 4096 });
  });

  it('on 2 GPUs the tables do not fit and the plan says how many GPUs they need', () => {
    const p = plan(
      scenario(
        2,
        `  - { name: dlrm, type: training, model: dlrm-dcnv2, samples: 4.2e9, globalBatchSamples: 65536 }`,
      ),
    );
    const w = p.workloads[0];
    expect(w?.genericTraining).toBeUndefined();
    expect(w?.infeasible?.reason).toContain('embedding shard 104.6 GB');
    // 209.1 GB of tables and state over the 74 GB a GPU has left: 3 GPUs.
    expect(w?.infeasible?.fix).toBe('shard the embedding tables over at least 3 GPUs');
    expect(p.feasible).toBe(false);
  });

  it('an inline network trains like a preset; its checkpoint is 14 bytes per parameter', () => {
    const p = plan(
      scenario(
        8,
        `  - name: vision
    type: training
    model: { kind: generic, name: my-cnn, forwardFlopsPerSample: 4e9, params: 50e6, activationBytesPerSample: 60e6, inputBytesPerSample: 1e5 }
    samples: 1.28e8
    globalBatchSamples: 2048`,
      ),
    );
    const g = p.workloads[0]?.genericTraining;
    expect(p.workloads[0]?.model).toEqual({
      name: 'my-cnn',
      params: 50e6,
      activeParams: 50e6,
      kind: 'generic',
    });
    expect(g?.steps).toBe(62_500);
    expect(g?.trainFlopsPerSample).toBe(12e9);
    expect(g?.reliability?.checkpointGB).toBeCloseTo(0.7, 9);
    expect(g?.energyMWh).toBeGreaterThan(0);
    // 256 samples a GPU x 60 MB = 15.36 GB of activations fit whole: one microbatch.
    expect(g?.microbatchesPerStep).toBe(1);
    // A sweep reports it in the training columns.
    expect(sweepRow(p)).toMatchObject({ layout: 'dp8 pp1 mb256', stepTimeS: g?.stepTimeS });
  });

  it('says what a generic workload needs, with the key path', () => {
    const out = problems(
      scenario(
        8,
        `  - { name: a, type: training, model: resnet5, samples: 1e6, globalBatchSamples: 256 }
  - { name: b, type: training, model: resnet50, samples: 1e6, globalBatchSample: 256 }
  - { name: c, type: training, model: resnet50, tokens: 1e9, seqLen: 2048, globalBatchTokens: 1e6 }
  - { name: d, type: training, model: llama3.1-8b, samples: 1e6, globalBatchSamples: 256 }
  - { name: e, type: training, model: { kind: generic, forwardFlopsPerSample: 0, params: 1, activationBytesPerSample: 1, inputBytesPerSample: 1 }, samples: 1e6, globalBatchSamples: 256 }
  - { name: f, type: training, model: resnet50, samples: 1e6, globalBatchSamples: 250, parallelism: { dp: 8 } }`,
      ),
    ).join('\n');
    expect(out).toContain('workloads[0].model: unknown generic model id');
    expect(out).toContain('did you mean "resnet50"?');
    expect(out).toContain('workloads[1].globalBatchSample: unknown key');
    expect(out).toContain('did you mean "globalBatchSamples"?');
    expect(out).toContain('workloads[2].model: resnet50 is a non-LLM network, planned by samples');
    expect(out).toContain('workloads[3].model: llama3.1-8b is a language model, planned by tokens');
    expect(out).toContain('workloads[4].model.forwardFlopsPerSample: out of range');
    expect(out).toContain('workloads[5].globalBatchSamples: the batch must split evenly over dp');
    expect(out).not.toMatch(/NaN|undefined|null/);
  });

  it('sizes the GPUs to a deadline: the fewest whole servers that make it with interruptions', () => {
    const job = (gpus: string) => `
name: deadline
cluster: { gpu: h100-sxm-80gb, fabric: infiniband-ndr }
workloads:
  - name: vit
    type: training
    model: vit-l16
    samples: 3.84e8 # 300 epochs of ImageNet
    globalBatchSamples: 4096
    ${gpus}`;
    const sized = plan(job('deadlineDays: 0.1'));
    const g = sized.workloads[0]?.genericTraining;
    expect(g).toBeDefined();
    if (!g) return;
    expect(g.days).toBeLessThanOrEqual(0.1);
    expect(g.gpus).toBeGreaterThan(8);
    expect(sized.warnings.map((w) => w.code)).toContain('deadline-sized');
    // The next smaller size the batch divides does not make it.
    const smaller = [...[1, 2, 3, 4, 6, 8, 9, 12, 16, 18, 24, 27, 32, 36, 48, 54, 64]]
      .map((s) => s * 8)
      .filter((n) => n < g.gpus && 4096 % n === 0)
      .pop();
    expect(smaller).toBeDefined();
    const fewer = plan(job(`gpus: ${smaller}\n    deadlineDays: 0.1`));
    expect(fewer.workloads[0]?.genericTraining?.days).toBeGreaterThan(0.1);
    expect(fewer.warnings.map((w) => w.code)).toContain('deadline-missed');
    // An impossible deadline: the fastest size, and an error saying so.
    const rushed = plan(job('deadlineDays: 0.001'));
    expect(rushed.warnings.find((w) => w.code === 'deadline-unreachable')?.severity).toBe('error');
  });
});

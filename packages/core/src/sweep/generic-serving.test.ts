// A sweep of a generic (non-LLM) serving scenario: its rows carry the serving figures (samples/s,
// per GPU, batch, latency, MFU, $ per million samples) as the plan's genericInference has them,
// and its streamed columns name them before any plan.
import { describe, expect, it } from 'vitest';
import { planScenario } from '../plan.js';
import { parseScenario } from '../scenario/parse.js';
import { sweepRow } from './grid.js';
import { parseVaries, prepareSweep, runSweep, sweepColumns } from './run-sweep.js';

// examples/resnet50-dlrm-serving.yaml (core reads no files): int8 ResNet-50 at 2M images/s under
// 15 ms p99 and fp8 DLRM-DCNv2 at 135M user-item pairs/s under 60 ms p99, on H100.
const TEXT = `
name: ResNet-50 and DLRM-DCNv2 serving on H100
site: { country: US }
cluster: { gpu: h100-sxm-80gb, fabric: infiniband-ndr }
workloads:
  - name: image-classifier
    type: inference
    model: resnet50
    precision: int8
    samplesPerSecond: 2000000
    slo: { latencyMs: 15, percentile: 99 }
    spareReplicas: 1
  - name: ad-ranking
    type: inference
    model: dlrm-dcnv2
    precision: fp8
    samplesPerSecond: 135000000
    slo: { latencyMs: 60, percentile: 99 }
    spareReplicas: 1
`;
const vary = (spec: string) => {
  const r = parseVaries([spec]);
  if (!r.ok || !r.varies[0]) throw new Error(spec);
  return r.varies[0];
};

describe('sweeping generic serving', () => {
  it("puts the first workload's serving figures in the row", () => {
    const parsed = parseScenario(TEXT);
    if (!parsed.ok) throw new Error('the example does not parse');
    const plan = planScenario(parsed.scenario, { monteCarlo: false });
    const g = plan.workloads[0]?.genericInference;
    // examples/expected/resnet50-dlrm-serving.plan.json: 26 one-GPU replicas at batch 512, and
    // the DLRM ranker's 7 and a spare.
    expect(sweepRow(plan)).toMatchObject({
      feasible: true,
      gpus: 34,
      layout: '1 GPU x 26 b512',
      samplesPerS: 2_000_000,
      samplesPerSPerGpu: g?.samplesPerSPerGpu,
      batchSize: 512,
      latencyMs: g?.latencyMs,
      mfu: g?.mfu,
      usdPerMillionSamples: g?.usdPerMillionSamples,
    });
    expect(sweepRow(plan)['latencyMs']).toBeCloseTo(11.2, 2);
    expect(sweepRow(plan)['usdPerMillionSamples']).toBeCloseTo(0.01337, 5);
    expect(sweepRow(plan)).not.toHaveProperty('outputTokensPerS');
  });

  it('a tighter SLO takes a smaller batch and more GPUs; a B200 fewer', () => {
    const varies = [
      vary('workloads[0].slo.latencyMs=15,4'),
      vary('cluster.gpu=h100-sxm-80gb,b200-sxm-180gb'),
    ];
    const r = runSweep(TEXT, varies);
    expect(r.failures).toBe(0);
    const pick = (row: Record<string, unknown>) => [
      row['layout'],
      row['batchSize'],
      Number(row['latencyMs']).toFixed(2),
      Math.round(Number(row['samplesPerSPerGpu'])),
    ];
    expect(r.rows.map(pick)).toEqual([
      ['1 GPU x 26 b512', 512, '11.20', 82_122],
      ['1 GPU x 11 b1536', 1536, '14.06', 204_806],
      ['1 GPU x 30 b128', 128, '2.99', 69_397],
      ['1 GPU x 12 b384', 384, '3.53', 192_455],
    ]);
    // Every row serves the load within its SLO.
    for (const row of r.rows) {
      expect(row['samplesPerS']).toBe(2_000_000);
      expect(Number(row['latencyMs'])).toBeLessThanOrEqual(
        Number(row['workloads[0].slo.latencyMs']),
      );
    }
    // The streamed columns hold the serving figures, not an LLM's tokens.
    const columns = sweepColumns(prepareSweep(TEXT, varies));
    expect(columns.slice(0, 11)).toEqual([
      'workloads[0].slo.latencyMs',
      'cluster.gpu',
      'feasible',
      'gpus',
      'layout',
      'samplesPerS',
      'samplesPerSPerGpu',
      'batchSize',
      'latencyMs',
      'mfu',
      'usdPerMillionSamples',
    ]);
    expect(columns).not.toContain('outputTokensPerS');
    for (const row of r.rows) for (const k of Object.keys(row)) expect(columns).toContain(k);
  });

  it('a --vary of the model to a language model adds the token columns', () => {
    const columns = sweepColumns(
      prepareSweep(TEXT, [vary('workloads[0].model=resnet50,llama3.1-8b')]),
    );
    expect(columns).toEqual(expect.arrayContaining(['samplesPerS', 'outputTokensPerS']));
  });
});

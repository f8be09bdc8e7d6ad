// The ResNet-50 + DLRM-DCNv2 serving example: it plans cleanly, each service on the GPUs its load
// and p99 target need plus its spare, in the terminal and the HTML report.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, planScenario } from '@aidc/core';
import { formatPlan } from './format.js';
import { renderHtmlReport } from './report/html-report.js';

const text = readFileSync(
  new URL('../../../examples/resnet50-dlrm-serving.yaml', import.meta.url),
  'utf8',
);

describe('examples/resnet50-dlrm-serving.yaml', () => {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const plan = planScenario(parsed.scenario, { monteCarlo: false });
  const [images, ranking] = plan.workloads;
  const r = images?.genericInference;
  const d = ranking?.genericInference;

  it('plans both services with no error, sized to their loads plus a spare each', () => {
    expect(plan.feasible).toBe(true);
    expect(plan.warnings.filter((w) => w.severity === 'error')).toEqual([]);
    if (!r || !d) throw new Error('no generic inference plan');
    // 2,000,000 images/s over the per-GPU rate at the chosen batch, rounded up, plus the spare.
    expect(r.replicasForLoad).toBe(Math.ceil(2_000_000 / r.samplesPerSPerGpu));
    expect(r.gpus).toBe(r.replicasForLoad + 1);
    expect(d.gpus).toBe(Math.ceil(135_000_000 / d.samplesPerSPerGpu) + 1);
    expect(plan.cluster.gpus).toBe(r.gpus + d.gpus);
    // Each meets its p99 target: (1 + 0.99) x the batch time.
    expect(r.latencyMs).toBeCloseTo(1.99 * r.serviceTimeMs, 9);
    expect(r.latencyMs).toBeLessThanOrEqual(15);
    expect(d.latencyMs).toBeLessThanOrEqual(60);
  });

  it('prices a million samples from the GPU-hour cost', () => {
    if (!r || r.usdPerMillionSamples === undefined) throw new Error('no cost');
    const usdPerGpuHour = plan.cost?.usdPerGpuHour ?? 0;
    // GPUs x $/GPU-hour over the samples an hour, per million.
    expect(r.usdPerMillionSamples).toBeCloseTo(
      ((r.gpus * usdPerGpuHour) / (2_000_000 * 3600)) * 1e6,
      9,
    );
  });

  it('the terminal and the HTML report show each service, its batch and its latency', () => {
    const out = formatPlan(plan);
    expect(out).toContain('Inference "image-classifier" (cnn, online)');
    expect(out).toContain('latency (p99)');
    expect(out).toContain('embedding gathers');
    // DLRM's cost a million pairs is five thousandths of a cent: printed, not rounded to $0.00.
    const dlrm = plan.workloads.find((w) => w.name === 'ad-ranking')?.genericInference;
    const cents = dlrm?.usdPerMillionSamples ?? 0;
    expect(cents).toBeGreaterThan(0);
    expect(cents).toBeLessThan(0.001);
    expect(out).toContain(`$${cents.toPrecision(2)} and `);
    expect(out).not.toMatch(/\$0\.00 and 0\.000 kWh/);
    const html = renderHtmlReport(plan);
    expect(html).toContain('ad-ranking (inference, recommender,');
    expect(html).toContain('embedding tables');
    expect(html).not.toMatch(/NaN|undefined/);
  });
});

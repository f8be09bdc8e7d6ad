// The ResNet-50 + DLRM-DCNv2 example: it plans cleanly, each job on its 64 GPUs, with the
// figures its presets' sources give (ImageNet epochs, the MLPerf DLRM tables).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, planScenario } from '@aidc/core';
import { formatPlan } from './format.js';
import { renderHtmlReport } from './report/html-report.js';

const text = readFileSync(
  new URL('../../../examples/resnet50-dlrm-training.yaml', import.meta.url),
  'utf8',
);

describe('examples/resnet50-dlrm-training.yaml', () => {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const plan = planScenario(parsed.scenario);
  const [resnet, dlrm] = plan.workloads;

  it('plans both jobs on the 128 GPUs with no error', () => {
    expect(plan.feasible).toBe(true);
    expect(plan.warnings.filter((w) => w.severity === 'error')).toEqual([]);
    expect(resnet?.genericTraining?.gpus).toBe(64);
    expect(dlrm?.genericTraining?.gpus).toBe(64);
    expect(plan.cluster.gpus).toBe(128);
  });

  it('ResNet-50: 90 epochs in 14,076 steps of 8,192, activations of 128 images per GPU', () => {
    const g = resnet?.genericTraining;
    expect(g?.steps).toBe(Math.ceil((90 * 1_281_167) / 8192));
    // 128 images x 75.1 MB of stored tensors (He et al. 2016 Table 1 at v1.5 strides).
    expect(g?.memoryPerGpuGB.activations).toBeCloseTo(128 * 0.0751, 6);
    expect(g?.bound).toBe('memory-bandwidth');
    // Below a tenth of ImageNet's 107.7 KB JPEGs x 5.7k images/s per GPU: ~0.6 GB/s of reads.
    expect(g?.inputGBpsPerGpu).toBeGreaterThan(0.4);
    expect(g?.inputGBpsPerGpu).toBeLessThan(0.8);
  });

  it('DLRM-DCNv2: the tables sharded 64 ways, a 209 GB checkpoint', () => {
    const g = dlrm?.genericTraining;
    // 104.57 GB of fp32 rows and an Adagrad accumulator of the same size, over 64 GPUs.
    expect(g?.memoryPerGpuGB.embeddings).toBeCloseTo((2 * 1.0457e11) / 64 / 1e9, 6);
    // Dense state (16M x 14 B) plus tables and accumulator.
    expect(g?.reliability?.checkpointGB).toBeCloseTo((16e6 * 14 + 2 * 1.0457e11) / 1e9, 6);
    expect(g?.stepTimeBreakdownS.embeddingS).toBeGreaterThan(0);
    expect(g?.stepTimeBreakdownS.embeddingAllToAllS).toBeGreaterThan(0);
  });

  it('the terminal and the HTML report show each job, its step by part and its memory', () => {
    const text = formatPlan(plan);
    expect(text).toContain('Training "resnet50-imagenet" (cnn): 64 GPUs');
    expect(text).toContain('embedding all-to-all');
    const html = renderHtmlReport(plan);
    expect(html).toContain('dlrm-criteo (training, recommender, 64 GPUs)');
    expect(html).toContain('embedding lookups and updates');
    expect(html).toContain('embedding shard');
    expect(html).not.toMatch(/NaN|undefined/);
  });
});

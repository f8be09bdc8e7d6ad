import { describe, expect, it } from 'vitest';
import { planScenario } from '../plan.js';
import { parseScenario } from '../scenario/parse.js';
import { GPUS, findGpu, peakFlops } from './gpus.js';
import { isPlannable, serverForGpu } from './servers.js';

/** The catalog GPU ids interface.md §4 adds. */
const NEW_GPUS = [
  'b300-sxm-288gb',
  'gb300-nvl72',
  'h20-96gb',
  'l40s',
  'rtx-pro-6000',
  'mi325x',
  'mi355x',
  'ascend-910b',
  'ascend-910c',
  'tpu-v5e',
  'tpu-v6e',
] as const;

const plan = (gpu: string, workload: string) => {
  const parsed = parseScenario(`name: ${gpu}\ncluster:\n  gpu: ${gpu}\nworkloads:\n${workload}`);
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  return planScenario(parsed.scenario, { monteCarlo: false });
};

/** Llama 3.1 8B on 10B tokens on 64 accelerators. */
const pretrain8b = `  - name: pretrain
    type: training
    model: llama3.1-8b
    tokens: 1.0e10
    seqLen: 4096
    globalBatchTokens: 1048576
    gpus: 64
`;

/** A small Llama 3.1 8B chat service. */
const chat8b = `  - name: chat
    type: inference
    model: llama3.1-8b
    inputTokens: 512
    outputTokens: 128
    requestsPerSecond: 2
`;

describe('GPU catalog', () => {
  it('lists every interface GPU id once', () => {
    const ids = GPUS.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of NEW_GPUS) expect(ids).toContain(id);
  });

  it.each(GPUS.map((g) => [g.id]))('%s has peaks, memory, power and its usual server', (id) => {
    const gpu = findGpu(id);
    if (!gpu) throw new Error(`no ${id}`);
    const half = peakFlops(gpu, 'bf16') ?? peakFlops(gpu, 'fp16');
    expect(half).toBeGreaterThan(0);
    // Dense peaks only: lower precisions are never slower than the 16-bit path.
    for (const p of ['fp8', 'int8', 'fp4'] as const) {
      const peak = peakFlops(gpu, p);
      if (peak !== undefined) expect(peak).toBeGreaterThanOrEqual(half ?? Infinity);
    }
    expect(gpu.hbmGB.value).toBeGreaterThan(0);
    expect(gpu.hbmTBps.value).toBeGreaterThan(0);
    expect(gpu.scaleUpGBps.value).toBeGreaterThan(0);
    expect(gpu.scaleUpDomainGpus.value).toBeGreaterThan(0);
    if (gpu.tdpW.value === null) expect(gpu.tdpW.source).toMatch(/^Not published/);
    else expect(gpu.tdpW.value).toBeGreaterThan(0);
    const server = serverForGpu(gpu.id, gpu.usualServer?.value);
    expect(server?.gpu).toBe(gpu.id);
    if ((NEW_GPUS as readonly string[]).includes(id)) {
      expect(server?.id).toBe(gpu.usualServer?.value);
      expect(server?.gpusPerServer.value).toBeGreaterThanOrEqual(gpu.gpusPerServer.value);
    }
  });

  it.each(NEW_GPUS.map((id) => [id]))('%s: every figure names its source', (id) => {
    const gpu = findGpu(id);
    const server = serverForGpu(id, gpu?.usualServer?.value);
    const entries = [gpu, server].flatMap((e) =>
      Object.values(e ?? {}).filter(
        (v): v is { value: unknown; source: string } =>
          typeof v === 'object' && v !== null && 'source' in v,
      ),
    );
    expect(entries.length).toBeGreaterThan(15);
    for (const e of entries) {
      expect(e.source.length).toBeGreaterThan(10);
      expect(e.source).not.toMatch(/recalled|this session|corpus/i);
    }
  });
});

describe('every new GPU plans end to end', () => {
  it.each(NEW_GPUS.map((id) => [id]))('%s: 8B pre-training and an 8B chat service', (id) => {
    const training = plan(id, pretrain8b);
    const t = training.workloads[0]?.training;
    expect(training.workloads[0]?.infeasible).toBeUndefined();
    expect(t?.gpus).toBe(64);
    expect(t?.days).toBeGreaterThan(0);
    expect(Number.isFinite(t?.days)).toBe(true);
    expect(t?.tokensPerS).toBeGreaterThan(0);
    expect(t?.mfu).toBeGreaterThan(0.05);
    expect(t?.mfu).toBeLessThan(0.9);

    const serving = plan(id, chat8b);
    const s = serving.workloads[0]?.inference;
    expect(serving.workloads[0]?.infeasible).toBeUndefined();
    expect(s?.gpus).toBeGreaterThan(0);

    // A platform with published power and height gets the building and the money; TPU hosts
    // (no published power) get the compute plan only, with the reason in the warnings.
    const gpu = findGpu(id);
    const server = serverForGpu(id, gpu?.usualServer?.value);
    if (server && isPlannable(server)) {
      expect(training.facility).toBeDefined();
      expect(training.cost?.capexUsd.total).toBeGreaterThan(0);
    } else {
      expect(training.facility).toBeUndefined();
      expect(training.warnings.map((w) => w.message).join(' ')).toMatch(/no published power/);
    }
  });
});

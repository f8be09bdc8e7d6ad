import { describe, expect, it } from 'vitest';
import { KEY_FIGURE_KEYS, keyFigureKeys, keyFigures } from './key-figures.js';
import { planScenario } from './plan.js';
import { ScenarioSchema } from './scenario/schema.js';
import { parseVary, sweepRow } from './sweep/grid.js';
import { prepareSweep, sweepColumns } from './sweep/run-sweep.js';

const scenario = (workloads: Record<string, unknown>[]) =>
  ScenarioSchema.parse({
    name: 'figures',
    cluster: { gpu: 'h100-sxm-80gb', fabric: 'infiniband-ndr' },
    site: { country: 'US' },
    workloads,
  });
const pretrain = {
  name: 'pretrain-8b',
  type: 'training',
  model: 'llama3.1-8b',
  tokens: 1e12,
  seqLen: 8192,
  globalBatchTokens: 4e6,
  gpus: 256,
};
const classifier = {
  name: 'classifier',
  type: 'inference',
  model: 'resnet50',
  precision: 'int8',
  samplesPerSecond: 20_000,
  slo: { latencyMs: 15 },
};
const vary = (spec: string) => {
  const v = parseVary(spec);
  if (!v.ok) throw new Error(v.message);
  return v.vary;
};
const byKey = (p: ReturnType<typeof planScenario>) =>
  Object.fromEntries(keyFigures(p).map((f) => [f.key, f]));

describe('the key figures of a plan', () => {
  const plan = planScenario(scenario([pretrain, classifier]), { monteCarlo: false });
  const figures = byKey(plan);
  const run = plan.workloads[0]!.training!;
  const served = plan.workloads[1]!.genericInference!;

  it('are read from the plan as core computed it: the run, the service, power, money, carbon', () => {
    expect(figures['gpus']!.value).toBe(plan.cluster.gpus);
    expect(figures['servers']!.value).toBe(plan.cluster.servers);
    expect(figures['trainingDays']!.value).toBe(run.days);
    expect(figures['goodput']!.value).toBe(run.reliability!.goodput);
    expect(figures['runCostUsd']!.value).toBe(run.costUsd);
    expect(figures['samplesPerS']!.value).toBe(served.samplesPerS);
    expect(figures['usdPerMillionSamples']!.value).toBe(served.usdPerMillionSamples);
    expect(figures['outputTokensPerS']!.value).toBeUndefined();
    expect(figures['pue']!.value).toBe(plan.facility!.pue);
    expect(figures['tcoUsd']!.value).toBe(plan.cost!.tcoUsd);
    expect(figures['tCO2ePerYear']!.value).toBe(plan.carbon!.marketTCO2ePerYear);
    expect(figures['locationTCO2ePerYear']!.value).toBe(plan.carbon!.operationalTCO2ePerYear);
    // No investment case asked for: its figures are absent, not zero.
    expect(figures['firmIrr']!.value).toBeUndefined();
  });

  it('come in one fixed order, each key once, fractions as fractions', () => {
    expect(keyFigures(plan).map((f) => f.key)).toEqual(KEY_FIGURE_KEYS);
    expect(new Set(KEY_FIGURE_KEYS).size).toBe(KEY_FIGURE_KEYS.length);
    expect(figures['mfu']!.unit).toBe('fraction');
    expect(figures['mfu']!.value).toBeGreaterThan(0.2);
    expect(figures['mfu']!.value).toBeLessThan(0.7);
  });

  it("are the plan's columns of a sweep and the cells of its rows", () => {
    const text = JSON.stringify({ ...scenario([pretrain]), name: 'sweep' });
    const columns = sweepColumns(prepareSweep(text, [vary('cluster.gpu=h100-sxm-80gb')]));
    for (const key of keyFigureKeys('plan')) expect(columns).toContain(key);
    const row = sweepRow(plan);
    for (const f of keyFigures(plan))
      if (f.scope === 'plan' && f.value !== undefined) expect(row[f.key]).toBe(f.value);
  });
});

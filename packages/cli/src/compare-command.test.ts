import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario, planScenario } from '@aidc/core';
import { comparePlans, keyFigures } from './compare-command.js';

const plan = (name: string) => {
  const file = fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url));
  const parsed = parseScenario(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  return planScenario(parsed.scenario, { monteCarlo: false });
};

describe('compare: the key figures as a table shows them', () => {
  const serving = plan('resnet50-dlrm-serving.yaml');

  it("shows a generic service's samples/s and its price per million samples", () => {
    const figures = Object.fromEntries(keyFigures(serving).map((f) => [f.key, f]));
    const served = serving.workloads[0]!.genericInference!;
    expect(figures['samplesPerS']!.value).toBe(served.samplesPerS);
    // A fraction of a cent per million samples keeps two significant digits, never "$0.00".
    const price = served.usdPerMillionSamples!;
    expect(price).toBeLessThan(0.1);
    expect(figures['usdPerMillionSamples']!.text).toBe(`$${price.toPrecision(2)}`);
    expect(figures['pue']!.text).toBe(serving.facility!.pue.toFixed(2));
  });

  it('drops a row no plan has and keeps one any plan has', () => {
    const training = plan('llama3.1-8b-small.yaml');
    const rows = comparePlans([
      { file: 'a', plan: training },
      { file: 'b', plan: serving },
    ]).rows.map((r) => r.key);
    expect(rows).toContain('trainingDays');
    expect(rows).toContain('samplesPerS');
    expect(rows).not.toContain('outputTokensPerS');
  });
});

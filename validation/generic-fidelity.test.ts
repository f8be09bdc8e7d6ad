// Keeps the generic-network planner's accuracy on MLPerf Training results from regressing: each
// case's |error| may not grow by more than 2 points over validation/generic/baseline.json
// (REGEN=1 rewrites it after an intended change; say why in the commit). The target,
// median <= 15% and worst <= 30%, is printed with the result, not enforced.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSummary, summarise } from './fidelity-lib.js';
import {
  GENERIC_DIR,
  genericComparisons,
  loadGenericCases,
  predictGenericCase,
} from './generic-fidelity-lib.js';

const BASELINE = join(GENERIC_DIR, 'baseline.json');
const rows = genericComparisons();
const recorded = Object.fromEntries(rows.map((r) => [r.id, Number(Math.abs(r.error).toFixed(4))]));
if (process.env['REGEN'] === '1' || !existsSync(BASELINE))
  writeFileSync(BASELINE, JSON.stringify(recorded, null, 2) + '\n');
const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as Record<string, number>;

describe('generic networks against MLPerf Training times to train', () => {
  it('plans every case: ResNet-50, BERT-large and DLRM-DCNv2 on 64 and 128 H100', () => {
    const ids = loadGenericCases().map((c) => c.id);
    expect(ids).toEqual(rows.map((r) => r.id));
    expect(ids.length).toBeGreaterThanOrEqual(4);
    for (const r of rows) expect(Number.isFinite(r.predicted) && r.predicted > 0, r.id).toBe(true);
  });

  it.each(rows.map((r) => [r.id, r] as const))('%s does not regress', (id, r) => {
    const before = baseline[id];
    expect(before, `${id} missing from baseline.json (REGEN=1)`).toBeDefined();
    expect(Math.abs(r.error)).toBeLessThanOrEqual((before ?? 0) + 0.02);
  });

  it('evaluation passes are a small part of each run (their forward passes only)', () => {
    for (const c of loadGenericCases()) {
      const p = predictGenericCase(c);
      expect(p.evaluationS, c.id).toBeGreaterThan(0);
      expect(p.evaluationS / p.totalS, c.id).toBeLessThan(0.15);
    }
  });

  it('reports the family against the 15%/30% target', () => {
    const [s] = summarise(rows, (r) => r.family);
    expect(s).toBeDefined();
    if (!s) return;
    const met = s.medianAbsError <= 0.15 && s.worstAbsError <= 0.3;
    process.stdout.write(`${formatSummary(s)}; 15%/30% target ${met ? 'met' : 'not met'}\n`);
    expect(s.cases).toBe(rows.length);
  });
});

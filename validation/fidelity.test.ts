// Keeps aidc's accuracy on published runs from regressing. Each figure's |error| may not grow by
// more than 2 points over validation/training/baseline.json (REGEN=1 rewrites the baseline after
// an intended change; say why in the commit).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCases, median, runCase, TRAINING_DIR, type Comparison } from './fidelity-lib.js';

const BASELINE = join(TRAINING_DIR, 'baseline.json');

const rows: Comparison[] = loadCases().flatMap((c) => runCase(c));
const key = (r: Comparison) => `${r.id}:${r.metric}`;

if (process.env['REGEN'] === '1' || !existsSync(BASELINE)) {
  const baseline = Object.fromEntries(
    rows.map((r) => [key(r), Number(Math.abs(r.error).toFixed(4))]),
  );
  writeFileSync(BASELINE, JSON.stringify(baseline, null, 2) + '\n');
}
const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as Record<string, number>;

describe('fidelity against published training runs', () => {
  const throughput = rows.filter((r) => r.kind === 'throughput');

  it('throughput figures: median |error| <= 10%, none worse than 25%', () => {
    expect(median(throughput.map((r) => Math.abs(r.error)))).toBeLessThanOrEqual(0.1);
    for (const r of throughput) expect(Math.abs(r.error), key(r)).toBeLessThanOrEqual(0.25);
  });

  it.each(rows.map((r) => [key(r), r] as const))('%s does not regress', (k, r) => {
    const before = baseline[k];
    expect(before, `${k} missing from baseline.json (REGEN=1)`).toBeDefined();
    expect(Math.abs(r.error)).toBeLessThanOrEqual((before ?? 0) + 0.02);
  });
});

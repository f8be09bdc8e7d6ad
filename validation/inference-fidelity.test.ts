// Keeps aidc's serving predictions on published benchmarks within issue 3's targets (median
// |error| <= 15%, none worse than 35%, on the original families) and from regressing: each
// figure's |error| may not grow by more than 2 points over validation/inference/baseline.json, and
// a figure the planner expressed may not become inexpressible. The newer families
// (published-runs-2026-12.json) are guarded against regression and printed with the 10%/25%
// target, which does not hold them yet.
// REGEN=1 rewrites the whole baseline; REGEN=new only records figures missing from it (or null:
// not expressible when recorded), leaving every existing value as it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSummary, isExpressed, median, summarise } from './fidelity-lib.js';
import { INFERENCE_DIR, inferenceRows, type InferenceRow } from './inference-fidelity-lib.js';

/** Families held to issue 3's targets, and how many figures each has. */
const ISSUE3_FAMILIES: Record<string, number> = {
  'trtllm-llama318b-h100-tp1-fp8': 10,
  'trtllm-llama3370b-h100-tp2-fp8': 10,
  'trtllm-llama3370b-b200-tp1-fp4': 10,
  'mlperf-inf-v4.1-llama2-70b': 2,
};
/** Families from published-runs-2026-12.json: reported, not yet held to a target. */
const NEWER_FAMILIES: Record<string, number> = {
  'trtllm-2026': 65,
  'trtllm-v0.17': 54,
  'dsr1-serving': 1,
};
const TARGET = { median: 0.1, worst: 0.25 };

const BASELINE = join(INFERENCE_DIR, 'baseline.json');
type Baseline = Record<string, number | null>;
const rows: InferenceRow[] = inferenceRows();
const recorded = (r: InferenceRow) =>
  isExpressed(r) ? Number(Math.abs(r.error).toFixed(4)) : null;

const regen = process.env['REGEN'];
if (regen === '1' || !existsSync(BASELINE)) {
  writeFileSync(
    BASELINE,
    JSON.stringify(Object.fromEntries(rows.map((r) => [r.id, recorded(r)])), null, 2) + '\n',
  );
} else if (regen === 'new') {
  const before = JSON.parse(readFileSync(BASELINE, 'utf8')) as Baseline;
  const after: Baseline = { ...before };
  for (const r of rows)
    if (after[r.id] === undefined || after[r.id] === null) after[r.id] = recorded(r);
  writeFileSync(BASELINE, JSON.stringify(after, null, 2) + '\n');
}
const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as Baseline;
const issue3 = rows.filter((r) => r.family in ISSUE3_FAMILIES);

describe('fidelity against published serving benchmarks', () => {
  it('covers MLPerf llama2-70b and every TensorRT-LLM table point', () => {
    for (const [family, figures] of Object.entries({ ...ISSUE3_FAMILIES, ...NEWER_FAMILIES })) {
      expect(rows.filter((r) => r.family === family).length, family).toBe(figures);
    }
    expect(rows.length).toBe(32 + 120);
    for (const r of issue3) expect(r.notExpressible, r.id).toBeUndefined();
  });

  it('median |error| <= 15%, none worse than 35% (issue 3 families)', () => {
    expect(median(issue3.map((r) => Math.abs(r.error)))).toBeLessThanOrEqual(0.15);
    for (const r of issue3) expect(Math.abs(r.error), r.id).toBeLessThanOrEqual(0.35);
  });

  it.each(rows.map((r) => [r.id, r] as const))('%s does not regress', (id, r) => {
    const before = baseline[id];
    expect(before, `${id} missing from baseline.json (REGEN=new)`).not.toBeUndefined();
    if (before === null || before === undefined) {
      expect(
        r.notExpressible,
        `${id} is expressible now: REGEN=new records its error`,
      ).toBeDefined();
      return;
    }
    expect(r.notExpressible, `${id} was expressed at ${before}`).toBeUndefined();
    expect(Math.abs(r.error)).toBeLessThanOrEqual(before + 0.02);
  });

  it('reports the newer families against the 10%/25% target (not enforced yet)', () => {
    const newer = rows.filter((r) => r.family in NEWER_FAMILIES);
    const lines: string[] = [];
    for (const s of summarise(newer, (r) => r.family)) {
      const met = s.medianAbsError <= TARGET.median && s.worstAbsError <= TARGET.worst;
      lines.push(`${formatSummary(s)}; 10%/25% target ${met ? 'met' : 'not met'}`);
      for (const r of newer.filter((r) => r.family === s.kind && !isExpressed(r)))
        lines.push(`  ${r.id}: not expressible: ${r.notExpressible}`);
    }
    // Tests may not use console (scripts/fail-on-console.ts); the report goes to stdout.
    process.stdout.write(`Newer serving families:\n${lines.join('\n')}\n`);
    expect(lines.length).toBeGreaterThanOrEqual(Object.keys(NEWER_FAMILIES).length);
  });
});

// The China site-selection example (examples/china-site-comparison.yaml) plans without an error,
// each candidate province costed at its own catalog price (regions.json): a grid agency-purchase
// table where one is entered, else the published data-centre price.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRegion, parseScenario, planScenario } from '@aidc/core';

const file = join(import.meta.dirname, '..', '..', '..', 'examples', 'china-site-comparison.yaml');

describe('the china-site-comparison example', () => {
  const parsed = parseScenario(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const p = planScenario(parsed.scenario, { monteCarlo: false });

  it('plans without an error', () => {
    expect(p.warnings.filter((w) => w.severity === 'error')).toHaveLength(0);
    expect(p.sites!.rows).toHaveLength(5);
  });

  it('costs each candidate at its province’s own price', () => {
    for (const row of p.sites!.rows) {
      const site = parsed.scenario.sites!.find((s) => s.name === row.name)!;
      const price = findRegion(site.region!)!.electricityUsdPerKWh;
      expect(price, row.name).toBeDefined();
      expect(row.electricityUsdPerKWh, row.name).toBeCloseTo(price!.value, 6);
    }
  });
});

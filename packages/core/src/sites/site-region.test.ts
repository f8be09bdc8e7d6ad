// A site below the country: its grid, electricity price and construction market.
import { describe, expect, it } from 'vitest';
import { BUILD_COST_REFERENCE, buildCostPerW } from '../catalog/build-cost.js';
import { findRegion } from '../catalog/regions.js';
import { planScenario } from '../plan.js';
import { parseScenario } from '../scenario/parse.js';

const scenario = (site: string) => `name: region
site: ${site}
cluster: { gpu: h100-sxm-80gb, gpus: 1024 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e12, seqLen: 8192, globalBatchTokens: 4e6 }
`;

function plan(site: string) {
  const parsed = parseScenario(scenario(site));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return planScenario(parsed.scenario, { monteCarlo: false });
}

describe('site.region', () => {
  it("Texas: the state's industrial price and eGRID rate, not the US averages", () => {
    const tx = findRegion('US-TX')!;
    const p = plan('{ region: US-TX }');
    expect(p.cost!.inputs.electricityUsdPerKWh).toBe(tx.electricityUsdPerKWh!.value);
    expect(p.carbon!.gridGCO2PerKWh).toBe(tx.gridGCO2PerKWh!.value);
  });

  it("Tokyo builds at its market's $/W relative to the US average the facility price stands for", () => {
    const us = plan('{ country: US }');
    const tokyo = plan('{ region: JP-13 }');
    const ratio = buildCostPerW('JP-13')!.value / BUILD_COST_REFERENCE.value;
    expect(ratio).toBeGreaterThan(1);
    expect(tokyo.cost!.inputs.facilityUsdPerMW / us.cost!.inputs.facilityUsdPerMW).toBeCloseTo(
      ratio,
      9,
    );
  });

  it('the facility block and the money show one build cost: Tokyo at its market, item by item', () => {
    const us = plan('{ country: US }');
    const tokyo = plan('{ region: JP-13 }');
    const ratio = buildCostPerW('JP-13')!.value / BUILD_COST_REFERENCE.value;
    const f = tokyo.facility!.capexUsd;
    expect(f.marketRatio).toBeCloseTo(ratio, 12);
    expect(f.total).toBeCloseTo(tokyo.cost!.capexUsd.facility, 0);
    expect(f.total).toBeCloseTo(f.referenceTotal * ratio, 0);
    expect(f.referenceTotal).toBeCloseTo(us.facility!.capexUsd.total, 0);
    expect(f.items.reduce((s, i) => s + i.usd, 0)).toBeCloseTo(f.total, 0);
    expect(f.market).toMatch(/^Tokyo.*: x\d\.\d\d the United States/);
    expect(us.facility!.capexUsd.marketRatio).toBe(1);
  });

  it('an unknown region or one outside the country is an error with a hint', () => {
    const bad = parseScenario(scenario('{ region: US-TZ }'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.issues[0]?.path).toEqual(['site', 'region']);
      expect(bad.issues[0]?.hint).toMatch(/US-TX/);
    }
    const clash = parseScenario(scenario('{ country: DE, region: US-VA }'));
    expect(clash.ok).toBe(false);
    if (!clash.ok) expect(clash.issues[0]?.message).toMatch(/not in DE/);
  });
});

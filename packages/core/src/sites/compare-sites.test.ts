import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.js';
import { planScenario } from '../plan.js';

const text = (weights: string) => `name: sites
site: { country: US }
cluster: { gpu: h100-sxm-80gb, gpus: 1024 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e12, seqLen: 8192, globalBatchTokens: 4e6 }
economics: { gpuRentalUsdPerHour: 2.35 }
sites:
  - { name: coal-and-cheap, country: US, electricityUsdPerKWh: 0.05, gridGCO2PerKWh: 900 }
  - { name: hydro-and-dear, country: NO, electricityUsdPerKWh: 0.15, gridGCO2PerKWh: 20 }
  - { name: capped, country: US, powerCapMW: 0.5 }
siteWeights: ${weights}
`;

function sites(weights: string) {
  const parsed = parseScenario(text(weights));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const plan = planScenario(parsed.scenario);
  if (!plan.sites) throw new Error('no site comparison');
  return plan.sites.rows;
}

describe('site comparison', () => {
  it('each site is costed at its own price, grid and PUE', () => {
    const rows = sites('{ tco: 1, carbon: 0, pue: 0, power: 0 }');
    const cheap = rows.find((r) => r.name === 'coal-and-cheap')!;
    const dear = rows.find((r) => r.name === 'hydro-and-dear')!;
    expect(cheap.electricityUsdPerKWh).toBe(0.05);
    expect(cheap.tcoUsd).toBeLessThan(dear.tcoUsd);
    expect(dear.gridGCO2PerKWh).toBe(20);
    expect(dear.pue).toBeLessThan(cheap.pue); // cold climate
    expect(rows.find((r) => r.name === 'capped')!.powerAvailable).toBe(false);
  });

  it('the weights decide the ranking: cost alone vs carbon alone', () => {
    const byCost = sites('{ tco: 1, carbon: 0, pue: 0, power: 0 }');
    expect(byCost.find((r) => r.rank === 1)?.name).toBe('coal-and-cheap');
    const byCarbon = sites('{ tco: 0, carbon: 1, pue: 0, power: 0 }');
    expect(byCarbon.find((r) => r.rank === 1)?.name).toBe('hydro-and-dear');
  });

  it('scores relative gaps: a 0.3% cost edge does not outweigh twelve times the carbon', () => {
    const parsed = parseScenario(`name: near-tie
cluster: { gpu: h100-sxm-80gb, gpus: 1024 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e12, seqLen: 8192, globalBatchTokens: 4e6 }
sites:
  - { name: cheap-coal, country: US, pue: 1.2, electricityUsdPerKWh: 0.080, gridGCO2PerKWh: 400 }
  - { name: hydro, country: US, pue: 1.2, electricityUsdPerKWh: 0.083, gridGCO2PerKWh: 33 }
`);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const cmp = planScenario(parsed.scenario).sites!;
    const coal = cmp.rows.find((r) => r.name === 'cheap-coal')!;
    const hydro = cmp.rows.find((r) => r.name === 'hydro')!;
    const tcoGap = (hydro.tcoUsd - coal.tcoUsd) / hydro.tcoUsd;
    expect(tcoGap).toBeGreaterThan(0);
    expect(tcoGap).toBeLessThan(0.01);
    // Default weights tco 0.5, carbon 0.3, pue 0.1, power 0.1 (sum 1).
    expect(hydro.score).toBeCloseTo(0.5 * tcoGap, 9);
    expect(coal.score).toBeCloseTo(0.3 * ((400 - 33) / 400), 9);
    expect(hydro.rank).toBe(1);
    expect(cmp.scoreMeaning).toMatch(/gap to the best/);
  });

  it("a candidate above its country's PUE limit is flagged: Singapore's 1.3 against a 1.35 air hall", () => {
    const parsed = parseScenario(`name: pue limits
cluster: { gpu: h100-sxm-80gb, gpus: 1024 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e12, seqLen: 8192, globalBatchTokens: 4e6 }
sites:
  - { name: Singapore, country: SG }
  - { name: Singapore liquid, country: SG, pue: 1.2 }
  - { name: Virginia, region: US-VA }
`);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const plan = planScenario(parsed.scenario, { monteCarlo: false });
    const row = (name: string) => plan.sites!.rows.find((r) => r.name === name)!;
    // Hot climate, air cooling: the new-build design PUE is 1.35 (facility.json).
    expect(row('Singapore').pue).toBe(1.35);
    expect(row('Singapore').pueLimit).toMatchObject({ maxPue: 1.3, meets: false });
    expect(row('Singapore liquid').pueLimit).toMatchObject({ maxPue: 1.3, meets: true });
    expect(row('Virginia').pueLimit).toBeUndefined();
    const flagged = plan.warnings.filter((w) => w.code === 'site-pue-above-limit');
    expect(flagged.map((w) => w.message)).toEqual([
      expect.stringMatching(
        /^candidate site Singapore: design PUE 1\.35 is above the 1\.3 limit .*DC-CFA/,
      ),
    ]);
  });

  it("the plan's own site, listed as a candidate, has the plan's TCO and NPV to the dollar", () => {
    const parsed = parseScenario(`name: own site
site: { name: home, region: US-VA }
cluster: { gpu: h100-sxm-80gb, gpus: 1024 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e12, seqLen: 8192, globalBatchTokens: 4e6 }
economics: { gpuRentalUsdPerHour: 2.35 }
sites:
  - { name: home, region: US-VA }
  - { name: away, country: NO }
`);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const plan = planScenario(parsed.scenario, { monteCarlo: false });
    const home = plan.sites!.rows.find((r) => r.name === 'home')!;
    expect(home.tcoUsd).toBe(plan.cost!.tcoUsd);
    expect(home.npvUsd).toBe(plan.cost!.investment!.npvUsd);
  });
});

// Siting in China: each province at its MEE 2022 grid factor, its climate's design PUE and the
// 2024 action plan's PUE limit (1.25 for new large data centres, 1.2 in the hub nodes), and the
// hub nodes' 80% green-power target against site.renewableShare.
import { describe, expect, it } from 'vitest';
import { findRegion } from '../catalog/regions.js';
import { residualMixGCO2PerKWh } from '../catalog/residual-mix.js';
import { planScenario } from '../plan.js';
import { parseScenario } from '../scenario/parse.js';

const scenario = (site: string, gpus = 6144, cooling = 'air') => `name: china
site: ${site}
cluster: { gpu: h800-sxm-80gb, gpus: ${gpus}, cooling: ${cooling} }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e12, seqLen: 8192, globalBatchTokens: 4e6 }
sites:
  - { name: Beijing, region: CN-BJ }
  - { name: Inner Mongolia, region: CN-NM, renewableShare: 0.8 }
  - { name: Guizhou, region: CN-GZ, renewableShare: 0.8 }
  - { name: Guangdong, region: CN-GD }
`;

function plan(site: string, gpus?: number, cooling?: string) {
  const parsed = parseScenario(scenario(site, gpus, cooling));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return planScenario(parsed.scenario, { monteCarlo: false });
}

describe('Chinese sites', () => {
  const p = plan('{ region: CN-NM, renewableShare: 0.8 }');
  const row = (name: string) => p.sites!.rows.find((r) => r.name === name)!;

  it('6,144 H800 are a large data centre (over 7.5 MW of rated IT), so the PUE rules bind', () => {
    expect(p.facility!.itNameplateMW).toBeGreaterThan(7.5);
    expect(p.facility!.pueCap).toMatchObject({ maxPue: 1.2, meets: true });
  });

  it('reads design PUE at the province climate: cold hub 1.2, temperate Beijing and Guizhou 1.3, hot Guangdong 1.35 (air)', () => {
    expect(p.facility!.climate).toBe('cold');
    expect(row('Inner Mongolia').pue).toBe(1.2);
    expect(row('Beijing').pue).toBe(1.3);
    expect(row('Guizhou').pue).toBe(1.3);
    expect(row('Guangdong').pue).toBe(1.35);
  });

  it('checks each candidate against its limit and says what liquid cooling would reach', () => {
    expect(row('Beijing').pueLimit).toMatchObject({ maxPue: 1.25, meets: false });
    expect(row('Guizhou').pueLimit).toMatchObject({ maxPue: 1.2, meets: false });
    expect(row('Inner Mongolia').pueLimit).toMatchObject({ maxPue: 1.2, meets: true });
    const site = p.warnings.filter((w) => w.code === 'site-pue-above-limit').map((w) => w.message);
    expect(site).toHaveLength(3);
    expect(site.find((m) => m.includes('Guizhou'))).toMatch(
      /\(liquid cooling designs for 1\.15 in a temperate climate\)$/,
    );
    expect(site.find((m) => m.includes('Guangdong'))).toMatch(
      /above the 1\.2 limit .*\(liquid cooling designs for 1\.2 in a hot climate\)$/,
    );
  });

  it('costs carbon at the provincial factor, market-based at MEE’s national residual', () => {
    const nm = row('Inner Mongolia');
    const bj = row('Beijing');
    expect(nm.gridGCO2PerKWh).toBe(findRegion('CN-NM')!.gridGCO2PerKWh!.value);
    expect(bj.gridGCO2PerKWh).toBe(558);
    // Location-based: energy x 684.9 g/kWh; market-based: 20% unmatched at 585.6 g/kWh.
    const energyMWh = nm.operationalTCO2ePerYear / 0.6849;
    expect(nm.marketTCO2ePerYear).toBeCloseTo(energyMWh * 0.5856 * 0.2, 0);
    expect(residualMixGCO2PerKWh('CN-NM')!.value).toBe(585.6);
    // Beijing buys no green power: all of it at the residual.
    expect(bj.marketTCO2ePerYear / bj.operationalTCO2ePerYear).toBeCloseTo(585.6 / 558, 6);
  });

  it('warns when a new hub-node data centre buys less than 80% green power, and not when it buys it', () => {
    expect(p.warnings.some((w) => w.code === 'green-power-below-target')).toBe(false);
    const none = plan('{ region: CN-GZ }');
    const w = none.warnings.find((x) => x.code === 'green-power-below-target');
    expect(w?.path).toBe('site.renewableShare');
    expect(w?.message).toMatch(/\(CN-GZ\) are to draw over 80% .*site\.renewableShare is 0%/);
    // Beijing is outside the hub clusters: no target.
    expect(plan('{ region: CN-BJ }').warnings.map((x) => x.code)).not.toContain(
      'green-power-below-target',
    );
  });

  it('leaves a small hall (under 3,000 standard racks) outside the large-data-centre PUE rule', () => {
    const small = plan('{ region: CN-BJ }', 512);
    expect(small.facility!.itNameplateMW).toBeLessThan(7.5);
    expect(small.facility!.pueCap).toBeUndefined();
    expect(small.warnings.map((x) => x.code)).not.toContain('pue-above-limit');
  });

  it('the planned site breaking its limit is an error naming the fix', () => {
    const bj = plan('{ region: CN-BJ }');
    const w = bj.warnings.find((x) => x.code === 'pue-above-limit');
    expect(w?.severity).toBe('error');
    expect(w?.message).toMatch(
      /^PUE 1\.30 is above CN's limit of 1\.25 .*\(liquid cooling designs for 1\.15 in a temperate climate\)$/,
    );
    const liquid = plan('{ region: CN-BJ }', 6144, 'liquid');
    expect(liquid.facility!.pue).toBe(1.15);
    expect(liquid.warnings.map((x) => x.code)).not.toContain('pue-above-limit');
  });
});

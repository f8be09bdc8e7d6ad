// Every US state and DC as a site: the industrial electricity price of each from one EIA table
// (Electric Power Annual 2023, average revenue per kWh), and for the states without an eGRID row
// entered yet, the country's grid, said so in the plan.
import { describe, expect, it } from 'vitest';
import { countryGridIntensity } from '../carbon/grid.js';
import { planScenario } from '../plan.js';
import { parseScenario } from '../scenario/parse.js';
import { REGIONS, findRegion } from './regions.js';

const STATES =
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY';

function plan(region: string) {
  const parsed = parseScenario(`name: state
site: { region: ${region} }
cluster: { gpu: h100-sxm-80gb, gpus: 1024 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e12, seqLen: 8192, globalBatchTokens: 4e6 }
`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return planScenario(parsed.scenario, { monteCarlo: false });
}

describe('US states and DC', () => {
  it('are all sites, each priced but Wyoming (no industrial figure in the table entered)', () => {
    const codes = STATES.split(' ');
    expect(codes).toHaveLength(51);
    expect(REGIONS.filter((r) => r.country === 'US')).toHaveLength(51);
    for (const s of codes) {
      const r = findRegion(`US-${s}`);
      expect(r?.country, s).toBe('US');
      if (s === 'WY') expect(r?.electricityUsdPerKWh).toBeUndefined();
      else expect(r?.electricityUsdPerKWh?.confidence, s).toBe('survey');
    }
    expect(findRegion('US-DC')?.name).toBe('District of Columbia');
  });

  it('carry the EIA table’s cents per kWh, the figure in the source beside the value', () => {
    for (const r of REGIONS.filter((x) => x.country === 'US' && x.electricityUsdPerKWh)) {
      const price = r.electricityUsdPerKWh!;
      expect(price.source, r.code).toContain('EIA, Electric Power Annual 2023');
      const cents = /industrial (\d+\.\d\d) cents\/kWh = ([\d.]+) USD\/kWh/.exec(price.source);
      expect(cents, r.code).not.toBeNull();
      expect(Number(cents![1]) / 100, r.code).toBeCloseTo(price.value, 6);
      expect(Number(cents![2]), r.code).toBe(price.value);
    }
    // The table's figures: Hawaii dearest (35.28), then Rhode Island (18.98); Kentucky 6.55.
    expect(findRegion('US-HI')!.electricityUsdPerKWh!.value).toBe(0.3528);
    expect(findRegion('US-RI')!.electricityUsdPerKWh!.value).toBe(0.1898);
    expect(findRegion('US-KY')!.electricityUsdPerKWh!.value).toBe(0.0655);
    expect(findRegion('US-DC')!.electricityUsdPerKWh!.value).toBe(0.1085);
    const us = REGIONS.filter((r) => r.country === 'US' && r.electricityUsdPerKWh).map(
      (r) => r.electricityUsdPerKWh!.value,
    );
    expect(Math.max(...us)).toBe(0.3528);
    expect(Math.min(...us)).toBe(0.0575); // New Mexico
  });

  it('name the wholesale market where one runs (New England in ISO-NE, DC in PJM)', () => {
    for (const s of 'CT ME MA NH RI VT'.split(' '))
      expect(findRegion(`US-${s}`)!.iso).toBe('ISO-NE');
    expect(findRegion('US-DC')!.iso).toBe('PJM');
    expect(findRegion('US-FL')!.iso).toBeUndefined();
  });

  it('plan at the state’s price, on the country’s grid where the state has no figure', () => {
    const al = plan('US-AL');
    expect(findRegion('US-AL')!.gridGCO2PerKWh).toBeUndefined();
    expect(al.cost!.inputs.electricityUsdPerKWh).toBe(0.0711);
    expect(al.carbon!.gridGCO2PerKWh).toBe(countryGridIntensity('US')!.gCO2PerKWh);
    const grid = al.assumptions!.find((a) => a.name === 'grid intensity')!;
    expect(grid.source).toMatch(
      /^US-AL has no grid figure of its own in the catalog, so the country's/,
    );
    // A state with its own eGRID rate keeps it.
    const va = plan('US-VA');
    expect(va.carbon!.gridGCO2PerKWh).toBe(findRegion('US-VA')!.gridGCO2PerKWh!.value);
  });
});

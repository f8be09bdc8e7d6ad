// Every US state and DC as a site: the industrial electricity price of each from one EIA table
// (Electric Power Annual 2023, average revenue per kWh) and the grid from one EPA table (eGRID2022
// sheet ST22, STC2ERTA, the state's CO2e total output emission rate).
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

  it('each have an eGRID2022 grid rate of their own, none left on the country’s grid', () => {
    // No state or DC is an exception: an entry here would need its reason written beside it.
    const withoutGrid: readonly string[] = [];
    for (const s of STATES.split(' ')) {
      const grid = findRegion(`US-${s}`)!.gridGCO2PerKWh;
      if (withoutGrid.includes(s)) {
        expect(grid, s).toBeUndefined();
        continue;
      }
      expect(grid?.confidence, s).toBe('measured');
      expect(grid!.source, s).toContain('eGRID2022');
      expect(grid!.source, s).toContain('sheet ST22, field STC2ERTA');
      // The source's lb/MWh figure times 0.45359237 is the value, to the 0.1 g both are rounded to.
      const lb =
        /: ([\d.]+) lb CO2e\/MWh x 0\.45359237 \(g per lb; 1 MWh = 1000 kWh\) = ([\d.]+) g CO2e\/kWh/.exec(
          grid!.source,
        );
      expect(lb, s).not.toBeNull();
      expect(Number(lb![2]), s).toBe(grid!.value);
      expect(Math.abs(Number(lb![1]) * 0.45359237 - grid!.value), s).toBeLessThan(0.1);
    }
  });

  it('carry the ST22 rates of the states entered from the repository copy exactly', () => {
    // eGRID2022 ST22 STC2ERTA (lb CO2e/MWh) x 0.45359237, to one decimal.
    const hi = findRegion('US-HI')!.gridGCO2PerKWh!;
    expect(hi.value).toBe(663.9); // 1463.566 lb/MWh: oil-fired island grid
    expect(hi.source).toContain('STC2ERTA 1463.566');
    expect(findRegion('US-WV')!.gridGCO2PerKWh!.value).toBe(895.5); // 1974.326, the highest
    expect(findRegion('US-VT')!.gridGCO2PerKWh!.value).toBe(19.3); // 42.609, the lowest
    expect(findRegion('US-KY')!.gridGCO2PerKWh!.value).toBe(785.7); // 1732.255
    expect(findRegion('US-MA')!.gridGCO2PerKWh!.value).toBe(389.7); // 859.219
    const us = REGIONS.filter((r) => r.country === 'US').map((r) => r.gridGCO2PerKWh!.value);
    expect(us).toHaveLength(51);
    expect(Math.max(...us)).toBe(895.5);
    expect(Math.min(...us)).toBe(19.3);
    for (const r of REGIONS.filter(
      (x) => x.country === 'US' && x.gridGCO2PerKWh!.source.includes('repository copy'),
    ))
      expect(r.gridGCO2PerKWh!.source, r.code).toContain(
        'github.com/sukikrishna/adrai_risk_assessment, data/resource_stress/epa_egrid/egrid2022_state_national.csv, commit ede7077a2635ab4932d946217e4d79a740f53b6c',
      );
  });

  it('plan at the state’s price and on the state’s own grid', () => {
    const al = plan('US-AL');
    expect(al.cost!.inputs.electricityUsdPerKWh).toBe(0.0711);
    expect(al.carbon!.gridGCO2PerKWh).toBe(359.0);
    expect(al.carbon!.gridGCO2PerKWh).not.toBe(countryGridIntensity('US')!.gCO2PerKWh);
    const grid = al.assumptions!.find((a) => a.name === 'grid intensity')!;
    expect(grid.source).toContain('eGRID2022');
    expect(grid.source).not.toContain('no grid figure of its own');
    const va = plan('US-VA');
    expect(va.carbon!.gridGCO2PerKWh).toBe(findRegion('US-VA')!.gridGCO2PerKWh!.value);
  });
});

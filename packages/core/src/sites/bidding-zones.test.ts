// EU/EEA sites in countries with several electricity bidding zones: a region's grid is its zone's
// (Electricity Maps yearly average for site.year), not the country's average of its zones.
import { describe, expect, it } from 'vitest';
import { countryGridIntensity } from '../carbon/grid.js';
import { siteGridIntensity } from '../carbon/plan-carbon.js';
import { findRegion, REGIONS } from '../catalog/regions.js';
import { residualMixGCO2PerKWh } from '../catalog/residual-mix.js';
import { planScenario } from '../plan.js';
import { parseScenario } from '../scenario/parse.js';

function plan(text: string) {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return planScenario(parsed.scenario, { monteCarlo: false });
}

describe('bidding zones', () => {
  it('maps the data-centre regions of Sweden, Norway, Denmark and Italy to their zones', () => {
    expect(findRegion('SE-BD')!.gridZone).toBe('SE-SE1'); // Luleå
    expect(findRegion('SE-M')!.gridZone).toBe('SE-SE4'); // Malmö
    expect(findRegion('DK-84')!.gridZone).toBe('DK-DK2'); // Copenhagen
    expect(findRegion('DK-83')!.gridZone).toBe('DK-DK1'); // Odense
    expect(findRegion('IT-25')!.gridZone).toBe('IT-NO'); // Milan
    const zoned = REGIONS.filter((r) => r.gridZone);
    expect(new Set(zoned.map((r) => r.country))).toEqual(new Set(['SE', 'NO', 'DK', 'IT']));
    // Every zone is in the bundled data, and the catalog's figure is its default year's.
    for (const r of zoned) {
      const z = countryGridIntensity(r.gridZone!);
      expect(z, r.code).toBeDefined();
      expect(r.gridGCO2PerKWh!.value).toBe(z!.gCO2PerKWh);
    }
  });

  it("reads the zone's figure for the site's year, and the country's residual mix", () => {
    for (const year of [2021, 2022, 2023, 2024, 2025]) {
      const g = siteGridIntensity({ region: 'SE-M', year });
      expect(g.gCO2PerKWh).toBe(countryGridIntensity('SE-SE4', year as 2021)!.gCO2PerKWh);
      expect(g.residualGCO2PerKWh).toBe(residualMixGCO2PerKWh('SE')!.value);
    }
    // North Sweden's hydro (15 g/kWh in 2024) against the south's imports (39 g/kWh).
    expect(siteGridIntensity({ region: 'SE-BD' }).gCO2PerKWh).toBeLessThan(
      siteGridIntensity({ region: 'SE-M' }).gCO2PerKWh,
    );
    // Sardinia's coal against the north of Italy.
    expect(siteGridIntensity({ region: 'IT-88' }).gCO2PerKWh).toBeGreaterThan(
      2 * siteGridIntensity({ region: 'IT-25' }).gCO2PerKWh,
    );
  });

  it('plans a Luleå site at SE1 and the country price', () => {
    const text = `name: lulea
site: { region: SE-BD, year: 2023 }
cluster: { gpu: h100-sxm-80gb, gpus: 1024 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e12, seqLen: 8192, globalBatchTokens: 4e6 }
`;
    const p = plan(text);
    expect(p.carbon!.gridGCO2PerKWh).toBe(countryGridIntensity('SE-SE1', 2023)!.gCO2PerKWh);
    const se = plan(text.replace('region: SE-BD', 'country: SE'));
    expect(p.cost!.inputs.electricityUsdPerKWh).toBe(se.cost!.inputs.electricityUsdPerKWh);
    expect(p.facility!.climate).toBe('cold');
  });
});

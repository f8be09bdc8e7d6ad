import { averageIntensity } from '@tgwf/co2/data';
import { yearly2023, yearly2024 } from '@tgwf/co2/data/electricity-maps';
import { describe, expect, it } from 'vitest';
import { CARBON } from '../catalog/carbon.js';
import { findGpu } from '../catalog/gpus.js';
import { countryGridIntensity, worldGridIntensity } from './grid.js';
import { embodiedCarbon, operationalCarbon, siteGridIntensity } from './plan-carbon.js';

describe('grid intensity from the data package', () => {
  it('a country and year read straight from Electricity Maps via @tgwf/co2', () => {
    expect(countryGridIntensity('US')?.gCO2PerKWh).toBe(
      yearly2024.data['US']?.carbonIntensity.value,
    );
    expect(countryGridIntensity('FR', 2023)?.gCO2PerKWh).toBe(
      yearly2023.data['FR']?.carbonIntensity.value,
    );
    expect(countryGridIntensity('ZZ')).toBeUndefined();
    expect(worldGridIntensity().gCO2PerKWh).toBe(averageIntensity.data['WORLD']);
  });

  it('the site override wins; an unknown country falls back to the world average', () => {
    expect(siteGridIntensity({ country: 'US', gridGCO2PerKWh: 100 }).gCO2PerKWh).toBe(100);
    expect(siteGridIntensity({ country: 'ZZ' }).gCO2PerKWh).toBe(averageIntensity.data['WORLD']);
  });
});

describe('operational and embodied carbon', () => {
  it('location-based = MWh x g/kWh; market-based nets the renewable share', () => {
    const c = operationalCarbon(1000, { gCO2PerKWh: 400, source: 'test' }, 0.25);
    expect(c.locationTCO2e).toBe(400);
    expect(c.marketTCO2e).toBe(300);
  });

  it('embodied: parts at their catalog figures, amortised over their lives', () => {
    const e = embodiedCarbon(
      {
        gpu: findGpu('h100-sxm-80gb')!,
        gpus: 8,
        servers: 1,
        switches: 1,
        transceivers: 10,
        storageTB: 10,
        itNameplateMW: 0.01,
      },
      CARBON,
    );
    const k = CARBON.embodiedKgCO2e;
    expect(e.byPartTCO2e.gpus).toBeCloseTo((8 * k.gpu.value['hopper']!) / 1000, 9);
    expect(e.byPartTCO2e.servers).toBeCloseTo(k.serverExcludingGpus.value / 1000, 9);
    expect(e.byPartTCO2e.building).toBeCloseTo((0.01 * k.buildingPerMW.value) / 1000, 9);
    const life = CARBON.lifetimeYears;
    expect(e.perYearTCO2e).toBeCloseTo(
      (e.byPartTCO2e.gpus + e.byPartTCO2e.servers) / life.servers.value +
        e.byPartTCO2e.network / life.network.value +
        e.byPartTCO2e.storage / life.storage.value +
        e.byPartTCO2e.building / life.building.value,
      9,
    );
  });
});

describe('sub-national grids and market-based carbon', () => {
  it('a region brings its own grid (eGRID state rate for Virginia)', () => {
    const va = siteGridIntensity({ region: 'US-VA' });
    expect(va.gCO2PerKWh).toBeCloseTo(267.6, 1);
    expect(va.source).toMatch(/eGRID2022/);
  });

  it('Norway without guarantees of origin is its residual mix, not its hydro grid', () => {
    const no = siteGridIntensity({ country: 'NO' });
    expect(no.gCO2PerKWh).toBeLessThan(60);
    expect(no.residualGCO2PerKWh).toBeCloseTo(280.49, 2);
    const c = operationalCarbon(1000, no);
    expect(c.locationTCO2e).toBeCloseTo(no.gCO2PerKWh, 9);
    expect(c.marketTCO2e).toBeCloseTo(280.49, 6);
    // Contracted renewables (certificates) remove their share at zero.
    expect(operationalCarbon(1000, no, 0.5).marketTCO2e).toBeCloseTo(280.49 / 2, 6);
  });

  it('without a published residual mix, market-based falls back to the grid (GHG Protocol Table 6.3)', () => {
    const jp = siteGridIntensity({ country: 'JP' });
    expect(jp.residualGCO2PerKWh).toBeUndefined();
    expect(operationalCarbon(1000, jp).marketTCO2e).toBeCloseTo(jp.gCO2PerKWh, 9);
  });

  it("the user's grid figure stands for both accountings", () => {
    const own = siteGridIntensity({ country: 'NO', gridGCO2PerKWh: 30 });
    expect(operationalCarbon(1000, own).marketTCO2e).toBeCloseTo(30, 9);
  });
});

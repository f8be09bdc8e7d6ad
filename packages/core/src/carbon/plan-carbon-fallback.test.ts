// A catalog region without a grid figure of its own plans on its country's grid and says so. Every
// region in the catalog now carries a figure (all US states and DC have their eGRID2022 rate), so
// the rule is checked on a stand-in region the catalog lookup returns here.
import { describe, expect, it, vi } from 'vitest';
import { countryGridIntensity } from './grid.js';
import { siteGridIntensity } from './plan-carbon.js';

vi.mock('../catalog/regions.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../catalog/regions.js')>();
  return {
    ...actual,
    findRegion: (code: string) =>
      code === 'US-XX'
        ? { code: 'US-XX', name: 'No grid figure', country: 'US' }
        : actual.findRegion(code),
  };
});

describe('a region without a grid figure of its own', () => {
  it("takes its country's grid and names itself in the source", () => {
    const grid = siteGridIntensity({ region: 'US-XX' });
    expect(grid.gCO2PerKWh).toBe(countryGridIntensity('US')!.gCO2PerKWh);
    expect(grid.source).toMatch(
      /^US-XX has no grid figure of its own in the catalog, so the country's/,
    );
  });

  it('keeps a catalog region’s own figure', () => {
    expect(siteGridIntensity({ region: 'US-AL' }).gCO2PerKWh).toBe(359.0);
  });
});

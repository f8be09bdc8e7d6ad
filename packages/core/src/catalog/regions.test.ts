import { describe, expect, it } from 'vitest';
import { countryGridIntensity } from '../carbon/grid.js';
import {
  BUILD_COST_MARKETS,
  BUILD_COST_REFERENCE,
  buildCostPerW,
  buildCostRatio,
} from './build-cost.js';
import { CHINA_HUB_ZONES, REGIONS, SUBDIVISION_CODE, findRegion } from './regions.js';
import {
  EGRID_RESIDUAL_MIX,
  RESIDUAL_MIX,
  RESIDUAL_MIX_FULL_DISCLOSURE,
  residualMixForEgridSubregion,
  residualMixGCO2PerKWh,
} from './residual-mix.js';
import { FACILITY } from './facility.js';
import { CONFIDENCE_KINDS } from './sourced.js';

const figures = [
  ...REGIONS.flatMap((r) =>
    [r.electricityUsdPerKWh, r.gridGCO2PerKWh].flatMap((f) => (f ? [[r.code, f] as const] : [])),
  ),
  ...[BUILD_COST_REFERENCE, ...BUILD_COST_MARKETS].map((m) => [m.market, m] as const),
  ...Object.entries(RESIDUAL_MIX),
  ...Object.entries(EGRID_RESIDUAL_MIX),
];

describe('regions catalog', () => {
  it('keys every site by an ISO 3166-2 code of its own country', () => {
    expect(REGIONS.length).toBeGreaterThanOrEqual(43);
    for (const r of REGIONS) {
      expect(r.code).toMatch(SUBDIVISION_CODE);
      expect(r.code.startsWith(`${r.country}-`)).toBe(true);
    }
  });

  it('covers the US states and Chinese provinces where AI data centres are built', () => {
    const states =
      'VA TX GA OH AZ OR WA IA IL NV NC UT CA NY PA WY LA TN IN OK NM NE SC MS ND WI MN';
    for (const s of states.split(' ')) expect(findRegion(`US-${s}`)?.country).toBe('US');
    for (const p of 'BJ HE NM NX GS GZ SH JS ZJ GD SC CQ SX QH XJ YN'.split(' '))
      expect(findRegion(`CN-${p}`)?.country).toBe('CN');
    expect(findRegion('us-va')?.name).toBe('Virginia');
    expect(findRegion('US-ZZ')).toBeUndefined();
  });

  it('gives every figure a source, a confidence and a positive finite value', () => {
    for (const [where, f] of figures) {
      expect(Number.isFinite(f.value) && f.value > 0, where).toBe(true);
      expect(f.source.length, where).toBeGreaterThan(40);
      expect(CONFIDENCE_KINDS).toContain(f.confidence);
    }
  });

  it('prices Texas industrial power at about a third of California (EIA 2023: 6.60 vs 18.64 c/kWh)', () => {
    const tx = findRegion('US-TX')!.electricityUsdPerKWh!.value;
    const ca = findRegion('US-CA')!.electricityUsdPerKWh!.value;
    expect(tx).toBe(0.066);
    expect(ca).toBe(0.1864);
    expect(tx / ca).toBeCloseTo(0.354, 3);
  });

  it('converts eGRID lb/MWh to g/kWh (Virginia 590.0 lb CO2e/MWh = 267.6 g/kWh)', () => {
    const va = findRegion('US-VA')!;
    expect(va.gridGCO2PerKWh!.value).toBe(267.6);
    expect(590.0 * 0.45359237).toBeCloseTo(va.gridGCO2PerKWh!.value, 0);
    expect(va.iso).toBe('PJM');
    expect(findRegion('US-TX')!.iso).toBe('ERCOT');
    expect(findRegion('US-GA')!.iso).toBeUndefined();
    expect(findRegion('US-WA')!.gridGCO2PerKWh!.value).toBeLessThan(100);
  });

  it('takes China grid factors from the MEE 2022 provincial table (Hebei highest, Yunnan lowest)', () => {
    expect(findRegion('CN-HE')!.gridGCO2PerKWh!.value).toBe(725.2);
    expect(findRegion('CN-YN')!.gridGCO2PerKWh!.value).toBe(107.3);
    const china = REGIONS.filter((r) => r.country === 'CN').map((r) => r.gridGCO2PerKWh!.value);
    expect(Math.max(...china)).toBe(725.2);
    expect(Math.min(...china)).toBe(107.3);
  });

  it('takes Beijing from the State Grid agency-purchase table of July 2024 (1-10 kV two-part, flat 0.681335 CNY/kWh) on its TOU periods', () => {
    const bj = findRegion('CN-BJ')!;
    expect(bj.electricityTimeOfUse!.value).toMatchObject({
      flat: 0.681335,
      peak: 0.926841,
      valley: 0.435829,
      sharp: 1.057777,
      localPerUsd: 7.1957,
    });
    const price = bj.electricityUsdPerKWh!;
    expect(price.confidence).toBe('datasheet');
    // A flat load pays 0.686895 CNY/kWh over the year (time-of-use.test.ts): 0.0955 USD/kWh,
    // above the flat period's 0.681335 / 7.1957 = 0.0947 by the sharp peak of four months.
    expect(price.value).toBeCloseTo(0.686895 / 7.1957, 6);
    expect(price.source).toContain('0.681335');
    expect(price.source).toContain('7.1957');
    expect(price.source).toContain('0.686895');
  });

  // The provinces on China's national price, each with an electricityPriceGap saying what is
  // missing (the README lists them): no grid agency-purchase table, DRC notice or compilation with
  // a verified price is catalogued for them.
  const NATIONAL_PRICE = [
    'CN-SX',
    'CN-LN',
    'CN-JL',
    'CN-HL',
    'CN-SH',
    'CN-AH',
    'CN-FJ',
    'CN-JX',
    'CN-HA',
    'CN-HN',
    'CN-GX',
    'CN-HI',
    'CN-YN',
    'CN-XZ',
    'CN-SN',
    'CN-QH',
    'CN-XJ',
  ];

  it('prices each province from its own source, the grid tables at 1-10 kV two-part and the others named', () => {
    const cn = REGIONS.filter((r) => r.country === 'CN');
    const priced = cn.filter((r) => r.electricityUsdPerKWh !== undefined).map((r) => r.code);
    // The provinces with a grid agency-purchase table (Beijing, Tianjin, Hebei, Hubei,
    // Guangdong, Chongqing), a published data-centre price (the five western ones) or a
    // compiled 110 kV tariff row (Zhejiang, Jiangsu, Shandong).
    expect(priced.sort()).toEqual(
      [
        'CN-BJ',
        'CN-TJ',
        'CN-HE',
        'CN-HB',
        'CN-GD',
        'CN-CQ',
        'CN-NM',
        'CN-SC',
        'CN-GZ',
        'CN-GS',
        'CN-NX',
        'CN-ZJ',
        'CN-JS',
        'CN-SD',
      ].sort(),
    );
    for (const code of priced) {
      const price = findRegion(code)!.electricityUsdPerKWh!;
      expect(price.value, code).toBeGreaterThan(0.03);
      expect(price.value, code).toBeLessThan(0.15);
      // Each states the yuan figure and the exchange rate it was converted at.
      expect(price.source, code).toMatch(/CNY\/kWh|RMB\/kWh|yuan/);
      expect(price.source, code).toMatch(/\d\.\d{4} CNY\/USD/);
      expect(findRegion(code)!.electricityPriceGap, code).toBeUndefined();
    }
  });

  it('leaves every other province on the national price, in the documented list, saying why', () => {
    const cn = REGIONS.filter((r) => r.country === 'CN');
    const unpriced = cn.filter((r) => r.electricityUsdPerKWh === undefined).map((r) => r.code);
    expect(unpriced.sort()).toEqual([...NATIONAL_PRICE].sort());
    expect(unpriced.length + 14).toBe(31);
    for (const code of NATIONAL_PRICE) {
      const gap = findRegion(code)!.electricityPriceGap;
      expect(gap, code).toMatch(/^No industrial electricity price of .+'s own is catalogued/);
      expect(gap, code).toContain('代理购电工商业用户电价表');
      expect(gap, code).toContain("China's national price (prices.json electricityUsdPerKWh.CN)");
    }
    // No region outside this list carries a gap note.
    const withGap = REGIONS.filter((r) => r.electricityPriceGap !== undefined).map((r) => r.code);
    expect(withGap.sort()).toEqual([...NATIONAL_PRICE].sort());
    // The compiled figures for Shanxi and Shanghai that their compilation's review could not
    // verify are named and not used.
    expect(findRegion('CN-SX')!.electricityPriceGap).toContain('0.53251075');
    expect(findRegion('CN-SH')!.electricityPriceGap).toContain('0.7484');
    expect(findRegion('CN-SH')!.electricityPriceGap).toContain('not used here');
  });

  it('prices Zhejiang, Jiangsu and Shandong at their compiled 110 kV two-part rows / 7.2734 CNY per USD', () => {
    const at = (code: string, cny: number, usd: number, month: string) => {
      const price = findRegion(code)!.electricityUsdPerKWh!;
      expect(price.confidence, code).toBe('secondary');
      expect(price.value, code).toBe(usd);
      expect(price.value, code).toBeCloseTo(cny / 7.2734, 4);
      expect(price.source, code).toContain(`${cny} CNY/kWh`);
      expect(price.source, code).toContain('7.2734 CNY/USD');
      expect(price.source, code).toContain(month);
      expect(price.source, code).toMatch(/110 kV/);
      expect(price.source, code).toContain('github.com/qrlow/compute-cost-curve');
      return price;
    };
    at('CN-ZJ', 0.5672, 0.078, 'June 2025');
    expect(at('CN-JS', 0.5999, 0.0825, 'June 2025').source).toContain('0.621267');
    // The 110 kV to below 220 kV row, not the compilation's 35-110 kV one (0.67486875).
    expect(at('CN-SD', 0.65986875, 0.0907, 'March 2025').source).toContain('0.67486875');
    // 110 kV rows price below the 1-10 kV rows of the grid tables (Tianjin 0.0983, Hebei 0.0942).
    for (const code of ['CN-ZJ', 'CN-JS', 'CN-SD'])
      expect(findRegion(code)!.electricityUsdPerKWh!.value).toBeLessThan(
        findRegion('CN-HE')!.electricityUsdPerKWh!.value,
      );
  });

  it('quotes the February 2025 and January 2026 tables: flat (or non-TOU) price / 7.2734 CNY per USD', () => {
    const at = (code: string, cny: number) => {
      const price = findRegion(code)!.electricityUsdPerKWh!;
      expect(price.confidence).toBe('datasheet');
      expect(price.source).toContain(String(cny));
      expect(price.source).toContain('7.2734 CNY/USD');
      expect(price.value).toBeCloseTo(cny / 7.2734, 4);
      return price;
    };
    expect(at('CN-TJ', 0.71516875).source).toContain('2025年2月');
    expect(at('CN-HE', 0.68513375).source).toMatch(/Hebei South .* Jibei/);
    expect(at('CN-GD', 0.71866875).source).toContain('珠三角五市');
    expect(at('CN-CQ', 0.762307).source).toContain('2025年2月');
    expect(at('CN-HB', 0.651886).source).toContain('2026年1月');
    expect(findRegion('CN-HB')!.electricityUsdPerKWh!.value).toBe(0.0896);
    expect(findRegion('CN-GD')!.electricityUsdPerKWh!.value).toBe(0.0988);
  });

  it('prices the western hub provinces below the eastern demand centres that carry a price', () => {
    const priced = (codes: string[]) =>
      codes.flatMap((code) => {
        const price = findRegion(code)?.electricityUsdPerKWh?.value;
        return price === undefined ? [] : [[code, price] as const];
      });
    const west = priced(['CN-NM', 'CN-NX', 'CN-GS', 'CN-GZ']);
    const east = priced(['CN-SH', 'CN-GD', 'CN-BJ']);
    expect(west).toHaveLength(4);
    expect(east.length).toBeGreaterThan(0);
    for (const [w, wp] of west)
      for (const [e, ep] of east) expect(wp, `${w} below ${e}`).toBeLessThan(ep);
  });

  it('flags the East Data West Computing hub nodes', () => {
    expect(findRegion('CN-NM')!.chinaHubZone).toBe('Inner Mongolia');
    expect(findRegion('CN-GZ')!.chinaHubZone).toBe('Guizhou');
    expect(findRegion('CN-SC')!.chinaHubZone).toBe('Chengdu-Chongqing');
    expect(findRegion('CN-CQ')!.chinaHubZone).toBe('Chengdu-Chongqing');
    expect(findRegion('CN-XJ')!.chinaHubZone).toBeUndefined();
    const zones = new Set(REGIONS.flatMap((r) => (r.chinaHubZone ? [r.chinaHubZone] : [])));
    expect([...zones].sort()).toEqual([...CHINA_HUB_ZONES].sort());
    expect(REGIONS.some((r) => r.country !== 'CN' && r.chinaHubZone)).toBe(false);
  });

  it('covers all 31 mainland provinces, Tibet at the Southwest regional factor (estimate)', () => {
    const cn = REGIONS.filter((r) => r.country === 'CN');
    expect(cn).toHaveLength(31);
    // MEE/NBS 2022: Fujian 0.4092, Guangxi 0.4044 (the Beijing News' bottom five with Qinghai,
    // Sichuan, Yunnan); Shandong 0.641.
    expect(findRegion('CN-FJ')!.gridGCO2PerKWh!.value).toBe(409.2);
    expect(findRegion('CN-GX')!.gridGCO2PerKWh!.value).toBe(404.4);
    expect(findRegion('CN-SD')!.gridGCO2PerKWh!.value).toBe(641);
    const xz = findRegion('CN-XZ')!.gridGCO2PerKWh;
    expect(xz).toMatchObject({ value: 226.8, confidence: 'estimate' });
    // The national average 0.5366 lies inside the provinces' range.
    const values = cn.map((r) => r.gridGCO2PerKWh!.value);
    expect(Math.min(...values)).toBeLessThan(536.6);
    expect(Math.max(...values)).toBeGreaterThan(536.6);
  });

  it('names the ten hub clusters in the provinces that hold them, and a climate for every province', () => {
    const clusters = REGIONS.filter((r) => r.chinaHubCluster);
    // Ten clusters; the Yangtze River Delta demonstration zone spans Shanghai, Jiangsu, Zhejiang.
    expect(clusters).toHaveLength(12);
    expect(new Set(clusters.map((r) => r.chinaHubCluster!.split(':')[0])).size).toBe(10);
    expect(clusters.every((r) => r.chinaHubZone !== undefined)).toBe(true);
    // Beijing and Tianjin are in the hub whose cluster is Zhangjiakou (Hebei).
    expect(findRegion('CN-BJ')!.chinaHubCluster).toBeUndefined();
    expect(findRegion('CN-HE')!.chinaHubCluster).toMatch(/Zhangjiakou/);
    for (const r of REGIONS.filter((x) => x.country === 'CN')) expect(r.climate).toBeDefined();
    expect(findRegion('CN-NM')!.climate!.value).toBe('cold');
    expect(findRegion('CN-GD')!.climate!.value).toBe('hot');
    expect(findRegion('CN-GZ')!.climate!.value).toBe('temperate');
  });

  it('holds the hub-node PUE and green-power rules to the provinces with a hub cluster', () => {
    const withCluster = REGIONS.filter((r) => r.chinaHubCluster).map((r) => r.code);
    const cn = FACILITY.pueCaps.value.find((c) => c.country === 'CN')!;
    expect(cn.hubs!.flatMap((h) => h.regions).sort()).toEqual([...withCluster].sort());
    const green = FACILITY.greenPowerTargets.value.find((t) => t.country === 'CN')!;
    expect([...green.regions].sort()).toEqual([...withCluster].sort());
  });
});

describe('build cost catalog', () => {
  it('takes the US 19-market average of USD 11.7/W as the reference', () => {
    expect(BUILD_COST_REFERENCE.value).toBe(11.7);
    expect(buildCostPerW('US')).toBe(BUILD_COST_REFERENCE);
    expect(buildCostRatio('US-VA')).toBe(1);
  });

  it('maps markets to region codes and ranks them as the guides do', () => {
    expect(buildCostPerW('US-NV')).toMatchObject({ market: 'Reno', value: 15.0 });
    expect(buildCostPerW('US-TX')).toMatchObject({ market: 'San Antonio', value: 9.3 });
    expect(buildCostPerW('JP-13')).toMatchObject({ market: 'Tokyo', value: 15.15 });
    expect(buildCostPerW('JP')?.market).toBe('Tokyo');
    expect(buildCostPerW('IN-KA')?.market).toBe('Mumbai');
    expect(buildCostPerW('BR')).toBeUndefined();
    expect(buildCostRatio('US-TX')!).toBeCloseTo(9.3 / 11.7, 6);
    const max = Math.max(...BUILD_COST_MARKETS.map((m) => m.value));
    expect(buildCostPerW('JP-13')!.value).toBe(max);
    for (const m of BUILD_COST_MARKETS) expect(m.code).toMatch(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/);
  });
});

describe('residual mix catalog', () => {
  it("puts Norway's residual mix far above its hydro-dominated production mix", () => {
    const no = residualMixGCO2PerKWh('NO')!.value;
    expect(no).toBeGreaterThan(200);
    expect(no).toBeGreaterThan(5 * countryGridIntensity('NO')!.gCO2PerKWh);
  });

  it('covers the EU members (Austria has full disclosure) and Iceland', () => {
    const eu = 'BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK';
    for (const c of [...eu.split(' '), 'IS']) expect(RESIDUAL_MIX[c], c).toBeDefined();
    expect(residualMixGCO2PerKWh('AT')).toBeUndefined();
    expect(RESIDUAL_MIX_FULL_DISCLOSURE['AT']).toMatch(/full disclosure/);
    expect(residualMixGCO2PerKWh('DE')!.value).toBe(719.9);
    expect(residualMixGCO2PerKWh('DE-HE')).toBe(residualMixGCO2PerKWh('DE'));
  });

  it("resolves Chinese provinces to MEE's national factor without traded non-fossil power", () => {
    // 0.5856 kgCO2/kWh against the national average 0.5366: the residual sits above the average.
    expect(residualMixGCO2PerKWh('CN')!.value).toBe(585.6);
    expect(residualMixGCO2PerKWh('CN-YN')).toBe(residualMixGCO2PerKWh('CN'));
  });

  it('resolves US sites to Green-e rates and leaves other countries to the grid-average rule', () => {
    expect(residualMixGCO2PerKWh('US-VA')).toBe(RESIDUAL_MIX['US']);
    expect(residualMixForEgridSubregion('srvc')!.value).toBe(366.2);
    expect(residualMixForEgridSubregion('NYUP')!.value).toBeLessThan(
      residualMixForEgridSubregion('RFCW')!.value,
    );
    expect(residualMixGCO2PerKWh('JP-13')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { BUILT_IN_CATALOGS } from './catalogs.js';
import { parseCatalogFile } from './catalog-file.js';

const rate = `prices:
  electricityDefaultUsdPerKWh:
    value: 0.062
    source: "Utility tariff LGS-2, schedule B (2026-09)"
    date: 2026-09
    confidence: measured
`;

describe('a catalog file', () => {
  it('extends the built-in catalogs with its entries', () => {
    const out = parseCatalogFile(rate);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.catalogs.prices.electricityDefaultUsdPerKWh.value).toBe(0.062);
    expect(out.catalogs.gpus).toBe(BUILT_IN_CATALOGS.gpus);
  });

  it('gives each problem its line, column and key path', () => {
    const out = parseCatalogFile(rate.replace('    value: 0.062', '    value: cheap'));
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.issues).toEqual([
      expect.objectContaining({
        code: 'invalid-value',
        path: ['prices', 'electricityDefaultUsdPerKWh', 'value'],
        line: 3,
        column: 12,
      }),
    ]);
  });

  it('an unknown catalog, a list for a mapping and bad YAML are refused with a hint', () => {
    const typo = parseCatalogFile('gpu: []\n');
    expect(typo.ok || typo.issues[0]).toMatchObject({
      code: 'unknown-key',
      hint: 'did you mean "gpus"?',
      line: 1,
    });
    const list = parseCatalogFile('- gpus\n');
    expect(list.ok || list.issues[0]).toMatchObject({ code: 'wrong-type', found: 'a list of 1' });
    const broken = parseCatalogFile('gpus: [\n');
    expect(broken.ok || broken.issues[0]?.code).toBe('syntax');
  });
});

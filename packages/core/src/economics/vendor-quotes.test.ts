// A vendor quote for any price replaces the catalog's figure and is recorded as the user's.
import { describe, expect, it } from 'vitest';
import { PRICES } from '../catalog/prices.js';
import { planScenario } from '../plan.js';
import { parseScenario } from '../scenario/parse.js';

const plan = (prices: string) => {
  const parsed = parseScenario(`name: quotes
site: { country: US }
cluster: { gpu: h100-sxm-80gb, gpus: 1024 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e12, seqLen: 8192, globalBatchTokens: 4e6 }
economics: { colocation: ${prices.includes('colocation') ? 'true' : 'false'}, prices: { ${prices} } }
`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return planScenario(parsed.scenario, { monteCarlo: false });
};

describe('vendor quotes for every kind of price', () => {
  const base = plan('');
  const c = base.cost!;
  const cases: [string, number, (p: ReturnType<typeof plan>) => number, number][] = [
    ['serverUsd.dgx-h100', 280_000, (p) => p.cost!.capexUsd.servers, 280_000 * c.inputs.servers],
    [
      'switchUsd.quantum-2-qm9700',
      30_000,
      (p) => c.capexUsd.network - p.cost!.capexUsd.network,
      6_000 * (base.cluster.fabric?.switchCount ?? 0),
    ],
    [
      'capacityStorageUsdPerTB',
      80,
      (p) => c.capexUsd.storage - p.cost!.capexUsd.storage,
      20 * (base.cluster.storage!.capacityTierTB + (base.cluster.storage!.backup?.backupTB ?? 0)),
    ],
    ['facilityBuildUsdPerMW.III', 10e6, (p) => p.cost!.inputs.facilityUsdPerMW, 10e6],
    [
      'postWarrantySupportFractionPerYear',
      0.04,
      (p) => p.cost!.inputs.postWarrantySupportFraction,
      0.04,
    ],
    ['staffUsdPerYear', 150_000, (p) => p.cost!.inputs.staffUsdPerYear, 150_000],
    ['colocationUsdPerKWMonth', 150, (p) => p.cost!.inputs.colocationUsdPerKWMonth, 150],
  ];
  for (const [path, value, read, expected] of cases) {
    it(`${path}: ${value}`, () => {
      expect(path.split('.')[0]! in PRICES).toBe(true);
      const quoted = plan(`${path}: ${value}`);
      expect(read(quoted)).toBeCloseTo(expected, 3);
      expect(quoted.assumptions!.find((a) => a.name === `quote ${path}`)).toMatchObject({
        value: String(value),
        source: expect.stringMatching(/the scenario's figure/),
      });
    });
  }
});

describe('the software line, said either way', () => {
  it('off by default and said so; on, $4,500 per GPU a year (NVIDIA AI Enterprise)', () => {
    const off = plan('');
    expect(off.cost!.opexUsdPerYear.software).toBe(0);
    expect(off.assumptions!.find((a) => a.name === 'software')?.value).toMatch(
      /^no licences counted .*\$4,500 per GPU a year/,
    );
    const parsed = parseScenario(`name: licences
site: { country: US }
cluster: { gpu: h100-sxm-80gb, gpus: 1024 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e12, seqLen: 8192, globalBatchTokens: 4e6 }
economics: { softwareLicences: true }
`);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const on = planScenario(parsed.scenario, { monteCarlo: false });
    expect(on.cost!.opexUsdPerYear.software).toBe(4500 * 1024);
    expect(on.assumptions!.find((a) => a.name === 'software')?.value).toBe('$4,500 per GPU a year');
  });
});

import { describe, expect, it } from 'vitest';
import { planScenario } from '../plan.js';
import { parseScenario } from '../scenario/parse.js';
import type { Scenario } from '../scenario/schema.js';
import {
  BUILT_IN_CATALOGS,
  catalogReferences,
  extendCatalogs,
  formatCatalogIssue,
  type Catalogs,
} from './catalogs.js';
import { findGpu } from './gpus.js';
import { findServer } from './servers.js';

const H100 = findGpu('h100-sxm-80gb')!;
const DGX_H100 = findServer('dgx-h100')!;
const SOURCE = 'Vendor X accelerator datasheet rev. 1.2 (2026-10), table 2';

/** A caller's own accelerator: an H100 with half again its dense rate and 96 GB, in its own
 *  8-GPU server at its own price and rental rate. */
const custom = {
  gpus: [
    {
      ...H100,
      id: 'acme-x1',
      name: 'Acme X1',
      vendor: 'Acme',
      peakDenseTflops: {
        value: Object.fromEntries(
          Object.entries(H100.peakDenseTflops.value).map(([k, v]) => [k, (v as number) * 1.5]),
        ),
        source: SOURCE,
      },
      hbmGB: { value: 96, source: SOURCE },
      usualServer: { value: 'acme-x1-8', source: SOURCE },
    },
  ],
  servers: [{ ...DGX_H100, id: 'acme-x1-8', name: 'Acme X1 8-way', gpu: 'acme-x1' }],
  prices: {
    serverUsd: {
      'acme-x1-8': {
        value: 250000,
        source: 'Acme quote Q-2026-114, 8-way X1 server',
        date: '2026-11',
        confidence: 'measured',
      },
    },
  },
};

const scenarioText = (gpu: string) => `name: custom
cluster:
  gpu: ${gpu}
  gpus: 256
workloads:
  - name: pretrain
    type: training
    model: llama3.1-8b
    tokens: 1.0e11
    seqLen: 8192
    globalBatchTokens: 4194304
`;

function parsed(gpu: string, catalogs: Catalogs = BUILT_IN_CATALOGS): Scenario {
  const out = parseScenario(scenarioText(gpu), catalogs);
  if (!out.ok) throw new Error(out.issues.map((i) => i.message).join('; '));
  return out.scenario;
}

function extended(extension: Parameters<typeof extendCatalogs>[0]): Catalogs {
  const out = extendCatalogs(extension);
  if (!out.ok) throw new Error(out.issues.map(formatCatalogIssue).join('; '));
  return out.catalogs;
}

describe('catalogs as an argument', () => {
  it('plans on a caller-defined accelerator and server, with their figures', () => {
    const catalogs = extended(custom);
    const plan = planScenario(parsed('acme-x1', catalogs), catalogs, { monteCarlo: false });
    const base = planScenario(parsed('h100-sxm-80gb'), { monteCarlo: false });
    expect(plan.cluster.gpu).toBe('acme-x1');
    expect(plan.cluster.server).toBe('acme-x1-8');
    expect(plan.cost?.inputs.serverUsd).toBe(250000);
    expect(base.cost?.inputs.serverUsd).not.toBe(250000);
    // 1.5x the dense rate on the same servers and network: the step is compute-bound enough
    // that the run is clearly shorter, but not 1.5x shorter (communication does not speed up).
    const days = plan.workloads[0]!.training!.days;
    const baseDays = base.workloads[0]!.training!.days;
    expect(days).toBeLessThan(baseDays / 1.15);
    expect(days).toBeGreaterThan(baseDays / 1.5);
  });

  it('the custom id is unknown to the built-in catalogs, with the usual hint', () => {
    const out = parseScenario(scenarioText('acme-x1'));
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.issues.map((i) => i.path.join('.'))).toContain('cluster.gpu');
  });

  it('an entry with a built-in id replaces it; a dated price table is replaced whole', () => {
    const rent = {
      value: { 'h100-sxm-80gb': 1.9 },
      source: 'Negotiated 3-year reserved rate, contract C-88',
      date: '2026-11',
      confidence: 'measured',
    };
    const hotter = { ...DGX_H100, maxPowerKW: { value: 12, source: SOURCE } };
    const catalogs = extended({ servers: [hotter], prices: { gpuRentalUsdPerHour: rent } });
    expect(catalogs.servers.filter((g) => g.id === 'dgx-h100')).toEqual([hotter]);
    const plan = planScenario(parsed('h100-sxm-80gb', catalogs), catalogs, { monteCarlo: false });
    const base = planScenario(parsed('h100-sxm-80gb'), { monteCarlo: false });
    expect(plan.cost?.inputs.rentalUsdPerGpuHour).toBe(1.9);
    expect(base.cost?.inputs.rentalUsdPerGpuHour).toBe(2.35);
    expect(plan.facility!.itNameplateMW).toBeGreaterThan(base.facility!.itNameplateMW);
    // The built-in catalogs are untouched.
    expect(findServer('dgx-h100')!.maxPowerKW.value).toBe(DGX_H100.maxPowerKW.value);
    expect(BUILT_IN_CATALOGS.prices.gpuRentalUsdPerHour.value['h100-sxm-80gb']).toBe(2.35);
  });

  it('a per-id price table is merged by id, keeping the built-in rows', () => {
    const catalogs = extended(custom);
    expect(catalogs.prices.serverUsd['acme-x1-8']?.value).toBe(250000);
    expect(catalogs.prices.serverUsd['dgx-h100']).toEqual(
      BUILT_IN_CATALOGS.prices.serverUsd['dgx-h100'],
    );
  });

  it('an invalid entry is reported at its path and nothing is extended', () => {
    const out = extendCatalogs({
      gpus: [{ ...H100, id: 'bad', hbmGB: { value: 80 } }],
      prices: { electricityDefaultUsdPerKWh: { value: 'cheap', source: SOURCE } },
    });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    const messages = out.issues.map(formatCatalogIssue);
    expect(messages).toContainEqual(expect.stringMatching(/^gpus\[0\]\.hbmGB\.source: /));
    expect(messages).toContainEqual(
      expect.stringMatching(/^prices\.electricityDefaultUsdPerKWh\.value: /),
    );
  });

  it('a reference that does not resolve is refused: a server for an unknown GPU', () => {
    expect(catalogReferences(BUILT_IN_CATALOGS)).toEqual([]);
    const out = extendCatalogs({ servers: custom.servers, prices: custom.prices });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    // At the entry's index in the caller's own list.
    expect(out.issues).toEqual([
      { path: ['servers', 0, 'gpu'], message: 'no GPU "acme-x1" in the catalogs' },
    ]);
  });

  it('the default catalogs are the built-in ones: the same plan either way', () => {
    const scenario = parsed('h100-sxm-80gb');
    expect(planScenario(scenario, BUILT_IN_CATALOGS, { monteCarlo: false })).toEqual(
      planScenario(scenario, { monteCarlo: false }),
    );
  });

  it('memoised training figures do not leak from one catalog to another', () => {
    const faster = {
      ...H100,
      peakDenseTflops: {
        value: Object.fromEntries(
          Object.entries(H100.peakDenseTflops.value).map(([k, v]) => [k, (v as number) * 2]),
        ),
        source: SOURCE,
      },
    };
    const catalogs = extended({ gpus: [faster] });
    const scenario = parsed('h100-sxm-80gb');
    const before = planScenario(scenario, { monteCarlo: false }).workloads[0]!.training!.days;
    const other = planScenario(scenario, catalogs, { monteCarlo: false }).workloads[0]!.training!;
    const after = planScenario(scenario, { monteCarlo: false }).workloads[0]!.training!.days;
    // The measured GEMM rate is the real H100's, so twice the datasheet peak speeds up only
    // what runs at a fraction of the peak (attention, element-wise work): still a clear change.
    expect(other.days).toBeLessThan(before * 0.95);
    expect(after).toBe(before);
  });
});

import { describe, expect, it } from 'vitest';
import { planScenario } from '../plan.js';
import { ScenarioSchema } from '../scenario/schema.js';

// Llama 3.1 405B on 16,384 H100 in the US, as Meta ran it (Dubey et al. 2024).
const llama3 = (reliability: Record<string, unknown> = {}) =>
  planScenario(
    ScenarioSchema.parse({
      name: 'llama 3.1 405b',
      site: { country: 'US' },
      cluster: { gpu: 'h100-sxm-80gb', gpus: 16_384 },
      reliability,
      workloads: [
        {
          name: 'pretrain',
          type: 'training',
          model: 'llama3.1-405b',
          tokens: 15.6e12,
          seqLen: 8192,
          globalBatchTokens: 16e6,
          parallelism: { tp: 8, pp: 16, dp: 128 },
        },
      ],
    }),
    { monteCarlo: false },
  );

describe('the facility in a whole plan', () => {
  const plan = llama3();
  const f = plan.facility!;

  it('economics builds what the facility plan itemises (US: the guide reference market)', () => {
    expect(plan.cost?.capexUsd.facility).toBeCloseTo(f.capexUsd.total, 0);
    expect(f.capexUsd.usdPerMWIt).toBeGreaterThan(9e6);
    expect(f.capexUsd.usdPerMWIt).toBeLessThan(14e6);
  });

  it('the 16k-GPU job swings 2,048 servers x 10.2 kW x (0.8 - 0.2) = 12.5 MW', () => {
    expect(f.powerSwing?.itMW).toBeCloseTo((2048 * 10.2 * 0.6) / 1000, 6);
    expect(plan.warnings.map((w) => w.message).join(' ')).toContain('12.5 MW of IT load');
  });

  it('checkpoints asynchronously by default; a synchronous save stalls longer and costs goodput', () => {
    const a = plan.workloads[0]?.training?.reliability;
    const s = llama3({ checkpointSave: 'sync' }).workloads[0]?.training?.reliability;
    expect(a?.checkpointSave).toBe('async');
    expect(s?.checkpointSave).toBe('sync');
    expect(s!.checkpointStallS).toBeGreaterThan(2 * a!.checkpointStallS);
    expect(s!.goodput).toBeLessThan(a!.goodput);
  });

  it('a Tier III training cluster that loses 10%+ to failures is told what Tier III buys', () => {
    const loss = 1 - (plan.workloads[0]?.training?.reliability?.goodput ?? 1);
    expect(loss).toBeGreaterThan(0.1);
    expect(plan.warnings.map((w) => w.message).join(' ')).toContain(
      'Tier III buys 20.4 hours a year',
    );
  });
});

describe('a hosted cluster pays its host', () => {
  // 64 A100 (9 DGX A100 with a spare): a ~70 kW cluster, below the size of a plant of its own.
  const small = planScenario(
    ScenarioSchema.parse({
      name: 'small',
      site: { country: 'US' },
      cluster: { gpu: 'a100-sxm-80gb', gpus: 64 },
      workloads: [
        {
          name: 'pretrain',
          type: 'training',
          model: 'llama3.1-8b',
          tokens: 1e11,
          seqLen: 8192,
          globalBatchTokens: 4e6,
        },
      ],
    }),
    { monteCarlo: false },
  );
  const f = small.facility!;
  const cost = small.cost!;

  it("rent per kW of IT at CBRE's $184.06 a month for the host's generators, cooling and space", () => {
    expect(f.hosting).toBe('colocation');
    expect(cost.inputs.colocationUsdPerKWMonth).toBeCloseTo(184.06, 6);
    expect(cost.opexUsdPerYear.colocation).toBeCloseTo(f.itNameplateMW * 1000 * 184.06 * 12, 3);
    expect(cost.opexUsdPerYear.colocation).toBeGreaterThan(100_000);
    // The landlord maintains and pays tax on the building; the rack-level items stay capex.
    expect(cost.opexUsdPerYear.facilityMaintenance).toBe(0);
    expect(cost.capexUsd.facility).toBeCloseTo(f.capexUsd.total, 0);
    expect(small.warnings.find((w) => w.code === 'colocation-hosting')?.message).toMatch(
      /pays the host's rent per kW of IT/,
    );
  });

  it('a building of its own pays no rent', () => {
    expect(llama3().cost?.opexUsdPerYear.colocation).toBe(0);
  });
});

describe('one checkpoint write time on the page', () => {
  it("storage writes the 5.67 TB checkpoint at the 29% of its rated write a burst sustains (Llama 3's 2 of 7 TB/s)", () => {
    const plan = llama3();
    const st = plan.cluster.storage!;
    const r = plan.workloads[0]!.training!.reliability!;
    expect(st.checkpointWriteS).toBeCloseTo(5670 / (st.writeGBps * 0.29), 1);
    expect(st.checkpointWriteS).toBeGreaterThan(10);
    // The asynchronous save: training stops to stage the shards, storage takes the rest.
    expect(r.checkpointStallS + st.checkpointWriteS).toBeCloseTo(r.checkpointWriteS, 6);
  });
});

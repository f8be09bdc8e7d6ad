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

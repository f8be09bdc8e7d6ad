import { describe, expect, it } from 'vitest';
import { planScenario } from '../plan.js';
import { ScenarioSchema } from '../scenario/schema.js';

// A ResNet-50 run on 1,024 H100s (128 servers) on a fleet that fails far more often than the
// catalog's: the reliability stage warns of a generic run exactly as of an LLM's.
const run = (reliability?: { failuresPer1000NodeDays: number; restartMin: number }) =>
  planScenario(
    ScenarioSchema.parse({
      name: 'generic-reliability',
      cluster: { gpu: 'h100-sxm-80gb' },
      ...(reliability ? { reliability } : {}),
      workloads: [
        {
          name: 'cnn',
          type: 'training',
          model: 'resnet50',
          samples: 1.28e10,
          globalBatchSamples: 65_536,
          gpus: 1024,
        },
      ],
    }),
    { monteCarlo: false },
  );
const codes = (p: ReturnType<typeof run>) => p.warnings.map((w) => w.code);

describe('the reliability stage on a generic training run', () => {
  it('warns when interruptions take more than a fifth of the run', () => {
    const plan = run({ failuresPer1000NodeDays: 200, restartMin: 30 });
    const g = plan.workloads[0]!.genericTraining!;
    expect(g.reliability!.goodput).toBeLessThan(0.8);
    expect(g.days).toBeGreaterThan(g.idealDays);
    expect(codes(plan)).toContain('low-goodput');
  });

  it('says the run never finishes when it fails faster than it restarts', () => {
    const plan = run({ failuresPer1000NodeDays: 5000, restartMin: 120 });
    const g = plan.workloads[0]!.genericTraining!;
    expect(g.reliability!.mtbfHours * 60).toBeLessThan(g.reliability!.restartMin);
    expect(codes(plan)).toContain('restart-loop');
  });

  it('is quiet on the catalog fleet', () => {
    const plan = run();
    expect(codes(plan)).not.toContain('low-goodput');
    expect(codes(plan)).not.toContain('restart-loop');
  });
});

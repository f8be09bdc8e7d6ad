import { describe, expect, it } from 'vitest';
import { planScenario } from './plan.js';
import { ScenarioSchema } from './scenario/schema.js';

// Llama 2 70B on 2T tokens with a 4M-token batch on H100 (examples/llama2-70b-deadline.yaml).
const llama2 = (workload: Record<string, unknown>) =>
  ScenarioSchema.parse({
    name: 'deadline',
    cluster: { gpu: 'h100-sxm-80gb', fabric: 'infiniband-ndr' },
    workloads: [
      {
        name: 'pretrain-70b',
        type: 'training',
        model: 'llama2-70b',
        tokens: 2e12,
        seqLen: 4096,
        globalBatchTokens: 4e6,
        precision: 'bf16',
        ...workload,
      },
    ],
  });
const training = (workload: Record<string, unknown>) => {
  const t = planScenario(llama2(workload), { monteCarlo: false }).workloads[0]?.training;
  if (!t) throw new Error('no training plan');
  return t;
};

describe('sizing by deadline', () => {
  it('meets the deadline with interruptions, not only at steady speed', () => {
    // 768 GPUs finish in 26.9 days at steady speed but 27.3 with interruptions: a 27-day
    // deadline needs the next size up.
    const at768 = training({ gpus: 768 });
    expect(at768.idealDays).toBeLessThan(27);
    expect(at768.days).toBeGreaterThan(27);
    const sized = training({ deadlineDays: 27 });
    expect(sized.gpus).toBeGreaterThan(768);
    expect(sized.days).toBeLessThanOrEqual(27);
  });

  it('a less reliable fleet needs more GPUs for the same deadline', () => {
    const usual = training({ deadlineDays: 27 });
    const flaky = planScenario(
      ScenarioSchema.parse({
        ...llama2({ deadlineDays: 27 }),
        reliability: { failuresPer1000NodeDays: 100 },
      }),
      { monteCarlo: false },
    ).workloads[0]?.training;
    expect(flaky?.gpus).toBeGreaterThan(usual.gpus);
    expect(flaky?.days).toBeLessThanOrEqual(27);
  });
});

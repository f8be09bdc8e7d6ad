import { describe, expect, it } from 'vitest';
import { planScenario } from './plan.js';
import { PlanSchema } from './plan-schema/plan.js';
import { WORKLOAD_PLAN_KINDS, type WorkloadPlan } from './plan-types.js';
import { ScenarioSchema } from './scenario/schema.js';

const RESULT_FIELD = {
  training: 'training',
  'generic-training': 'genericTraining',
  inference: 'inference',
  'generic-inference': 'genericInference',
  infeasible: 'infeasible',
} as const;

// One of each kind on 64 H100s: an LLM run, a ResNet-50 run, an LLM service, a ResNet-50
// service, and a run whose batch of 8 sequences divides no layout of its 40 GPUs.
const plan = planScenario(
  ScenarioSchema.parse({
    name: 'kinds',
    cluster: { gpu: 'h100-sxm-80gb' },
    workloads: [
      {
        name: 'llm',
        type: 'training',
        model: 'llama3.1-8b',
        tokens: 1e11,
        seqLen: 8192,
        globalBatchTokens: 4e6,
        gpus: 16,
      },
      {
        name: 'cnn',
        type: 'training',
        model: 'resnet50',
        samples: 1.28e8,
        globalBatchSamples: 4096,
        gpus: 16,
      },
      {
        name: 'chat',
        type: 'inference',
        model: 'llama3.1-8b',
        precision: 'fp8',
        inputTokens: 1024,
        outputTokens: 256,
        gpus: 8,
      },
      { name: 'vision', type: 'inference', model: 'resnet50', precision: 'int8', gpus: 8 },
      {
        name: 'odd',
        type: 'training',
        model: 'llama3.1-8b',
        tokens: 1e11,
        seqLen: 8192,
        globalBatchTokens: 65536,
        gpus: 40,
      },
    ],
  }),
  { monteCarlo: false },
);

describe('a workload plan is one variant per kind', () => {
  it('each workload carries exactly the result field its kind names', () => {
    expect(plan.workloads.map((w) => w.kind)).toEqual([
      'training',
      'generic-training',
      'inference',
      'generic-inference',
      'infeasible',
    ]);
    for (const w of plan.workloads) {
      const present = Object.values(RESULT_FIELD).filter((f) => f in w);
      expect(present).toEqual([RESULT_FIELD[w.kind]]);
    }
    expect(plan.feasible).toBe(false);
    expect(new Set(WORKLOAD_PLAN_KINDS)).toEqual(new Set(Object.keys(RESULT_FIELD)));
  });

  it('narrows on kind in TypeScript, and the schema refuses a kind without its field', () => {
    const days = (w: WorkloadPlan) => (w.kind === 'training' ? w.training.days : undefined);
    expect(days(plan.workloads[0]!)).toBeGreaterThan(0);
    expect(PlanSchema.safeParse(plan).success).toBe(true);
    const [first, ...rest] = plan.workloads;
    const mislabelled = { ...plan, workloads: [{ ...first, kind: 'inference' }, ...rest] };
    expect(PlanSchema.safeParse(mislabelled).success).toBe(false);
    const both = {
      ...plan,
      workloads: [{ ...first, infeasible: { reason: 'r', fix: 'f' } }, ...rest],
    };
    expect(PlanSchema.safeParse(both).success).toBe(false);
  });
});

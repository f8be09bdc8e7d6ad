// The committed plan schema is the one the zod schema generates, `aidc schema plan` prints it, and
// every example's plan validates against it with a real JSON Schema validator (Ajv, draft
// 2020-12); so do the plans of the validation scenarios, which reach further variants (MoE, MLA,
// inference engines, rack-scale systems). REGEN=1 rewrites schemas/plan.schema.json.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseScenario, planJsonSchema, planScenario, PlanSchema } from '@aidc/core';
import { describe, expect, it } from 'vitest';
import { main, nodeIo } from './main.js';
import type { Io } from './io.js';

const root = join(import.meta.dirname, '..', '..', '..');
const committed = join(root, 'schemas', 'plan.schema.json');
const expectedDir = join(root, 'examples', 'expected');

const yamlIn = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));

/** A scenario file planned as `aidc plan` plans it, as the JSON it prints. */
function planOf(file: string, monteCarlo = true): unknown {
  const parsed = parseScenario(readFileSync(join(root, file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file} is not a valid scenario`);
  return JSON.parse(JSON.stringify(planScenario(parsed.scenario, { monteCarlo })));
}

describe('plan JSON Schema', () => {
  const generated = JSON.stringify(planJsonSchema(), null, 2) + '\n';
  if (process.env['REGEN']) writeFileSync(committed, generated);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(JSON.parse(readFileSync(committed, 'utf8')));
  const check = (what: string, plan: unknown) =>
    expect(validate(plan), `${what}: ${JSON.stringify(validate.errors?.slice(0, 5))}`).toBe(true);

  it('schemas/plan.schema.json is what the zod schema generates (REGEN=1 rewrites it)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(generated);
  });

  it('aidc schema plan prints it; an unknown kind is a usage error', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { ...nodeIo, out: (t) => out.push(t), err: (t) => err.push(t) };
    expect(await main(['schema', 'plan'], io)).toBe(0);
    expect(out.join('\n') + '\n').toBe(readFileSync(committed, 'utf8'));
    expect(await main(['schema', 'plans'], io)).toBe(2);
    expect(err.join('\n')).toContain('expected scenario or plan');
  });

  it('every expected plan of the examples validates, with Ajv and with the zod schema', () => {
    const fixtures = readdirSync(expectedDir).filter((f) => f.endsWith('.plan.json'));
    expect(fixtures.length).toBeGreaterThanOrEqual(6);
    for (const f of fixtures) {
      const plan: unknown = JSON.parse(readFileSync(join(expectedDir, f), 'utf8'));
      check(f, plan);
      const parsed = PlanSchema.safeParse(plan);
      expect(parsed.success, `${f}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it("every example's plan, planned now, validates", () => {
    for (const file of yamlIn('examples')) check(file, planOf(file));
  });

  it('the plans of the validation scenarios validate', () => {
    const files = [
      ...yamlIn('validation/training/scenarios'),
      ...yamlIn('validation/inference/scenarios'),
    ];
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) check(file, planOf(file, false));
  });

  it('a plan with no cluster to build is the unbuilt variant: counts and workloads, no building', () => {
    const parsed = parseScenario(
      [
        'name: an accelerator of its own, with no server platform in the catalog',
        'cluster:',
        '  gpus: 64',
        '  gpu: { id: my-gpu, bf16Tflops: 1000, hbmGB: 141, hbmTBps: 4.8, scaleUpGBps: 450,',
        '         scaleUpDomain: 8, nicGbps: 400, tdpW: 700, source: Vendor datasheet rev 1 }',
        'workloads:',
        '  - { name: p, type: training, model: llama3.1-8b, tokens: 1.0e10, seqLen: 4096, globalBatchTokens: 1048576 }',
      ].join('\n'),
    );
    if (!parsed.ok) throw new Error('not a valid scenario');
    const plan = planScenario(parsed.scenario, { monteCarlo: false });
    expect(plan.built).toBe(false);
    if (plan.built) return;
    expect(plan.cluster).toEqual({ gpu: 'my-gpu', gpus: 64, servers: 8, gpusPerServer: 8 });
    expect(plan.facility ?? plan.cost ?? plan.carbon).toBeUndefined();
    expect(plan.warnings.map((w) => w.code)).toContain('cluster-not-built');
    expect(plan.workloads[0]?.training?.days).toBeGreaterThan(0);
    const json: unknown = JSON.parse(JSON.stringify(plan));
    check('unbuilt', json);
    expect(PlanSchema.safeParse(json).success).toBe(true);
    expect(validate({ ...(json as object), facility: {} }), 'a facility on it').toBe(false);
  });

  it('a missing figure, an unknown key, a string for a number or an unknown word do not', () => {
    const cases: [string, (string | number)[], unknown][] = [
      ['no mfu', ['workloads', 0, 'training', 'mfu'], undefined],
      ['an unknown key', ['cluster', 'gpuz'], 1],
      ['a string for a number', ['cost', 'tcoUsd'], '1e9'],
      ['a fractional GPU count', ['cluster', 'gpus'], 16384.5],
      ['an unknown tier', ['facility', 'tier'], 'V'],
      ['another contract version', ['schemaVersion'], '0.1'],
      ['null for a figure', ['carbon', 'embodiedTCO2e'], null],
      ['an unknown warning code', ['warnings', 0, 'code'], 'something-odd'],
      ['a warning as a bare string', ['warnings', 0], 'a warning'],
      ['a built plan without its facility', ['facility'], undefined],
      ['an unbuilt plan with a facility', ['built'], false],
    ];
    for (const [what, path, value] of cases) {
      const plan: unknown = JSON.parse(
        readFileSync(join(expectedDir, 'llama3.1-405b-16k-h100.plan.json'), 'utf8'),
      );
      type Node = Record<string | number, unknown>;
      const key = path[path.length - 1] as string | number;
      const parent = path.slice(0, -1).reduce((node, k) => (node as Node)[k], plan) as Node;
      expect(parent, what).toBeTypeOf('object');
      if (value === undefined) Reflect.deleteProperty(parent, key);
      else parent[key] = value;
      expect(validate(plan), what).toBe(false);
      expect(PlanSchema.safeParse(plan).success, what).toBe(false);
    }
  });
});

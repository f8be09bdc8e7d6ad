// `aidc plan` of a scenario whose money asks for the simulated utilisation: the simulation runs
// first, as `aidc simulate` runs it, and the plan's economics use what it measured.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, planScenario, type Plan } from '@aidc/core';
import { simulatePlan } from '@aidc/sim';
import { main } from './main.js';
import { capture } from './test-io.js';

const example = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'examples',
  'scheduler-comparison.yaml',
);

describe('aidc plan with economics.utilization: simulated', () => {
  it('the money uses the utilisation the scenario’s simulation measures', async () => {
    const io = capture();
    expect(await main(['plan', example, '--json'], io)).toBe(0);
    const plan = JSON.parse(io.stdout.join('')) as Plan;

    const parsed = parseScenario(readFileSync(example, 'utf8'));
    if (!parsed.ok) throw new Error('example invalid');
    expect(parsed.scenario.economics.utilization).toBe('simulated');
    const run = simulatePlan(planScenario(parsed.scenario, { monteCarlo: false }));
    expect(plan.cost?.inputs.utilization).toBe(run.result.utilization);
    // Neither the assumed 70% nor a guess: the backfill run's 30-day figure.
    expect(plan.cost?.inputs.utilization).not.toBe(0.7);
    const said = plan.assumptions?.find((a) => a.name === 'utilisation, horizon, discount');
    expect(said?.value).toContain('simulated');
    expect(said?.source).toContain(`policy ${run.settings.policy}`);
    expect(plan.warnings.map((w) => w.code)).not.toContain('utilization-not-simulated');
  });
});

// economics.utilization: simulated: the money takes the utilisation a simulation measured, says
// so in its assumptions, and, planned without one, uses the default with a warning.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.js';
import { planScenario } from '../plan.js';

const text = (utilization: string, simulation = true) => `name: simulated utilisation
cluster: { gpu: h100-sxm-80gb, gpus: 64 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e11, seqLen: 4096, globalBatchTokens: 2e6 }
economics: { utilization: ${utilization}, gpuRentalUsdPerHour: 2.5 }
${
  simulation
    ? `simulation:
  days: 2
  jobs: { synthetic: { arrivalsPerDay: 100, gpus: [[1, 1]], durationHours: { distribution: fixed, value: 1 } } }
`
    : ''
}`;

function scenarioOf(source: string) {
  const parsed = parseScenario(source);
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  return parsed.scenario;
}

describe('economics.utilization: simulated', () => {
  it('the money uses the simulated utilisation, exactly as a number given would', () => {
    const simulated = planScenario(scenarioOf(text('simulated')), {
      monteCarlo: false,
      simulatedUtilization: { value: 0.42, basis: '2 days, policy backfill, seed 1' },
    });
    const given = planScenario(scenarioOf(text('0.42')), { monteCarlo: false });
    expect(simulated.cost?.inputs.utilization).toBe(0.42);
    expect(simulated.cost?.tcoUsd).toBe(given.cost?.tcoUsd);
    expect(simulated.cost?.usdPerGpuHour).toBe(given.cost?.usdPerGpuHour);
    expect(simulated.cost?.investment?.npvUsd).toBe(given.cost?.investment?.npvUsd);
    const said = simulated.assumptions?.find((a) => a.name === 'utilisation, horizon, discount');
    expect(said?.value).toMatch(/^42\.0% simulated/);
    expect(said?.source).toContain('2 days, policy backfill, seed 1');
    expect(simulated.warnings.map((w) => w.code)).not.toContain('utilization-not-simulated');
  });

  it('planned without a simulation: the default 70%, and a warning that says why', () => {
    const plan = planScenario(scenarioOf(text('simulated')), { monteCarlo: false });
    expect(plan.cost?.inputs.utilization).toBe(0.7);
    const w = plan.warnings.find((x) => x.code === 'utilization-not-simulated');
    expect(w?.path).toBe('economics.utilization');
    expect(w?.message).toContain('no simulation ran for this plan');
    expect(plan.scenario.economics.utilization).toBe('simulated');
  });

  it('asks for a simulation section to simulate', () => {
    const parsed = parseScenario(text('simulated', false));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const issue = parsed.issues.find((i) => i.path.join('.') === 'economics.utilization');
    expect(issue?.message).toContain('needs a simulation section');
    expect(issue?.hint).toContain('simulation:');
  });
});

// A lone large training job on its planned cluster: the simulated goodput against the plan's
// analytic goodput (Daly 2006's expected wall time), and the interruption count against the
// Poisson mean of the plan's rate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario, planScenario } from '@aidc/core';
import { describe, expect, it } from 'vitest';
import { clusterFromPlan, failuresFromPlan } from './from-plan.js';
import { loneJobRuns } from './lone-job.js';

const root = join(import.meta.dirname, '..', '..', '..');
const parsed = parseScenario(
  readFileSync(join(root, 'examples', 'llama3.1-405b-16k-h100.yaml'), 'utf8'),
);
if (!parsed.ok) throw new Error('example scenario is invalid');
const plan = planScenario(parsed.scenario, { monteCarlo: false });
const training = plan.workloads[0]!.training!;
const reliability = training.reliability!;
const cluster = clusterFromPlan(plan);
const failures = failuresFromPlan(plan, cluster);

describe('a lone 405B training job on 16,384 H100 with failures', () => {
  it("fails at the plan's rate: per-server rate x the job's servers = its interruptions per day", () => {
    const jobServers = training.gpus / cluster.gpusPerServer;
    expect(failures.perServerPerDay * jobServers).toBeCloseTo(reliability.interruptionsPerDay, 9);
    expect(cluster.servers.length).toBeGreaterThan(jobServers);
  });

  it("simulated goodput within 2% of the plan's, interruptions matching the Poisson mean", () => {
    const r = loneJobRuns(plan, 12);
    expect(r.finished).toBe(12);
    expect(Math.abs(r.goodput / reliability.goodput - 1)).toBeLessThan(0.02);
    // Poisson: the mean count over the runs' own wall time, within 3 standard errors.
    expect(Math.abs(r.interruptions - r.expectedInterruptions)).toBeLessThan(
      3 * Math.sqrt(r.expectedInterruptions),
    );
    // 40 runs gave 0.8571 against the plan's 0.8627, and 25,119 interruptions against 25,084.6.
    expect(reliability.goodput).toBeCloseTo(0.8627, 3);
  }, 120_000);
});

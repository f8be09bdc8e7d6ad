import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario, planScenario } from '@aidc/core';
import { describe, expect, it } from 'vitest';
import { buildCluster } from './cluster/cluster.js';
import type { SimJob } from './jobs/job.js';
import { syntheticJobs } from './jobs/synthetic.js';
import { simulatePlan } from './simulate-plan.js';
import { simulate, type SimulationInput } from './simulate.js';

const cluster = buildCluster({
  gpu: 'test',
  servers: 8,
  gpusPerServer: 8,
  serversPerDomain: 1,
  serversPerLeafGroup: 8,
  serversPerRack: 8,
});
const job = (id: string, submitH: number, gpus: number, hours: number): SimJob => ({
  id,
  submitS: submitH * 3600,
  gpus,
  gpuMilli: 1000,
  durationS: hours * 3600,
});
// 1.2 kW a GPU busy, 0.3 kW idle (facility), PUE 1.5.
const power = { busyKWPerGpu: 1.2, idleKWPerGpu: 0.3, pue: 1.5 };
const base = (jobs: SimJob[], over: Partial<SimulationInput> = {}): SimulationInput => ({
  cluster,
  jobs,
  horizonS: 48 * 3600,
  seed: 1,
  policy: 'fifo',
  placement: 'topology',
  power,
  sampleEveryS: 3600,
  ...over,
});

describe('power and energy over time', () => {
  // 16 GPUs for 1-11 h, 8 GPUs for 2-32 h, on 64 GPUs over two days.
  const jobs = [job('a', 1, 16, 10), job('b', 2, 8, 30)];
  const { result } = simulate(base(jobs));
  it('energy is the integral of power: busy GPU-hours at the busy draw, the rest idle', () => {
    // (16 x 10 + 8 x 30) GPU-hours x (1.2 - 0.3) kW + 64 x 48 GPU-hours x 0.3 kW = 1.2816 MWh.
    expect(result.energyMWh).toBeCloseTo(1.2816, 12);
    // Every event falls on a sample: the hourly samples times an hour sum to the same energy.
    const sampled = result.timeseries.powerMW.slice(0, 48).reduce((a, b) => a + b, 0);
    expect(sampled).toBeCloseTo(result.energyMWh, 12);
    // Day 1: (160 + 176) x 0.9 kWh + 64 x 24 x 0.3 kWh; day 2: 64 x 0.9 + 460.8 kWh.
    expect(result.energyPerDayMWh).toHaveLength(2);
    expect(result.energyPerDayMWh[0]).toBeCloseTo(0.7632, 12);
    expect(result.energyPerDayMWh[1]).toBeCloseTo(0.5184, 12);
    expect(result.itEnergyMWh).toBeCloseTo(1.2816 / 1.5, 12);
    expect(result.timeseries.itPowerMW[3]).toBeCloseTo(result.timeseries.powerMW[3]! / 1.5, 12);
    // Peak: 24 busy GPUs (2-11 h): 24 x 1.2 + 40 x 0.3 kW.
    expect(result.peakPowerMW).toBeCloseTo(0.0408, 12);
  });
  it('a cap defers work until it fits: the 8-GPU job waits for the 16-GPU one', () => {
    // 33.6 kW: 16 busy GPUs (16 x 1.2 + 48 x 0.3 kW), no more.
    const capped = simulate(base(jobs, { power: { ...power, capMW: 0.0336 } }));
    expect(capped.outcomes.firstStartS[1]).toBe(11 * 3600);
    expect(capped.result.queueDelayS.mean).toBe((9 * 3600) / 2);
    expect(capped.result.peakPowerMW).toBeLessThanOrEqual(0.0336 + 1e-12);
    // A job that alone draws more than the cap allows is refused, not left waiting forever.
    const big = simulate(base([job('c', 0, 24, 1)], { power: { ...power, capMW: 0.0336 } }));
    expect(big.result.jobs.rejected).toBe(1);
  });
  it('a cap below the idle cluster is refused', () => {
    expect(() => simulate(base(jobs, { power: { ...power, capMW: 0.01 } }))).toThrow(
      /below the idle cluster's 0.019 MW/,
    );
  });
  it('a service replica takes power from training: the job is stopped back to its checkpoint', () => {
    const service = {
      workload: 'chat',
      gpusPerReplica: 8,
      capacityPerReplica: 1,
      slots: 1,
      holdS: 1,
      waitBudgetS: 0,
      requestsPerS: 1,
      loadProfile: [0, 1],
      minReplicas: 0,
      maxReplicas: 1,
      intervalS: 12 * 3600,
      balancer: 'random' as const,
    };
    const training = { ...job('t', 0, 16, 20), checkpointIntervalS: 5 * 3600 };
    const run = simulate(
      base([training], { power: { ...power, capMW: 0.0336 }, services: [service] }),
    );
    // At 12 h the replica needs 8 more busy GPUs than the cap allows: the job stops (10 h saved),
    // waits until the replica leaves at 24 h, and runs its last 10 h.
    expect(run.outcomes.preemptions[0]).toBe(1);
    expect(run.outcomes.finishS[0]).toBe(34 * 3600);
    expect(run.result.services[0]!.replicas.slice(11, 14)).toEqual([0, 1, 1]);
    expect(run.result.peakPowerMW).toBeLessThanOrEqual(0.0336 + 1e-12);
  });
});

describe('a power cap on a whole run', () => {
  const mix = {
    arrivalsPerDay: 200,
    gpus: [
      [1, 0.5],
      [8, 0.4],
      [16, 0.1],
    ] as [number, number][],
    durationHours: { distribution: 'exponential' as const, mean: 1 },
  };
  // 200 jobs a day of 5.3 GPU-hours on average: 0.69 of the 64 GPUs.
  const horizonS = 20 * 86_400;
  const input = (capMW?: number): SimulationInput =>
    base(syntheticJobs(mix, horizonS, 4), {
      horizonS,
      policy: 'backfill',
      power: { ...power, capMW },
    });
  const free = simulate(input()).result;
  // A cap at 80% of the way from the idle cluster to the uncapped run's peak.
  const idle = (64 * 0.3) / 1000;
  const cap = idle + 0.8 * (free.peakPowerMW - idle);
  const capped = simulate(input(cap)).result;
  it('never draws more than the cap, at any moment or sample', () => {
    expect(free.peakPowerMW).toBeGreaterThan(cap);
    expect(capped.peakPowerMW).toBeLessThanOrEqual(cap + 1e-12);
    expect(Math.max(...capped.timeseries.powerMW)).toBeLessThanOrEqual(cap + 1e-12);
  });
  it('raises the queueing delay and lowers the energy, the same work done', () => {
    expect(capped.queueDelayS.mean).toBeGreaterThan(free.queueDelayS.mean * 1.5);
    expect(capped.energyMWh).toBeLessThanOrEqual(free.energyMWh + 1e-9);
    expect(capped.jobs.completed).toBeGreaterThan(free.jobs.completed * 0.97);
  });
});

describe('the power cap from the scenario', () => {
  const text = readFileSync(
    join(import.meta.dirname, '..', '..', '..', 'examples', 'chat-service-and-jobs.yaml'),
    'utf8',
  );
  it('names the key, the idle floor and the full-load draw when the cap is below the floor', () => {
    const parsed = parseScenario(text.replace('  days: 14', '  days: 1\n  powerCapMW: 0.05'));
    if (!parsed.ok) throw new Error('invalid scenario');
    const plan = planScenario(parsed.scenario, { monteCarlo: false });
    expect(() => simulatePlan(plan)).toThrow(
      /^simulation\.powerCapMW: expected at least 0\.\d+ MW, the planned cluster's idle draw \(264 GPUs .*found 0\.05; hint: the cluster at full load draws 0\.\d+ MW$/,
    );
  });
});

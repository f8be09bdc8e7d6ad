import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseScenario,
  planScenario,
  POWER_CAP_THROUGHPUT,
  powerCapThroughputCurve,
} from '@aidc/core';
import { describe, expect, it } from 'vitest';
import { buildCluster } from './cluster/cluster.js';
import type { SimJob } from './jobs/job.js';
import { syntheticJobs } from './jobs/synthetic.js';
import { throughputAt, throttledFraction, throttleLimits } from './power-throttle.js';
import { simulatePlan } from './simulate-plan.js';
import { simulate, type PowerModel, type SimulationInput } from './simulate.js';
import { simulationJson } from './simulation-json.js';

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
      startS: 0,
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

// Throttling: the GPUs power-capped along the measured curve instead of work waiting.
const curve = powerCapThroughputCurve();
const throttled = (capMW: number): PowerModel => ({
  ...power,
  capMW,
  capPolicy: 'throttle',
  throughputCurve: curve,
});

describe('the throughput-vs-power-cap curve', () => {
  it('is the catalog sweep as shares of its uncapped point, lowest draw first', () => {
    const points = POWER_CAP_THROUGHPUT.points.value;
    expect(points).toHaveLength(7);
    expect(curve[curve.length - 1]).toEqual({ powerFraction: 1, throughput: 1 });
    // The 100 W limit: 99.5 W of the uncapped 228.2 W, an epoch 3583 s against 1733 s.
    expect(curve[0]!.powerFraction).toBeCloseTo(99.47663170591741 / 228.21864961033535, 12);
    expect(curve[0]!.throughput).toBeCloseTo(1733.285 / 3583.43, 12);
    for (let k = 1; k < curve.length; k++) {
      expect(curve[k]!.powerFraction).toBeGreaterThan(curve[k - 1]!.powerFraction);
      expect(curve[k]!.throughput).toBeGreaterThan(curve[k - 1]!.throughput);
    }
  });
  it('interpolates between points, 1 at full draw, the floor below it', () => {
    expect(throughputAt(curve, 1)).toBe(1);
    const [a, b] = [curve[3]!, curve[4]!];
    const mid = (a.powerFraction + b.powerFraction) / 2;
    expect(throughputAt(curve, mid)).toBeCloseTo((a.throughput + b.throughput) / 2, 12);
    expect(throughputAt(curve, 0.1)).toBe(curve[0]!.throughput);
  });
  it('gives the draw share that fits and the busy capacity at the floor', () => {
    // 32 of 64 GPUs busy under a 40 kW cap: 32 x 0.3 idle + 32 x 1.2 f = 40, f = 30.4 / 38.4.
    expect(throttledFraction(40, 64, 32, 1.2, 0.3)).toBeCloseTo(30.4 / 38.4, 12);
    expect(throttledFraction(60, 64, 32, 1.2, 0.3)).toBe(1);
    const floor = curve[0]!.powerFraction;
    const limits = throttleLimits(curve, 40, 64, 1.2, 0.3);
    expect(limits.floorFraction).toBe(floor);
    // Busy GPUs at the floor: 64 x 0.3 + B (1.2 floor - 0.3) <= 40.
    expect(limits.maxBusyMilli).toBe(Math.floor(((40 - 19.2) / (1.2 * floor - 0.3)) * 1000 + 1e-6));
  });
});

describe('a throttling power cap: one job over the cap', () => {
  // 32 GPUs for 10 h: 32 x 1.2 + 32 x 0.3 = 48 kW uncapped. The cap lets each busy GPU draw the
  // share of the curve's 200 W point (191.2 W of 228.2 W): 32 x 0.3 + 32 x 1.2 x 0.838 = 41.8 kW.
  const point = curve[4]!;
  const capKW = 32 * 0.3 + 32 * 1.2 * point.powerFraction;
  const lone = [job('a', 1, 32, 10)];
  const run = simulate(base(lone, { power: throttled(capKW / 1000) }));
  it('never waits, and its run time stretches by 1 / the throughput at the capped draw', () => {
    expect(capKW / 48).toBeCloseTo(0.8702, 4);
    expect(point.throughput).toBeCloseTo(0.94041, 5);
    expect(run.result.jobs.rejected).toBe(0);
    expect(run.outcomes.firstStartS[0]).toBe(3600);
    const runS = run.outcomes.finishS[0]! - 3600;
    // 10 h / 0.94041 = 10.634 h.
    expect(runS / 3600).toBeCloseTo(10 / point.throughput, 9);
    expect(runS / 3600).toBeCloseTo(10.634, 3);
    const t = run.result.powerThrottle!;
    expect(t.throttledHours).toBeCloseTo(10 / point.throughput, 9);
    expect(t.meanThroughputFactor).toBeCloseTo(point.throughput, 9);
    expect(t.lowestPowerFraction).toBeCloseTo(point.powerFraction, 12);
    expect(t.deferringHours).toBe(0);
  });
  it('draws the cap while throttled and the idle cluster otherwise', () => {
    const throttledH = 10 / point.throughput;
    // 41.8 kW x 10.634 h + 64 x 0.3 kW x (48 - 10.634) h.
    expect(run.result.energyMWh).toBeCloseTo(
      (capKW * throttledH + 19.2 * (48 - throttledH)) / 1000,
      9,
    );
    expect(run.result.energyMWh).toBeLessThanOrEqual((capKW * 48) / 1000);
    expect(run.result.peakPowerMW).toBeCloseTo(capKW / 1000, 12);
    expect(Math.max(...run.result.timeseries.powerMW)).toBeLessThanOrEqual(capKW / 1000 + 1e-12);
    expect(run.result.energyPerDayMWh.reduce((a, b) => a + b, 0)).toBeCloseTo(
      run.result.energyMWh,
      12,
    );
  });
  it('under defer the same job is refused, as before, whatever curve is given', () => {
    const deferred = simulate(base(lone, { power: { ...power, capMW: capKW / 1000 } }));
    expect(deferred.result.jobs.rejected).toBe(1);
    const explicit = simulate(
      base(lone, {
        power: { ...power, capMW: capKW / 1000, capPolicy: 'defer', throughputCurve: curve },
      }),
    );
    expect(JSON.stringify(explicit.result)).toBe(JSON.stringify(deferred.result));
    expect(deferred.result.powerThrottle).toBeUndefined();
  });
  it('two jobs: the second slows the first, which speeds up again when the second ends', () => {
    // 16 GPUs for 1-11 h alone fit (16 x 1.2 + 48 x 0.3 = 33.6 kW); with 8 more from 2 h the
    // 24 busy GPUs share 33.6 - 40 x 0.3 = 21.6 kW, 0.75 of their draw.
    const two = simulate(
      base([job('a', 1, 16, 10), job('b', 2, 8, 3)], { power: throttled(0.0336) }),
    );
    const f = 21.6 / (24 * 1.2);
    const r = throughputAt(curve, f);
    expect(two.outcomes.firstStartS[1]).toBe(2 * 3600);
    // b runs 3 h of work at r; a does 1 h at full speed, 3 h of work at r, then the rest at 1.
    const bEnd = 2 + 3 / r;
    expect(two.outcomes.finishS[1]! / 3600).toBeCloseTo(bEnd, 9);
    expect(two.outcomes.finishS[0]! / 3600).toBeCloseTo(bEnd + (10 - 1 - 3), 9);
    expect(two.result.peakPowerMW).toBeLessThanOrEqual(0.0336 + 1e-12);
  });
});

describe('a throttling power cap on a whole run', () => {
  const mix = {
    arrivalsPerDay: 200,
    gpus: [
      [1, 0.5],
      [8, 0.4],
      [16, 0.1],
    ] as [number, number][],
    durationHours: { distribution: 'exponential' as const, mean: 1 },
  };
  const horizonS = 20 * 86_400;
  const input = (p: PowerModel): SimulationInput =>
    base(syntheticJobs(mix, horizonS, 4), { horizonS, policy: 'backfill', power: p });
  const free = simulate(input(power)).result;
  const idle = (64 * 0.3) / 1000;
  const cap = idle + 0.8 * (free.peakPowerMW - idle);
  const deferred = simulate(input({ ...power, capMW: cap })).result;
  const capped = simulate(input(throttled(cap)));
  it('never draws more than the cap: energy within cap x time', () => {
    expect(capped.result.peakPowerMW).toBeLessThanOrEqual(cap + 1e-12);
    expect(Math.max(...capped.result.timeseries.powerMW)).toBeLessThanOrEqual(cap + 1e-12);
    expect(capped.result.energyMWh).toBeLessThanOrEqual((cap * horizonS) / 3600 + 1e-9);
    for (const e of capped.result.energyPerDayMWh) expect(e).toBeLessThanOrEqual(cap * 24 + 1e-9);
  });
  it('waits less than deferring, its jobs running slower instead', () => {
    const t = capped.result.powerThrottle!;
    expect(t.throttledHours).toBeGreaterThan(0);
    expect(t.meanThroughputFactor).toBeLessThan(1);
    expect(t.meanThroughputFactor).toBeGreaterThan(t.floorThroughput);
    expect(capped.result.queueDelayS.mean).toBeLessThan(deferred.queueDelayS.mean);
    expect(capped.result.jobs.completed).toBeGreaterThan(free.jobs.completed * 0.97);
  });
  it('is byte-identical for the same seed', () => {
    const again = simulate(input(throttled(cap)));
    expect(JSON.stringify(again.result)).toBe(JSON.stringify(capped.result));
  });
  it('holds work back at the curve floor when the cap is lower still', () => {
    const low = idle + 0.1 * (free.peakPowerMW - idle);
    const r = simulate(input(throttled(low))).result;
    expect(r.powerThrottle!.deferringHours).toBeGreaterThan(0);
    expect(r.powerThrottle!.lowestPowerFraction).toBeGreaterThanOrEqual(
      r.powerThrottle!.floorPowerFraction - 1e-12,
    );
    expect(r.peakPowerMW).toBeLessThanOrEqual(low + 1e-12);
  });
});

describe('powerCapPolicy in the scenario', () => {
  const text = readFileSync(
    join(import.meta.dirname, '..', '..', '..', 'examples', 'chat-service-and-jobs.yaml'),
    'utf8',
  );
  it('rejects a policy other than defer or throttle, naming both', () => {
    const parsed = parseScenario(text.replace('  days: 14', '  days: 1\n  powerCapPolicy: slow'));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues[0]).toMatchObject({
      code: 'invalid-value',
      path: ['simulation', 'powerCapPolicy'],
      expected: 'one of "defer" | "throttle"',
      found: '"slow"',
    });
  });
  it('throttles the planned cluster and reports it in the JSON', () => {
    const parsed = parseScenario(text.replace('  days: 14', '  days: 1'));
    if (!parsed.ok) throw new Error('invalid scenario');
    const plan = planScenario(parsed.scenario, { monteCarlo: false });
    const free = simulatePlan(plan);
    const capMW = Number((free.result.peakPowerMW * 0.9).toFixed(3));
    const withCap = (policy: 'defer' | 'throttle') =>
      simulatePlan({
        ...plan,
        scenario: {
          ...plan.scenario,
          simulation: { ...plan.scenario.simulation!, powerCapMW: capMW, powerCapPolicy: policy },
        },
      });
    const run = withCap('throttle');
    const json = simulationJson(run, undefined)['simulation'] as Record<string, unknown>;
    expect(json['powerCapPolicy']).toBe('throttle');
    expect(json['powerThrottle']).toMatchObject({ floorPowerFraction: curve[0]!.powerFraction });
    expect(run.result.peakPowerMW).toBeLessThanOrEqual(capMW + 1e-9);
    expect(JSON.stringify(simulationJson(withCap('throttle'), undefined))).toBe(
      JSON.stringify(simulationJson(run, undefined)),
    );
  });
});

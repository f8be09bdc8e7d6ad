import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario, planScenario } from '@aidc/core';
import { describe, expect, it } from 'vitest';
import { buildCluster } from './cluster/cluster.js';
import { createEventQueue } from './engine/event-queue.js';
import { clusterFromPlan } from './from-plan.js';
import type { SimJob } from './jobs/job.js';
import { syntheticJobs } from './jobs/synthetic.js';
import { simulate, type SimulationInput } from './simulate.js';

const power = { busyKWPerGpu: 1.2, idleKWPerGpu: 0.3 };
const job = (id: string, submitS: number, gpus: number, hours: number): SimJob => ({
  id,
  submitS,
  gpus,
  gpuMilli: 1000,
  durationS: hours * 3600,
});

describe('event queue', () => {
  it('pops by time, then by the order events were scheduled', () => {
    const q = createEventQueue(16);
    const times = [5, 1, 3, 1, 5, 0, 3];
    times.forEach((t, i) => q.push(t, 0, i, 0));
    for (let i = 0; i < 100; i++) q.push(10 + ((i * 37) % 50), 1, 100 + i, 0);
    const out = { time: 0, kind: 0, a: 0, b: 0 };
    const popped: [number, number][] = [];
    while (q.pop(out)) popped.push([out.time, out.a]);
    expect(popped.slice(0, 7)).toEqual([
      [0, 5],
      [1, 1],
      [1, 3],
      [3, 2],
      [3, 6],
      [5, 0],
      [5, 4],
    ]);
    expect(popped.every((p, i) => i === 0 || p[0] >= popped[i - 1]![0])).toBe(true);
    expect(popped.length).toBe(107);
  });
});

describe('the cluster from the plan', () => {
  it('8B on 64 A100: nine DGX servers (one spare) in one leaf group, two racks', () => {
    const text = readFileSync(
      join(import.meta.dirname, '..', '..', '..', 'examples', 'llama3.1-8b-small.yaml'),
      'utf8',
    );
    const parsed = parseScenario(text);
    if (!parsed.ok) throw new Error('invalid example');
    const plan = planScenario(parsed.scenario, { monteCarlo: false });
    const c = clusterFromPlan(plan);
    expect(c.servers.length).toBe(plan.cluster.servers);
    expect(c.servers.length).toBe(9);
    expect(c.servers[0]!.id).toBe('srv-0001');
    expect(c.servers[8]!.id).toBe('srv-0009');
    expect(c.totalGpus).toBe(72);
    // One DGX A100 is one NVLink domain; 72 server ports (8 rails) on 4 leaves of 20 down ports.
    expect(c.domains).toBe(9);
    expect(c.leafGroups).toBe(1);
    expect(c.servers[8]!.rack).toBe(1);
  });
});

const cluster = buildCluster({
  gpu: 'test',
  servers: 8,
  gpusPerServer: 8,
  serversPerDomain: 1,
  serversPerLeafGroup: 4,
  serversPerRack: 2,
});
const base = (jobs: SimJob[], over: Partial<SimulationInput> = {}): SimulationInput => ({
  cluster,
  jobs,
  horizonS: 100 * 3600,
  seed: 1,
  policy: 'fifo',
  placement: 'topology',
  power,
  sampleEveryS: 3600,
  ...over,
});

describe('schedulers', () => {
  // 64 GPUs. A 48-GPU job runs 10 h; a 64-GPU job then waits for the whole cluster; a short
  // 8-GPU job arrives behind it.
  const jobs = [
    job('a', 0, 48, 10),
    job('big', 60, 64, 5),
    job('short', 120, 8, 2),
    job('long', 180, 8, 20),
  ];
  it('FIFO: the short job waits behind the blocked 64-GPU job', () => {
    const { outcomes } = simulate(base(jobs));
    expect(outcomes.firstStartS[1]).toBe(10 * 3600);
    expect(outcomes.firstStartS[2]).toBe(15 * 3600);
  });
  it('EASY backfilling: the short job runs in the gap, the long one may not delay the reservation', () => {
    const { outcomes } = simulate(base(jobs, { policy: 'backfill' }));
    expect(outcomes.firstStartS[2]).toBe(120);
    expect(outcomes.firstStartS[1]).toBe(10 * 3600);
    expect(outcomes.firstStartS[3]).toBe(15 * 3600);
  });
  it('SJF: the queue is taken shortest first', () => {
    const { outcomes } = simulate(base(jobs, { policy: 'sjf' }));
    // The 2 h job is ordered ahead of the blocked 5 h one when it arrives, and fits at once.
    expect(outcomes.firstStartS[2]).toBe(120);
    expect(outcomes.firstStartS[1]).toBeGreaterThan(outcomes.firstStartS[2]!);
  });
});

describe('placement', () => {
  // Two 16-GPU jobs then a 32-GPU job: topology-aware keeps the 32-GPU job in one leaf group.
  const jobs = [job('x', 0, 8, 50), job('y', 1, 16, 50), job('z', 2, 32, 50)];
  it('topology: a four-server job in one leaf group', () => {
    const { result } = simulate(base(jobs, { placement: 'topology' }));
    expect(result.placement.multiServerJobs).toBe(2);
    expect(result.placement.meanLeafGroups).toBe(1);
  });
  it('pack takes free servers wherever they are', () => {
    const { result } = simulate(base(jobs, { placement: 'pack' }));
    expect(result.placement.meanLeafGroups).toBeGreaterThan(1);
  });
  it('GPU sharing: four quarter-GPU requests share one GPU', () => {
    const shared = [0, 1, 2, 3].map((i): SimJob => ({
      id: `s${i}`,
      submitS: i,
      gpus: 1,
      gpuMilli: 250,
      durationS: 3600,
    }));
    const { result } = simulate(base(shared, { horizonS: 1800, sampleEveryS: 1000 }));
    expect(result.timeseries.busyGpus[1]).toBe(1);
  });
});

describe('whole runs', () => {
  const mix = {
    arrivalsPerDay: 300,
    gpus: [
      [1, 0.5],
      [8, 0.35],
      [32, 0.15],
    ] as [number, number][],
    durationHours: { distribution: 'exponential' as const, mean: 1 },
    checkpointIntervalMin: 60,
  };
  const horizonS = 20 * 86_400;
  const input = (seed: number): SimulationInput =>
    base(syntheticJobs(mix, horizonS, seed), {
      horizonS,
      seed,
      policy: 'backfill',
      failures: {
        perServerPerDay: 0.05,
        hardwareShare: 0.85,
        repairS: 24 * 3600,
        restartS: 17.5 * 60,
      },
    });
  it('the same input and seed give byte-identical results; another seed differs', () => {
    const a = JSON.stringify(simulate(input(3)).result);
    expect(JSON.stringify(simulate(input(3)).result)).toBe(a);
    expect(JSON.stringify(simulate(input(4)).result)).not.toBe(a);
  });
  it('accounts: energy from busy and idle power, jobs conserved, failures repaired', () => {
    const { result } = simulate(input(3));
    const j = result.jobs;
    expect(j.completed + j.pending + j.running + j.rejected).toBe(j.submitted);
    expect(result.failures.serverFailures).toBeGreaterThan(0);
    expect(result.failures.repairs).toBeLessThanOrEqual(result.failures.serverFailures);
    const hours = horizonS / 3600;
    const busy = result.utilization * 64 * hours;
    // No warm-up: utilisation covers the whole run, so energy = busy x 1.2 kW + idle x 0.3 kW.
    expect(result.energyMWh).toBeCloseTo((busy * 1.2 + (64 * hours - busy) * 0.3) / 1000, 6);
    expect(result.goodput).toBeGreaterThan(0.9);
    expect(result.goodput).toBeLessThan(1);
    expect(result.timeseries.tHours.length).toBe(20 * 24 + 1);
  });
});

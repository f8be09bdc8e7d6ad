import { describe, expect, it } from 'vitest';
import { buildCluster } from '../cluster/cluster.js';
import type { SimJob } from '../jobs/job.js';
import { syntheticJobs } from '../jobs/synthetic.js';
import { simulate, type SimulationInput } from '../simulate.js';

const H = 3600;
const cluster = buildCluster({
  gpu: 'test',
  servers: 8,
  gpusPerServer: 8,
  serversPerDomain: 1,
  serversPerLeafGroup: 8,
  serversPerRack: 8,
});
const job = (
  id: string,
  submitH: number,
  gpus: number,
  hours: number,
  more: Partial<SimJob> = {},
): SimJob => ({ id, submitS: submitH * H, gpus, gpuMilli: 1000, durationS: hours * H, ...more });
const run = (jobs: SimJob[], over: Partial<SimulationInput> = {}) =>
  simulate({
    cluster,
    jobs,
    horizonS: 48 * H,
    seed: 1,
    policy: 'priority',
    placement: 'topology',
    power: { busyKWPerGpu: 1, idleKWPerGpu: 0.2 },
    sampleEveryS: H,
    ...over,
  });

describe('priority with preemption', () => {
  it('a high-priority job stops a low one, which loses only the work since its checkpoint', () => {
    // The 64-GPU low job checkpoints hourly; at 2.5 h a 32-GPU high job arrives: the low job
    // goes back to its 2 h checkpoint (0.5 h lost), the high one runs 2.5-3.5 h, and the low
    // one restarts with 8 h left: done at 11.5 h.
    const { outcomes, result } = run([
      job('low', 0, 64, 10, { checkpointIntervalS: H }),
      job('high', 2.5, 32, 1, { priority: 5 }),
    ]);
    expect(outcomes.firstStartS[1]).toBe(2.5 * H);
    expect(outcomes.finishS[1]).toBe(3.5 * H);
    expect(outcomes.preemptions[0]).toBe(1);
    expect(outcomes.finishS[0]).toBe(11.5 * H);
    expect(result.jobs.preempted).toBe(1);
    // Work 64 x 10 + 32 x 1 GPU-hours over 64 x 2.5 + 32 + 64 x 8 held.
    expect(result.goodput).toBeCloseTo((640 + 32) / (160 + 32 + 512), 12);
  });
  it('stops the job that loses the least work since its checkpoint', () => {
    // Two low jobs of 32 GPUs, checkpointing hourly: A from 0 h (0.9 h unsaved at 1.9 h), B from
    // 1.5 h (0.4 h unsaved). The high job takes B's GPUs.
    const { outcomes } = run([
      job('A', 0, 32, 10, { checkpointIntervalS: H }),
      job('B', 1.5, 32, 10, { checkpointIntervalS: H }),
      job('high', 1.9, 32, 1, { priority: 1 }),
    ]);
    expect(outcomes.preemptions[1]).toBe(1);
    expect(outcomes.preemptions[0]).toBe(0);
    expect(outcomes.firstStartS[2]).toBe(1.9 * H);
    // B lost its 0.4 h and restarts when the high job ends, with all 10 h still to do.
    expect(outcomes.finishS[1]).toBe(2.9 * H + 10 * H);
  });
  it('never stops a job of equal priority', () => {
    const { outcomes, result } = run([
      job('first', 0, 64, 2, { priority: 1 }),
      job('peer', 1, 32, 1, { priority: 1 }),
    ]);
    expect(result.jobs.preempted).toBe(0);
    expect(outcomes.firstStartS[1]).toBe(2 * H);
  });
  it('without a lower-priority victim, the queue waits in priority order', () => {
    const { outcomes, result } = run([
      job('a', 0, 64, 10, { priority: 3 }),
      job('low', 1, 8, 1, { priority: 1 }),
      job('mid', 2, 8, 1, { priority: 2 }),
    ]);
    expect(result.jobs.preempted).toBe(0);
    expect(outcomes.firstStartS[2]).toBe(10 * H);
    expect(outcomes.firstStartS[1]).toBe(10 * H);
    // Both start at 10 h; the higher priority was first in the queue.
    expect(outcomes.finishS[2]).toBe(11 * H);
  });
});

describe('quotas per team', () => {
  it("a team at its quota waits without holding up another team's jobs", () => {
    const jobs = [
      job('x1', 0, 8, 10, { team: 'x' }),
      job('x2', 0.1, 8, 10, { team: 'x' }),
      job('x3', 0.2, 8, 10, { team: 'x' }),
      job('y1', 0.3, 16, 10, { team: 'y' }),
    ];
    const { outcomes, result } = run(jobs, { policy: 'fifo', quotas: { x: 16 } });
    expect(outcomes.firstStartS[0]).toBe(0);
    expect(outcomes.firstStartS[1]).toBe(0.1 * H);
    // 48 GPUs are free, but x holds its 16: x3 waits for x1 to end at 10 h; y1 goes past it.
    expect(outcomes.firstStartS[3]).toBe(0.3 * H);
    expect(outcomes.firstStartS[2]).toBe(10 * H);
    expect(result.jobs.rejected).toBe(0);
    // Without the quota x3 starts at once.
    expect(run(jobs, { policy: 'fifo' }).outcomes.firstStartS[2]).toBe(0.2 * H);
  });
  it('a job larger than its team quota is refused; quotas hold under every policy', () => {
    const big = run([job('x', 0, 24, 1, { team: 'x' })], { quotas: { x: 16 } });
    expect(big.result.jobs.rejected).toBe(1);
    const mix = {
      arrivalsPerDay: 300,
      gpus: [
        [1, 0.5],
        [8, 0.5],
      ] as [number, number][],
      durationHours: { distribution: 'exponential' as const, mean: 2 },
      teams: [
        ['a', 0.7],
        ['b', 0.3],
      ] as [string, number][],
      priorities: [
        [0, 0.8],
        [1, 0.2],
      ] as [number, number][],
    };
    const jobs = syntheticJobs(mix, 10 * 86_400, 3);
    expect(new Set(jobs.map((j) => j.team))).toEqual(new Set(['a', 'b']));
    for (const policy of ['fifo', 'sjf', 'backfill', 'priority'] as const) {
      const r = run(jobs, { policy, quotas: { a: 24 }, horizonS: 10 * 86_400 });
      // Team a's GPUs at each hourly sample never exceed 24: check through the busy GPUs of a
      // run where only team a has jobs.
      const onlyA = run(
        jobs.filter((j) => j.team === 'a'),
        { policy, quotas: { a: 24 }, horizonS: 10 * 86_400 },
      );
      expect(Math.max(...onlyA.result.timeseries.busyGpus)).toBeLessThanOrEqual(24);
      expect(r.result.jobs.completed).toBeGreaterThan(0);
      // Each team's GPU-hours: together all the GPU time the jobs held (every job has a team);
      // team a within its 24-GPU quota, and its use of it that share of 24 x 240 h.
      const t = r.result.teams!;
      const held = r.result.utilization * cluster.totalGpus * 240;
      expect(t['a']!.gpuHours + t['b']!.gpuHours).toBeCloseTo(held, 6);
      expect(t['a']!.quotaGpus).toBe(24);
      expect(t['a']!.quotaUse).toBeCloseTo(t['a']!.gpuHours / (24 * 240), 12);
      expect(t['a']!.quotaUse).toBeLessThanOrEqual(1);
      expect(t['b']!.quotaGpus).toBeUndefined();
      expect(t['a']!.jobs + t['b']!.jobs).toBe(jobs.length);
    }
    // Under the priority policy the priority-1 jobs wait less than the priority-0 ones.
    const byPriority = run(jobs, { horizonS: 10 * 86_400 }).result.queueDelayByPriorityS;
    expect(Object.keys(byPriority ?? {})).toEqual(['0', '1']);
    expect(byPriority?.['1']?.mean).toBeLessThan(byPriority?.['0']?.mean ?? 0);
  });
});

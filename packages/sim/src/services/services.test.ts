import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario, planScenario } from '@aidc/core';
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../cluster/cluster.js';
import { erlangC, erlangCMeanWait } from '../queueing/erlang-c.js';
import { simulate } from '../simulate.js';
import { simulateRequests, type ReplicaChange } from './requests.js';
import { desiredReplicas, serviceModelFromPlan, type ServiceModel } from './service-model.js';

const flat = (over: Partial<ServiceModel>): ServiceModel => ({
  workload: 'chat',
  gpusPerReplica: 1,
  capacityPerReplica: 1,
  slots: 1,
  holdS: 1,
  waitBudgetS: 0,
  requestsPerS: 1,
  loadProfile: [1],
  minReplicas: 1,
  maxReplicas: 1,
  intervalS: 86_400,
  startS: 0,
  balancer: 'random',
  ...over,
});
const allUp = (n: number): ReplicaChange[] =>
  Array.from({ length: n }, (_, replica) => ({ t: 0, replica, up: true }));

/** Eight 8-GPU servers, one a leaf group's worth: room for four 8-GPU replicas and a job. */
const cluster = buildCluster({
  gpu: 'test',
  servers: 8,
  gpusPerServer: 8,
  serversPerDomain: 1,
  serversPerLeafGroup: 8,
  serversPerRack: 8,
});
/** 1 req/s for 12 h, then 4 req/s for 12 h, on one to four replicas of one server each. */
const halfDaySteps = (over: Partial<ServiceModel> = {}) =>
  flat({
    gpusPerReplica: 8,
    loadProfile: [1, 4],
    minReplicas: 1,
    maxReplicas: 4,
    intervalS: 12 * 3600,
    ...over,
  });

describe('requests on replicas: queueing theory (Poisson arrivals, exponential holding times)', () => {
  it('one slot per replica, random balancing: each replica is M/M/1, Wq = rho / (mu - lambda)', () => {
    // 4 replicas, 2.8 req/s: 0.7 req/s each against mu = 1/s; Wq = 0.7 / 0.3 = 2.333 s.
    const m = flat({ requestsPerS: 2.8, minReplicas: 4, maxReplicas: 4 });
    const q = simulateRequests(m, allUp(4), 1_000_000 / 2.8, 7);
    expect(q.requests).toBeGreaterThan(990_000);
    expect(q.waitS.mean / (0.7 / 0.3) - 1).toBeLessThan(0.03);
    expect(q.waitS.mean / (0.7 / 0.3) - 1).toBeGreaterThan(-0.03);
    // P(wait) = rho for M/M/1.
    expect(q.waitedShare).toBeCloseTo(0.7, 2);
  });
  it('slots per replica, random balancing: each replica is M/M/c (Erlang C)', () => {
    // 3 replicas of 8 slots, holding 10 s: mu = 0.1/s a slot; 2.1 req/s = 0.7 req/s a replica,
    // a = 7 Erlangs on 8 slots.
    const m = flat({ requestsPerS: 2.1, slots: 8, holdS: 10, minReplicas: 3, maxReplicas: 3 });
    const q = simulateRequests(m, allUp(3), 2_000_000 / 2.1, 11);
    const wq = erlangCMeanWait(8, 0.7, 0.1);
    expect(Math.abs(q.waitS.mean / wq - 1)).toBeLessThan(0.03);
    expect(q.waitedShare).toBeCloseTo(erlangC(8, 7), 2);
  });
  it('least-wait balancing pools the replicas: one M/M/(n c) queue', () => {
    const m = flat({
      requestsPerS: 2.1,
      slots: 8,
      holdS: 10,
      minReplicas: 3,
      maxReplicas: 3,
      balancer: 'least-wait',
    });
    const q = simulateRequests(m, allUp(3), 2_000_000 / 2.1, 11);
    const wq = erlangCMeanWait(24, 2.1, 0.1);
    expect(Math.abs(q.waitS.mean / wq - 1)).toBeLessThan(0.03);
    // Pooling waits less than three separate queues at the same load.
    expect(wq).toBeLessThan(erlangCMeanWait(8, 0.7, 0.1) / 2);
  });
  it('SLO attainment: the share waiting at most the budget is 1 - C e^-(c mu - lambda) t', () => {
    const budget = 2;
    const m = flat({ requestsPerS: 0.8, waitBudgetS: budget });
    const q = simulateRequests(m, allUp(1), 1_000_000 / 0.8, 5);
    const expected = 1 - 0.8 * Math.exp(-(1 - 0.8) * budget);
    expect(q.sloAttainment).toBeCloseTo(expected, 2);
  });
  it('arrivals with no replica up are unserved and miss the SLO', () => {
    const m = flat({ requestsPerS: 2, minReplicas: 0 });
    const q = simulateRequests(m, [{ t: 5000, replica: 0, up: true }], 10_000, 3);
    expect(q.unserved / q.requests).toBeCloseTo(0.5, 1);
    expect(q.sloAttainment).toBeLessThan(0.5);
  });
  it('same seed, same outcome', () => {
    const m = flat({ requestsPerS: 0.9, loadProfile: [0.2, 1, 0.5] });
    const a = simulateRequests(m, allUp(1), 86_400, 9);
    expect(JSON.stringify(simulateRequests(m, allUp(1), 86_400, 9))).toBe(JSON.stringify(a));
  });
});

describe('the autoscaler', () => {
  it('asks for ceil(load / capacity) per interval, within its bounds', () => {
    const m = flat({
      requestsPerS: 10,
      capacityPerReplica: 3,
      loadProfile: [0.1, 0.3, 0.6, 1.0, 1.0, 0.7, 0.4, 0.2],
      minReplicas: 2,
      maxReplicas: 3,
      intervalS: 3 * 3600,
    });
    const wanted = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => desiredReplicas(m, i * 3 * 3600));
    // Loads 1, 3, 6, 10, 10, 7, 4, 2 req/s over 3 req/s: 1, 1, 2, 4, 4, 3, 2, 1 -> within [2, 3].
    expect(wanted).toEqual([2, 2, 2, 3, 3, 3, 2, 2]);
    const unbounded = { ...m, minReplicas: 0, maxReplicas: 100 };
    expect([0, 1, 2, 3, 5].map((i) => desiredReplicas(unbounded, i * 3 * 3600))).toEqual([
      1, 1, 2, 4, 3,
    ]);
    // An hourly decision over a 3-hour step: the step's load.
    expect(desiredReplicas({ ...unbounded, intervalS: 3600 }, 4 * 3600)).toBe(1);
    // A 6-hour decision spans two steps: their peak.
    expect(desiredReplicas({ ...unbounded, intervalS: 6 * 3600 }, 6 * 3600)).toBe(4);
  });
});

describe('replicas on the cluster', () => {
  // One server per replica, 1 req/s each; 1 req/s for 12 h, then 4 req/s for 12 h.
  const service = halfDaySteps();
  const training = {
    id: 'train',
    submitS: 0,
    gpus: 48,
    gpuMilli: 1000,
    durationS: 21 * 3600,
    checkpointIntervalS: 5 * 3600,
  };
  const run = simulate({
    cluster,
    jobs: [training],
    horizonS: 48 * 3600,
    seed: 1,
    policy: 'fifo',
    placement: 'topology',
    power: { busyKWPerGpu: 1, idleKWPerGpu: 0.2 },
    sampleEveryS: 6 * 3600,
    services: [service],
  });
  const svc = run.result.services[0]!;
  it('scales with the profile and lends its quiet GPUs to training, taking them back', () => {
    expect(svc.replicas).toEqual([1, 1, 4, 4, 1, 1, 4, 4, 4]);
    // At 12 h the service needs three more servers; one is free, so the 48-GPU job is stopped
    // (back to its 10 h checkpoint), waits until 24 h and runs its last 11 h: done at 35 h,
    // before the service grows again at 36 h.
    expect(run.outcomes.preemptions[0]).toBe(1);
    expect(svc.preemptions).toBe(1);
    expect(run.outcomes.finishS[0]).toBe(35 * 3600);
    expect(run.result.jobs.preempted).toBe(1);
    // The four replicas serving at the end are not jobs: one job submitted, one completed.
    expect(run.result.jobs).toMatchObject({ submitted: 1, completed: 1, running: 0, pending: 0 });
    // 8 GPUs for 12 h, 32 for 12 h, twice; lent: 3 replicas' GPUs for the quiet halves.
    expect(svc.gpuHours).toBeCloseTo(2 * (8 * 12 + 32 * 12), 9);
    expect(svc.lentGpuHours).toBeCloseTo(2 * 3 * 8 * 12, 9);
    expect(svc.shortfallReplicaHours).toBe(0);
    // The training job's goodput: 21 h of work over 23 h held (2 h lost to the preemption).
    expect(run.result.goodput).toBeCloseTo(21 / 23, 9);
  });
  it('a failed replica restarts after the restart time, elsewhere when its server is out', () => {
    const failing = simulate({
      cluster,
      jobs: [],
      horizonS: 30 * 86_400,
      seed: 2,
      policy: 'fifo',
      placement: 'topology',
      power: { busyKWPerGpu: 1, idleKWPerGpu: 0.2 },
      failures: { perServerPerDay: 0.2, hardwareShare: 1, repairS: 86_400, restartS: 600 },
      services: [{ ...service, loadProfile: [4], intervalS: 86_400 }],
    });
    const s = failing.result.services[0]!;
    const downs = s.changes.filter((c) => !c.up);
    expect(downs.length).toBeGreaterThan(5);
    // Every failure costs its replica the 10-minute restart: 4 replicas asked for all the time.
    expect(s.shortfallReplicaHours).toBeCloseTo((downs.length * 600) / 3600, 6);
    for (const d of downs) {
      const back = s.changes.find((c) => c.up && c.replica === d.replica && c.t > d.t);
      expect(back?.t).toBeCloseTo(d.t + 600, 6);
    }
  });
});

describe('a replica that takes time to start', () => {
  // The same service, whose replicas serve 10 min after they are placed.
  const service = halfDaySteps({ startS: 600 });
  const run = simulate({
    cluster,
    jobs: [],
    horizonS: 48 * 3600,
    seed: 1,
    policy: 'fifo',
    placement: 'topology',
    power: { busyKWPerGpu: 1, idleKWPerGpu: 0.2 },
    sampleEveryS: 6 * 3600,
    services: [service],
  });
  const svc = run.result.services[0]!;
  it('is started a start time ahead, serves from the boundary, and holds its GPUs meanwhile', () => {
    // The replica of the period's start serves at once; the three the afternoon adds are placed
    // at 11:50 and serve from 12:00, and stop at the next midnight with the load.
    const ups = svc.changes.filter((c) => c.up).map((c) => c.t / 3600);
    expect(ups).toEqual([0, 12, 12, 12, 36, 36, 36]);
    const downs = svc.changes.filter((c) => !c.up).map((c) => c.t / 3600);
    expect(downs).toEqual([24, 24, 24]);
    // The 12:00 and 36:00 samples count the replicas that serve from then on.
    expect(svc.replicas).toEqual([1, 1, 4, 4, 1, 1, 4, 4, 4]);
    // Held: 1 replica throughout, 3 more for 12 h and their 10-minute starts, twice (8 GPUs each).
    expect(svc.gpuHours).toBeCloseTo(8 * (48 + 2 * 3 * (12 + 600 / 3600)), 9);
    expect(svc.shortfallReplicaHours).toBe(0);
  });
});

describe('a service from the plan', () => {
  const text = readFileSync(
    join(
      import.meta.dirname,
      '..',
      '..',
      '..',
      '..',
      'examples',
      'llama3.1-70b-chat-and-batch.yaml',
    ),
    'utf8',
  );
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error('invalid example');
  const plan = planScenario(parsed.scenario, { monteCarlo: false });
  const settings = {
    workload: 'chat',
    loadProfile: [0.5, 1],
    autoscale: {},
    balancer: 'least-wait' as const,
  };
  it("70B chat: a replica's capacity, batch slots and holding time from the plan's curve", () => {
    const m = serviceModelFromPlan(plan, settings, 0);
    const inf = plan.workloads[0]!.inference!;
    expect(m.gpusPerReplica).toBe(inf.tp * inf.pp);
    expect(m.capacityPerReplica).toBeCloseTo(inf.capacityRequestsPerS / inf.replicas, 12);
    // The replica's rate at batch 48 and 72 (output tokens/s over 256 tokens) brackets the
    // capacity; the batch there, by linear interpolation, is about 52.8.
    const curve = inf.latencyCurve;
    const i = curve.findIndex((p) => p.outputTokensPerS / 256 >= m.capacityPerReplica);
    const [lo, hi] = [curve[i - 1]!, curve[i]!];
    const batch =
      lo.batch +
      ((m.capacityPerReplica - lo.outputTokensPerS / 256) /
        ((hi.outputTokensPerS - lo.outputTokensPerS) / 256)) *
        (hi.batch - lo.batch);
    expect(m.holdS).toBeCloseTo(batch / m.capacityPerReplica, 9);
    expect(m.slots).toBe(Math.floor(batch + 2.326 * Math.sqrt(batch)));
    // Holding a slot is about a request's own latency: TTFT plus 255 tokens at the mean TPOT.
    expect(m.holdS).toBeGreaterThan(0.1 + 255 * 0.03);
    expect(m.holdS).toBeLessThan(0.15 + 255 * 0.038);
    expect(m.waitBudgetS).toBeGreaterThan(0.8);
    expect(m.waitBudgetS).toBeLessThan(0.9);
    expect(m.maxReplicas).toBe(inf.replicas);
  });
  it('refuses a start time as long as the autoscaling interval', () => {
    expect(() =>
      serviceModelFromPlan(plan, { ...settings, autoscale: { intervalMin: 10 } }, 0),
    ).toThrow(
      'simulation.services[0].autoscale.startMin: expected less than the 10-minute autoscaling interval (a replica must serve before the next decision), found 12.5 (the default: the catalog restart time); give a shorter startMin or a longer intervalMin',
    );
    const m = serviceModelFromPlan(plan, { ...settings, autoscale: { startMin: 2 } }, 0);
    expect(m.startS).toBe(120);
  });

  it('names the key, what was expected and what was found', () => {
    expect(() => serviceModelFromPlan(plan, { ...settings, workload: 'chatt' }, 2)).toThrow(
      "simulation.services[2].workload: expected the name of an online inference workload (one of chat), found 'chatt'",
    );
    expect(() =>
      serviceModelFromPlan(plan, { ...settings, workload: 'batch-summaries' }, 0),
    ).toThrow(/expected an online inference workload .* found an offline one 'batch-summaries'/);
    expect(() =>
      serviceModelFromPlan(plan, { ...settings, autoscale: { minReplicas: 9 } }, 0),
    ).toThrow(/autoscale.minReplicas: expected at most maxReplicas \(7/);
  });
});

describe('a generic network service', () => {
  it('is not simulated: the simulator says it models token-generating services only', () => {
    const text = readFileSync(
      join(import.meta.dirname, '..', '..', '..', '..', 'examples', 'resnet50-dlrm-serving.yaml'),
      'utf8',
    );
    const parsed = parseScenario(text);
    if (!parsed.ok) throw new Error('invalid example');
    const plan = planScenario(parsed.scenario, { monteCarlo: false });
    const settings = {
      workload: 'image-classifier',
      loadProfile: [1],
      autoscale: {},
      balancer: 'least-wait' as const,
    };
    expect(() => serviceModelFromPlan(plan, settings, 0)).toThrow(
      /simulation.services\[0\].workload: 'image-classifier' serves a generic network by samples \(no tokens\); the service simulator models token-generating LLM services only/,
    );
  });
});

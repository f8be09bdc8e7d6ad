import { describe, expect, it } from 'vitest';
import { planScenario } from './plan.js';
import { ScenarioSchema } from './scenario/schema.js';
import { parseScenario } from './scenario/parse.js';
import { poissonQuantile } from './reliability/poisson.js';

// Llama 2 70B on 2T tokens with a 4M-token batch on H100 (examples/llama2-70b-deadline.yaml).
const llama2 = (workload: Record<string, unknown>) =>
  ScenarioSchema.parse({
    name: 'deadline',
    cluster: { gpu: 'h100-sxm-80gb', fabric: 'infiniband-ndr' },
    workloads: [
      {
        name: 'pretrain-70b',
        type: 'training',
        model: 'llama2-70b',
        tokens: 2e12,
        seqLen: 4096,
        globalBatchTokens: 4e6,
        precision: 'bf16',
        ...workload,
      },
    ],
  });
const training = (workload: Record<string, unknown>) => {
  const t = planScenario(llama2(workload), { monteCarlo: false }).workloads[0]?.training;
  if (!t) throw new Error('no training plan');
  return t;
};

/** Llama 3.1 70B in fp8 served at 1024 in / 256 out. */
const service = (name: string, fields: Record<string, unknown>) => ({
  name,
  type: 'inference',
  model: 'llama3.1-70b',
  precision: 'fp8',
  inputTokens: 1024,
  outputTokens: 256,
  ...fields,
});
/** Llama 3.1 70B pre-training on 1T tokens with a 16M-token batch. */
const pretrain70b = (gpus: number) => ({
  name: 'pretrain',
  type: 'training',
  model: 'llama3.1-70b',
  tokens: 1e12,
  seqLen: 8192,
  globalBatchTokens: 16e6,
  gpus,
});
/** A plan of these workloads on H100, without the Monte Carlo. */
const planOf = (workloads: Record<string, unknown>[], reliability?: Record<string, unknown>) =>
  planScenario(
    ScenarioSchema.parse({
      name: 'workloads',
      cluster: { gpu: 'h100-sxm-80gb' },
      workloads,
      ...(reliability ? { reliability } : {}),
    }),
    { monteCarlo: false },
  );

describe('sizing by deadline', () => {
  it('meets the deadline with interruptions, not only at steady speed', () => {
    // 768 GPUs finish in 26.0 days at steady speed but 26.4 with interruptions: a deadline
    // between the two needs the next size up.
    const at768 = training({ gpus: 768 });
    const deadline = (at768.idealDays + at768.days) / 2;
    expect(at768.days - at768.idealDays).toBeGreaterThan(0.2);
    const sized = training({ deadlineDays: deadline });
    expect(sized.gpus).toBeGreaterThan(768);
    expect(sized.days).toBeLessThanOrEqual(deadline);
  });

  it('a less reliable fleet needs more GPUs for the same deadline', () => {
    const usual = training({ deadlineDays: 27 });
    const flaky = planScenario(
      ScenarioSchema.parse({
        ...llama2({ deadlineDays: 27 }),
        reliability: { failuresPer1000NodeDays: 100 },
      }),
      { monteCarlo: false },
    ).workloads[0]?.training;
    expect(flaky?.gpus).toBeGreaterThan(usual.gpus);
    expect(flaky?.days).toBeLessThanOrEqual(27);
  });
});

describe('sizing by deadline near the fastest a cluster can go', () => {
  const scenario = (workload: Record<string, unknown>, reliability?: Record<string, unknown>) =>
    ScenarioSchema.parse({
      name: 'deadline',
      cluster: { gpu: 'h100-sxm-80gb' },
      workloads: [{ name: 'pretrain', type: 'training', seqLen: 8192, ...workload }],
      ...(reliability ? { reliability } : {}),
    });

  it('finds a size on the far side of a non-monotone wall time', () => {
    // 8B on 1T tokens: 8,192 GPUs would make the deadline at steady speed but not with
    // interruptions, 12,288 are slower still (the rising tail), and only 32,768 make it;
    // bisection on the wall time alone lands on the rising tail and misses it.
    const eightB = { model: 'llama3.1-8b', tokens: 1e12, globalBatchTokens: 4e6 };
    const at = (gpus: number) =>
      planScenario(scenario({ ...eightB, gpus }), { monteCarlo: false }).workloads[0]?.training;
    const deadline = (at(32_768)?.days ?? 0) * 1.005;
    expect(at(8192)?.idealDays).toBeLessThan(deadline);
    expect(at(8192)?.days).toBeGreaterThan(deadline);
    expect(at(12_288)?.days).toBeGreaterThan(at(8192)?.days ?? Infinity);
    const plan = planScenario(scenario({ ...eightB, deadlineDays: deadline }), {
      monteCarlo: false,
    });
    const t = plan.workloads[0]?.training;
    expect(t?.days).toBeLessThanOrEqual(deadline);
    expect(t?.gpus).toBe(32_768);
  });

  it('when no size makes it, the fastest of all sizes, below the steady-speed answer too', () => {
    const seventy = { model: 'llama2-70b', tokens: 2e12, seqLen: 4096, globalBatchTokens: 4e6 };
    const daysAt = (fields: Record<string, unknown>) =>
      planScenario(scenario({ ...seventy, ...fields }), { monteCarlo: false }).workloads[0]
        ?.training?.days ?? Infinity;
    const sized = daysAt({ deadlineDays: 3 });
    expect(sized).toBeGreaterThan(3);
    // 3 days at steady speed needs a very large cluster whose failures make it slower than a
    // smaller one; the plan is the fastest.
    for (const gpus of [16_384, 32_768, 65_536, 163_840]) {
      expect(sized).toBeLessThanOrEqual(daysAt({ gpus }) + 1e-9);
    }
  });

  it('plans the fastest size, with a warning, when interruptions put the deadline out of reach', () => {
    const run = { model: 'llama3.1-405b', tokens: 15.6e12, globalBatchTokens: 16e6 };
    const plan = planScenario(scenario({ ...run, deadlineDays: 40 }), { monteCarlo: false });
    const t = plan.workloads[0]?.training;
    expect(t?.idealDays).toBeLessThan(40);
    expect(t?.days).toBeGreaterThan(40);
    expect(plan.warnings.map((w) => w.message).join(' ')).toMatch(
      /no cluster size finishes within 40 days.*fastest/,
    );
    // A fleet that restarts in 3 minutes makes it.
    const quick = planScenario(scenario({ ...run, deadlineDays: 40 }, { restartMin: 3 }), {
      monteCarlo: false,
    }).workloads[0]?.training;
    expect(quick?.days).toBeLessThanOrEqual(40);
    expect(quick?.reliability?.restartMin).toBe(3);
  });
});

describe('a run that failures dominate', () => {
  it('warns with the goodput, MTBF and what would recover it', () => {
    const scenario = ScenarioSchema.parse({
      ...llama2({ gpus: 768 }),
      // 96 servers: MTBF 30 min, above the 17.5-min restart.
      reliability: { failuresPer1000NodeDays: 500 },
    });
    const plan = planScenario(scenario, { monteCarlo: false });
    expect(plan.workloads[0]?.training?.reliability?.goodput).toBeLessThan(0.8);
    expect(plan.warnings.map((w) => w.message).join(' ')).toMatch(
      /interruptions and checkpoints take \d+% of the run \(goodput/,
    );
    // MTBF 7.5 min, below the restart: restarts fail before they finish.
    const worse = planScenario(
      ScenarioSchema.parse({
        ...llama2({ gpus: 768 }),
        reliability: { failuresPer1000NodeDays: 2000 },
      }),
      { monteCarlo: false },
    );
    expect(worse.warnings.map((w) => w.message).join(' ')).toMatch(
      /sooner than its 17\.5-min restart/,
    );
    const usual = planScenario(llama2({ gpus: 768 }), { monteCarlo: false });
    expect(usual.warnings.map((w) => w.message).join(' ')).not.toContain('checkpoints take');
  });
});

describe('a serving fleet in the plan', () => {
  it('carries its failures and adds its hot spares to the cluster', () => {
    const plan = planOf([
      service('chat', { requestsPerSecond: 2000, slo: { ttftMs: 2000, tpotMs: 50 } }),
    ]);
    const r = plan.workloads[0]?.inference;
    if (!r?.reliability) throw new Error('no serving reliability');
    expect(r.reliability.spareServers).toBeGreaterThan(0);
    expect(plan.cluster.spareServers).toBe(r.reliability.spareServers);
    expect(plan.cluster.servers).toBe(Math.ceil(r.gpus / 8) + r.reliability.spareServers);
    // Every server of the fleet fails at the node rate (4.42 per 1000 node-days, less the
    // fabric's share for one-server replicas).
    const oneServer = r.tp * r.pp <= 8;
    const perServerYear = 4.42e-3 * 365 * (oneServer ? 1 - 0.1002 : 1);
    expect(r.reliability.failuresPerYear).toBeCloseTo((r.gpus / 8) * perServerYear, 6);
  });
});

describe("a fleet's own failure shares", () => {
  it('split the same failure rate by cause: all software needs no spares, all GPU the most', () => {
    const run = (failureShares?: Record<string, number>) =>
      planOf([pretrain70b(4096)], {
        failuresPer1000NodeDays: 20,
        ...(failureShares ? { failureShares } : {}),
      }).workloads[0]?.training?.reliability;
    const catalog = run();
    const software = run({ software: 3 });
    const hardware = run({ gpu: 1 });
    // The interruptions are the same count whatever their causes (the fabric causes are in every
    // share here, none being single-server), so the MTBF does not move...
    expect(software?.mtbfHours).toBeCloseTo(catalog!.mtbfHours, 6);
    expect(hardware?.mtbfHours).toBeCloseTo(catalog!.mtbfHours, 6);
    // ...but software faults leave servers up: no server is out for repair, so no spares.
    expect(software?.meanServersInRepair).toBe(0);
    expect(software?.spareServers).toBe(0);
    // All hardware: more in repair than the catalog's 85% hardware share.
    expect(hardware!.meanServersInRepair).toBeGreaterThan(catalog!.meanServersInRepair);
    expect(hardware!.meanServersInRepair / catalog!.meanServersInRepair).toBeCloseTo(
      1 / (1 - 0.1504),
      2,
    );
  });

  it('are refused when every cause is 0 or a cause is not the catalog’s', () => {
    const base = { name: 'x', cluster: { gpu: 'h100-sxm-80gb' }, workloads: [pretrain70b(64)] };
    expect(
      ScenarioSchema.safeParse({ ...base, reliability: { failureShares: { gpu: 0 } } }).success,
    ).toBe(false);
    expect(
      ScenarioSchema.safeParse({ ...base, reliability: { failureShares: { gremlins: 1 } } })
        .success,
    ).toBe(false);
  });
});

describe('hot spares', () => {
  it('one pool for the cluster: the quantile of the servers in repair summed over services', () => {
    const plan = planOf([
      service('chat', { requestsPerSecond: 50, slo: { tpotMs: 50 } }),
      service('search', { requestsPerSecond: 50, slo: { tpotMs: 50 } }),
    ]);
    const means = plan.workloads.map((w) => w.inference?.reliability?.meanServersInRepair ?? 0);
    const own = plan.workloads.map((w) => w.inference?.reliability?.spareServers);
    // Each alone needs none at 99%, but P(no server of either in repair) is below 99%.
    expect(own).toEqual([0, 0]);
    const total = means[0]! + means[1]!;
    expect(Math.exp(-total)).toBeLessThan(0.99);
    expect(plan.cluster.spareServers).toBe(poissonQuantile(0.99, total));
    expect(plan.cluster.spareServers).toBe(1);
  });

  it("a service's extra replicas do not stand in for a training run's servers", () => {
    const plan = planOf([
      pretrain70b(4096),
      service('chat', { requestsPerSecond: 40, slo: { tpotMs: 50 }, gpus: 256 }),
    ]);
    const chat = plan.workloads[1]?.inference?.reliability;
    const train = plan.workloads[0]?.training?.reliability;
    expect(chat?.headroomServers).toBeGreaterThan(10);
    expect(train?.spareServers).toBeGreaterThan(0);
    expect(plan.cluster.spareServers).toBeGreaterThanOrEqual(train?.spareServers ?? Infinity);
  });

  it("a service that only partly covers itself still leaves the training run's spares", () => {
    const chat = service('chat', { requestsPerSecond: 4000, slo: { tpotMs: 50 } });
    const rate = { failuresPer1000NodeDays: 40 };
    const need = planOf([chat], rate).workloads[0]?.inference?.gpus ?? 0;
    const plan = planOf([pretrain70b(1024), { ...chat, gpus: need + 64 }], rate);
    const served = plan.workloads[1]?.inference?.reliability;
    expect(served?.headroomServers).toBeGreaterThan(0);
    expect(served?.spareServers).toBeGreaterThan(0);
    const trainSpares = plan.workloads[0]?.training?.reliability?.spareServers ?? Infinity;
    expect(plan.cluster.spareServers).toBeGreaterThanOrEqual(trainSpares);
  });

  it('an N+1 service counts its spare replica against its own servers in repair', () => {
    const plan = planOf([
      service('chat', {
        requestsPerSecond: 50,
        slo: { tpotMs: 50 },
        parallelism: { tp: 4 },
        spareReplicas: 2,
      }),
    ]);
    const r = plan.workloads[0]?.inference;
    expect(r?.replicas).toBe((r?.replicasForLoad ?? 0) + 2);
    // Two spare replicas of tp 4 are one server: it covers what this small service needs.
    expect(r?.reliability?.headroomServers).toBe(1);
    expect(r?.reliability?.spareServers).toBe(0);
    expect(plan.cluster.spareServers).toBe(0);
  });

  it('an offline job draws no spares: it runs on with a replica fewer', () => {
    const plan = planOf([
      service('chat', { requestsPerSecond: 40, slo: { tpotMs: 50 } }),
      service('batch', { gpus: 16 }),
    ]);
    const batch = plan.workloads[1]?.inference?.reliability;
    expect(batch?.meanServersInRepair).toBeGreaterThan(0);
    expect(batch?.spareServers).toBe(0);
    const chat = plan.workloads[0]?.inference?.reliability;
    expect(plan.cluster.spareServers).toBe(poissonQuantile(0.99, chat?.meanServersInRepair ?? 0));
  });
});

describe('hot spares on rack-scale systems', () => {
  it('GB200: spare compute trays of 4 GPUs, built as NVL72 racks of 72', () => {
    const plan = planScenario(
      ScenarioSchema.parse({
        name: 'gb200',
        cluster: { gpu: 'gb200-nvl72', gpus: 16_384 },
        workloads: [
          {
            name: 'pretrain',
            type: 'training',
            model: 'llama3.1-405b',
            tokens: 15.6e12,
            seqLen: 8192,
            globalBatchTokens: 16e6,
          },
        ],
      }),
      { monteCarlo: false },
    );
    const trays = plan.workloads[0]?.training?.reliability?.spareServers ?? 0;
    expect(trays).toBeGreaterThan(1);
    // A spare tray cannot join another rack's NVLink domain: the 8 trays left free in the 228
    // racks (4,104 trays for 4,096) are spares first, then one whole rack per tray in repair.
    expect(plan.cluster.spareHosts).toBe(trays);
    expect(plan.cluster.spareHostsInServers).toBe(Math.min(trays, 8));
    expect(plan.cluster.spareServers).toBe(Math.max(0, trays - 8));
    expect(plan.cluster.unit).toBe('rack');
    expect(plan.cluster.gpusPerServer).toBe(72);
  });
});

describe('serving reliability on rack-scale systems', () => {
  it('GB200: the same service whether or not cluster.gpusPerServer names the rack', () => {
    const scenario = (cluster: Record<string, unknown>) =>
      ScenarioSchema.parse({
        name: 'gb200 chat',
        cluster: { gpu: 'gb200-nvl72', ...cluster },
        workloads: [
          {
            name: 'chat',
            type: 'inference',
            model: 'llama3.1-70b',
            precision: 'fp8',
            requestsPerSecond: 400,
            inputTokens: 1024,
            outputTokens: 256,
            slo: { tpotMs: 50 },
          },
        ],
      });
    const a = planScenario(scenario({}), { monteCarlo: false }).workloads[0]?.inference;
    const b = planScenario(scenario({ gpusPerServer: 72 }), { monteCarlo: false }).workloads[0]
      ?.inference;
    expect(b?.reliability?.replicaMtbfDays).toBeCloseTo(a?.reliability?.replicaMtbfDays ?? 0, 9);
    expect(b?.reliability?.spareServers).toBe(a?.reliability?.spareServers);
  });
});

describe('an accelerator without a published data-centre network', () => {
  it('plans TPU v3 across pods at the typical TPU DCN figure and says so', () => {
    const plan = planScenario(
      ScenarioSchema.parse({
        name: 'tpu v3',
        cluster: { gpu: 'tpu-v3', gpus: 2048 },
        workloads: [
          {
            name: 'pretrain',
            type: 'training',
            model: 'llama3.1-8b',
            tokens: 1e12,
            seqLen: 2048,
            globalBatchSequences: 2048,
          },
        ],
      }),
      { monteCarlo: false },
    );
    expect(plan.workloads[0]?.training?.stepTimeS).toBeGreaterThan(0);
    expect(plan.warnings.map((w) => w.message).join(' ')).toMatch(
      /no published data-centre network bandwidth.*50 Gb\/s/,
    );
  });
});

describe('workloads sharing cluster.gpus', () => {
  const text = (extra: string) => `name: shared
cluster: { gpu: h100-sxm-80gb, gpus: 64 }
workloads:
  - { name: train, type: training, model: llama3.1-8b, tokens: 1e11, seqLen: 4096, globalBatchSequences: 512 }
  - { name: chat, type: inference, model: llama3.1-8b, requestsPerSecond: 20, inputTokens: 512, outputTokens: 128${extra} }
`;
  it('a workload without its own gpus gets what the others leave, not the whole cluster', () => {
    const parsed = parseScenario(text(''));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const plan = planScenario(parsed.scenario, { monteCarlo: false });
    const chat = plan.workloads[1]!.inference!;
    const train = plan.workloads[0]!.training!;
    expect(chat.gpus).toBeGreaterThan(0);
    // 64 - 1 leaves 7 servers (56 GPUs), which no layout of 512 sequences divides: 6 servers.
    expect(chat.gpus).toBe(1);
    expect(train.gpus).toBe(48);
    expect(plan.warnings).toContainEqual({
      code: 'share-reduced',
      severity: 'info',
      message:
        'train: 48 of the 56 GPUs the other workloads leave (the largest count a layout of its batch divides)',
      path: 'workloads[0]',
    });
    expect(plan.cluster.gpus).toBe(64);
  });

  it('when the others take every GPU, the workload is infeasible and says why', () => {
    const parsed = parseScenario(text(', gpus: 64'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const plan = planScenario(parsed.scenario, { monteCarlo: false });
    expect(plan.workloads[0]!.infeasible?.reason).toMatch(/use all 64 GPUs/);
  });
});

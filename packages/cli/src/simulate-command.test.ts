import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { capture } from './test-io.js';

const root = join(import.meta.dirname, '..', '..', '..');
const example = join(root, 'examples', 'scheduler-comparison.yaml');

describe('aidc simulate', () => {
  it('--json: the interface keys, byte-identical for the same file and seed', async () => {
    const a = capture();
    expect(await main(['simulate', example, '--json', '--days', '3'], a)).toBe(0);
    const b = capture();
    expect(await main(['simulate', example, '--json', '--days', '3'], b)).toBe(0);
    expect(a.stdout.join('')).toBe(b.stdout.join(''));
    const sim = JSON.parse(a.stdout.join('')).simulation;
    for (const key of [
      'events',
      'simulatedDays',
      'wallS',
      'eventsPerS',
      'utilization',
      'queueDelayS',
      'jctS',
      'slowdown',
      'goodput',
      'fragmentation',
      'jobs',
      'energyMWh',
      'timeseries',
      'services',
    ])
      expect(sim).toHaveProperty(key);
    expect(Object.keys(sim.queueDelayS)).toEqual(['mean', 'p50', 'p90', 'p99']);
    expect(Object.keys(sim.timeseries)).toEqual([
      'tHours',
      'busyGpus',
      'pendingJobs',
      'powerMW',
      'itPowerMW',
    ]);
    expect(sim.energyPerDayMWh.length).toBe(3);
    expect(sim.energyPerDayMWh.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(
      sim.energyMWh,
      9,
    );
    expect(sim.simulatedDays).toBe(3);
    expect(sim.timeseries.tHours.length).toBe(3 * 24 + 1);
    expect(sim.wallS).toBeNull();
    const c = capture();
    await main(['simulate', example, '--json', '--days', '3', '--seed', '2'], c);
    expect(c.stdout.join('')).not.toBe(a.stdout.join(''));
  });

  it('the terminal summary names the policy and the queue-delay quantiles', async () => {
    const io = capture();
    expect(await main(['simulate', example, '--days', '2', '--policy', 'fifo'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain('2 days, policy fifo, placement topology, failures on, seed 1');
    expect(text).toMatch(/queue delay, h/);
  });

  it('rejects a bad option, a missing section and a bad trace row with its file and line', async () => {
    const bad = capture();
    expect(await main(['simulate', example, '--policy', 'lifo'], bad)).toBe(2);
    expect(bad.stderr.join('\n')).toContain(
      '--policy must be one of fifo, sjf, backfill, priority, got lifo',
    );

    const dir = mkdtempSync(join(tmpdir(), 'aidc-sim-'));
    const noSim = join(dir, 'no-sim.yaml');
    // Without its simulation section the example's money takes an assumed utilisation.
    writeFileSync(
      noSim,
      readFileSync(example, 'utf8')
        .replace(/^simulation:[\s\S]*$/m, '')
        .replace('utilization: simulated', 'utilization: 0.7'),
    );
    const missing = capture();
    expect(await main(['simulate', noSim], missing)).toBe(1);
    expect(missing.stderr.join('\n')).toContain(`${noSim}: simulation: missing`);

    const trace = join(dir, 'pods.csv');
    writeFileSync(
      trace,
      'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n' +
        'p0,1000,1024,1,500,,LS,Running,0,100,0\np1,1000,1024,1,1500,,LS,Running,0,100,0\n',
    );
    const scenario = join(dir, 'trace.yaml');
    writeFileSync(
      scenario,
      readFileSync(example, 'utf8').replace(
        /^ {2}jobs:[\s\S]*$/m,
        '  jobs: { trace: pods.csv, format: alibaba-openb }\n',
      ),
    );
    const rows = capture();
    expect(await main(['simulate', scenario], rows)).toBe(1);
    expect(rows.stderr.join('\n')).toContain(
      `${trace}:3: gpu_milli: expected 1 to 1000 for a GPU pod, found 1500`,
    );
  });

  it('a service: its SLO attainment and replicas over the day, lending its quiet GPUs', async () => {
    const file = join(root, 'examples', 'chat-service-and-jobs.yaml');
    const a = capture();
    expect(await main(['simulate', file, '--json', '--days', '1'], a)).toBe(0);
    const b = capture();
    expect(await main(['simulate', file, '--json', '--days', '1'], b)).toBe(0);
    expect(a.stdout.join('')).toBe(b.stdout.join(''));
    const sim = JSON.parse(a.stdout.join('')).simulation;
    const [chat] = sim.services;
    expect(chat.workload).toBe('chat');
    expect(chat.replicas.length).toBe(sim.timeseries.tHours.length);
    // Replicas at midnight: ceil(0.35 x 100 req/s over a replica's capacity), at least 2.
    const capacity = chat.replica.capacityRequestsPerS;
    expect(chat.replicas[0]).toBe(Math.max(2, Math.ceil((0.35 * 100) / capacity - 1e-9)));
    // The noon peak's replicas start 12.5 min before noon (the catalog's restart time) and serve
    // from noon: the 13:00 sample has them all.
    expect(chat.replica.startS).toBe(750);
    expect(chat.replicas[13]).toBe(Math.ceil(100 / capacity - 1e-9));
    expect(chat.shortfallReplicaHours).toBe(0);
    expect(chat.sloAttainment).toBeGreaterThan(0.99);
    expect(chat.sloAttainment).toBeLessThanOrEqual(1);
    expect(chat.lentGpuHours).toBeGreaterThan(0);
    const bad = capture();
    const dir = mkdtempSync(join(tmpdir(), 'aidc-sim-'));
    const wrong = join(dir, 'wrong.yaml');
    writeFileSync(
      wrong,
      readFileSync(file, 'utf8').replace('- workload: chat', '- workload: chatbot'),
    );
    expect(await main(['simulate', wrong], bad)).toBe(1);
    expect(bad.stderr.join('\n')).toContain(
      "simulation.services[0].workload: expected the name of an online inference workload (one of chat), found 'chatbot'",
    );
  });

  it('replays the Alibaba openb trace with GPU sharing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aidc-sim-'));
    const scenario = join(dir, 'openb.yaml');
    const trace = join(
      root,
      'packages',
      'sim',
      'test-data',
      'traces',
      'openb_pod_list_default.csv',
    );
    writeFileSync(
      scenario,
      readFileSync(example, 'utf8').replace(
        /^ {2}jobs:[\s\S]*$/m,
        `  jobs: { trace: ${JSON.stringify(trace)}, format: alibaba-openb }\n`,
      ),
    );
    const io = capture();
    expect(await main(['simulate', scenario, '--json', '--days', '10'], io)).toBe(0);
    const sim = JSON.parse(io.stdout.join('')).simulation;
    expect(sim.skipped.cpuOnly).toBe(1088);
    expect(sim.jobs.submitted).toBeGreaterThan(0);
  });
});

describe('aidc simulate on a trace (examples/philly-trace-replay.yaml)', () => {
  const replay = join(root, 'examples', 'philly-trace-replay.yaml');
  it("replays Philly's run times with drawn arrivals, priorities and teams under quotas", async () => {
    const io = capture();
    expect(await main(['simulate', replay, '--json', '--days', '2'], io)).toBe(0);
    const sim = JSON.parse(io.stdout.join('')).simulation;
    // Poisson arrivals at 1,550 a day for 2 days: mean 3,100, sd 55.7.
    expect(Math.abs(sim.jobs.submitted - 3100)).toBeLessThan(4 * 55.7);
    expect(sim.jobs.rejected).toBe(0);
    // Both priorities drawn (0.8 / 0.2) and queued separately.
    expect(Object.keys(sim.queueDelayByPriorityS).sort()).toEqual(['0', '1']);
    expect(sim.jobs.completed).toBeGreaterThan(sim.jobs.submitted / 2);
  });
  it('a trace file that is not there is an error naming the key and the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aidc-trace-'));
    const file = join(dir, 'replay.yaml');
    writeFileSync(file, readFileSync(replay, 'utf8'));
    const io = capture();
    expect(await main(['simulate', file], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(
      /simulation\.jobs\.trace: cannot read .*philly_runtime\.csv: no such file/,
    );
  });
});

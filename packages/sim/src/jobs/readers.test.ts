import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAlibabaOpenb } from './alibaba-openb.js';
import { readGavelTrace } from './gavel.js';
import { TraceError, bySubmitTime, jobTable, mergeJobs } from './job.js';
import { readAidcCsv } from './aidc-csv.js';
import { readPhillyRuntimes } from './philly-runtime.js';
import { readPolluxTrace } from './pollux.js';
import { syntheticJobTable, syntheticJobs, withDrawnShares } from './synthetic.js';
import { readTiresiasClusterSpec, readTiresiasTrace } from './tiresias.js';
import { buildCluster } from '../cluster/cluster.js';
import { simulate } from '../simulate.js';

const traces = join(import.meta.dirname, '..', '..', 'test-data', 'traces');

describe('Alibaba openb pod list', () => {
  it('reads the default trace: 8,152 pods, CPU-only and never-scheduled ones skipped', () => {
    const text = readFileSync(join(traces, 'openb_pod_list_default.csv'), 'utf8');
    const { jobs, skipped } = readAlibabaOpenb(text);
    // 1,088 pods ask for no GPU; of the GPU pods, those with no scheduled_time never ran.
    expect(skipped['cpuOnly']).toBe(1088);
    expect(jobs.length + skipped['cpuOnly']! + skipped['neverScheduled']!).toBe(8152);
    const shared = jobs.filter((j) => j.gpuMilli < 1000);
    expect(shared.length).toBeGreaterThan(2000);
    expect(shared.every((j) => j.gpus === 1)).toBe(true);
    expect(jobs[0]!.submitS).toBe(0);
    expect(jobs.every((j, i) => i === 0 || j.submitS >= jobs[i - 1]!.submitS)).toBe(true);
  });
  it('names the line and column of a bad row', () => {
    const text = [
      'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time',
      'p0,1000,1024,1,500,,LS,Running,0,100,0',
      'p1,1000,1024,two,1000,,LS,Running,5,100,5',
    ].join('\n');
    expect(() => readAlibabaOpenb(text)).toThrow(TraceError);
    expect(() => readAlibabaOpenb(text)).toThrow(
      'line 3, num_gpu: expected a number of 0 or more, found "two"',
    );
    expect(() => readAlibabaOpenb('name,num_gpu\n')).toThrow(/line 1, gpu_milli: missing column/);
  });
});

describe('Gavel trace', () => {
  const text = readFileSync(join(traces, 'msr_seed0_23dbec.trace'), 'utf8');
  const models = [
    ...new Set(
      text
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]!.replace(/\s*\(.*\)$/, '')),
    ),
  ];
  it('reads each job: arrival, GPUs (scale factor), run time = steps / steps per second', () => {
    const stepsPerSecond = Object.fromEntries(models.map((m) => [m, 10]));
    const { jobs } = readGavelTrace(text, { stepsPerSecond });
    const lines = text.trim().split('\n');
    expect(jobs.length).toBe(lines.length);
    const first = lines[0]!.split('\t');
    const job = jobs.find((j) => j.submitS === Number(first[5]))!;
    expect(job.gpus).toBe(Number(first[6]));
    expect(job.durationS).toBeCloseTo(Number(first[4]) / 10, 9);
  });
  it('asks for the steps per second it lacks, and names a bad line', () => {
    expect(() => readGavelTrace(text, { stepsPerSecond: {} })).toThrow(/no steps per second for/);
    expect(() => readGavelTrace('a\tb\tc\n', { stepsPerSecond: {} })).toThrow(
      'line 1, row: 3 tab-separated fields, expected 7 or 11',
    );
  });
});

describe('synthetic mix', () => {
  const mix = {
    arrivalsPerDay: 400,
    gpus: [
      [1, 0.6],
      [8, 0.3],
      [64, 0.1],
    ] as [number, number][],
    durationHours: { distribution: 'lognormal' as const, median: 2, sigma: 1 },
  };
  it('arrives as a Poisson stream with the size mix, the same for the same seed', () => {
    const jobs = syntheticJobs(mix, 100 * 86_400, 5);
    // 400 a day for 100 days: Poisson with mean 40,000.
    expect(Math.abs(jobs.length - 40_000)).toBeLessThan(3 * Math.sqrt(40_000));
    const share8 = jobs.filter((j) => j.gpus === 8).length / jobs.length;
    expect(Math.abs(share8 - 0.3)).toBeLessThan(0.015);
    const sorted = jobs.map((j) => j.durationS / 3600).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]!).toBeCloseTo(2, 0);
    expect(syntheticJobs(mix, 100 * 86_400, 5)).toEqual(jobs);
  });
  it('rejects probabilities that do not sum to 1', () => {
    expect(() => syntheticJobs({ ...mix, gpus: [[1, 0.5]] }, 86_400, 1)).toThrow(
      /sum to 0.5, not 1/,
    );
  });
  it("as a table: the same jobs, and the plan's own jobs merged in by submission time", () => {
    const withTeams = {
      ...mix,
      checkpointIntervalMin: 30,
      teams: [
        ['a', 0.5],
        ['b', 0.5],
      ] as [string, number][],
    };
    const jobs = syntheticJobs(withTeams, 10 * 86_400, 2);
    const table = syntheticJobTable(withTeams, 10 * 86_400, 2);
    expect(table.count).toBe(jobs.length);
    jobs.forEach((job, j) => {
      expect(table.id(j)).toBe(job.id);
      expect(table.submitS[j]).toBe(job.submitS);
      expect(table.durationS[j]).toBe(job.durationS);
      expect(table.gpus[j]).toBe(job.gpus);
      expect(table.checkpointIntervalS[j]).toBe(1800);
      expect(table.teams[table.team[j]!]).toBe(job.team);
    });
    // Two jobs of the plan: one at 0, one between the second and third arrivals.
    const own = [
      {
        id: 'late',
        submitS: (jobs[1]!.submitS + jobs[2]!.submitS) / 2,
        gpus: 64,
        gpuMilli: 1000,
        durationS: 9,
      },
      { id: 'pretrain', submitS: 0, gpus: 512, gpuMilli: 1000, durationS: 7, team: 'c' },
    ];
    const merged = mergeJobs(own, table);
    expect(merged.count).toBe(jobs.length + 2);
    const ids = Array.from({ length: 5 }, (_, j) => merged.id(j));
    expect(ids).toEqual(['pretrain', 'job-1', 'job-2', 'late', 'job-3']);
    expect(merged.durationS[3]).toBe(9);
    expect(merged.teams[merged.team[0]!]).toBe('c');
    expect(merged.teams[merged.team[1]!]).toBe(jobs[0]!.team);
    // The same as sorting all the objects and making them a table.
    const all = jobTable(bySubmitTime([...own, ...jobs]));
    for (let j = 0; j < all.count; j++) {
      expect(merged.id(j)).toBe(all.id(j));
      expect(merged.submitS[j]).toBe(all.submitS[j]);
      expect(merged.teams[merged.team[j]!]).toBe(all.teams[all.team[j]!]);
    }
  });
});

describe('Tiresias trace and cluster spec', () => {
  const { jobs } = readTiresiasTrace(readFileSync(join(traces, '60_job.csv'), 'utf8'));
  const shape = readTiresiasClusterSpec(readFileSync(join(traces, 'n32g4.csv'), 'utf8'), 'v100');
  it('reads the 60-job sample: sizes, times in seconds, the 128-GPU spec', () => {
    expect(jobs.length).toBe(60);
    expect(jobs[0]).toEqual({
      id: 'tiresias-0',
      submitS: 0,
      gpus: 1,
      gpuMilli: 1000,
      durationS: 164,
    });
    const bySize = (g: number) => jobs.filter((j) => j.gpus === g).length;
    expect([bySize(1), bySize(2), bySize(4), bySize(8)]).toEqual([30, 10, 10, 10]);
    expect(shape).toMatchObject({ servers: 32, gpusPerServer: 4, serversPerLeafGroup: 32 });
  });
  it('replayed on its own cluster, no job waits: its peak of 26 GPUs fits 128', () => {
    const run = simulate({
      cluster: buildCluster(shape),
      jobs,
      horizonS: 86_400,
      seed: 1,
      policy: 'fifo',
      placement: 'topology',
      power: { busyKWPerGpu: 0.3, idleKWPerGpu: 0.05 },
    });
    expect(run.result.jobs.completed).toBe(60);
    expect(run.result.queueDelayS).toEqual({ mean: 0, p50: 0, p90: 0, p99: 0 });
    // Completion time = run time: the mean of the trace's durations, 10,705 s / 60.
    expect(run.result.jctS.mean).toBeCloseTo(10_705 / 60, 9);
  });
  it('names the line of a job without GPUs', () => {
    const text =
      'job_id,num_gpu,submit_time,iterations,model_name,duration,interval\n0,0,0,1,vgg,5,1\n';
    expect(() => readTiresiasTrace(text)).toThrow('line 2, num_gpu: a job needs at least 1 GPU');
  });
});

describe('Pollux workload', () => {
  const text = readFileSync(join(traces, 'workload-6.csv'), 'utf8');
  const runSeconds = {
    bert: 3600,
    cifar10: 900,
    deepspeech2: 7200,
    imagenet: 36_000,
    ncf: 600,
    yolov3: 14_400,
  };
  it('reads 160 jobs, each on its replicas, the run time of its application', () => {
    const { jobs } = readPolluxTrace(text, { runSeconds });
    expect(jobs.length).toBe(160);
    expect(jobs[0]).toEqual({
      id: 'cifar10-0',
      submitS: 53,
      gpus: 6,
      gpuMilli: 1000,
      durationS: 900,
    });
    expect(jobs.filter((j) => j.durationS === 600).length).toBe(54);
  });
  it('says which applications have no run time', () => {
    expect(() => readPolluxTrace(text, { runSeconds: { cifar10: 1, ncf: 1 } })).toThrow(
      'Pollux trace: no run time for bert, deepspeech2, imagenet, yolov3',
    );
  });
});

describe('aidc job CSV', () => {
  it('reads the required and optional columns, in any row order', () => {
    const text = [
      'id,submit_s,gpus,duration_s,gpu_milli,checkpoint_interval_s,priority,team',
      'b,60,16,7200,,1800,1,vision',
      'a,0,1,30,250,,,',
    ].join('\n');
    const { jobs } = readAidcCsv(text);
    expect(jobs).toEqual([
      { id: 'a', submitS: 0, gpus: 1, gpuMilli: 250, durationS: 30 },
      {
        id: 'b',
        submitS: 60,
        gpus: 16,
        gpuMilli: 1000,
        durationS: 7200,
        checkpointIntervalS: 1800,
        priority: 1,
        team: 'vision',
      },
    ]);
  });
  it('names the line and column of what is wrong', () => {
    expect(() => readAidcCsv('id,submit_s,gpus\na,0,1')).toThrow(
      'line 1, duration_s: missing column',
    );
    expect(() => readAidcCsv('id,submit_s,gpus,duration_s,queue\na,0,1,5,x')).toThrow(
      'line 1, queue: unknown column',
    );
    expect(() => readAidcCsv('id,submit_s,gpus,duration_s,gpu_milli\na,0,2,5,500')).toThrow(
      'line 2, gpu_milli: a 2-GPU job must take whole GPUs (1000)',
    );
    expect(() => readAidcCsv('id,submit_s,gpus,duration_s\na,-1,2,5')).toThrow(
      'line 2, submit_s: expected a number of 0 or more, found "-1"',
    );
  });
});

describe('priorities and teams drawn for a trace', () => {
  const { jobs } = readTiresiasTrace(readFileSync(join(traces, '60_job.csv'), 'utf8'));
  it('from their shares, the same for the same seed, the jobs otherwise as read', () => {
    const shares = {
      priorities: [
        [0, 0.75],
        [1, 0.25],
      ] as [number, number][],
      teams: [
        ['a', 0.5],
        ['b', 0.5],
      ] as [string, number][],
    };
    const drawn = withDrawnShares(jobs, shares, 3);
    expect(drawn).toEqual(withDrawnShares(jobs, shares, 3));
    expect(drawn.map(({ priority: _p, team: _t, ...rest }) => rest)).toEqual(jobs);
    const high = drawn.filter((j) => j.priority === 1).length;
    // Binomial(60, 0.25): mean 15, sd 3.35.
    expect(Math.abs(high - 15)).toBeLessThan(3 * 3.36);
    expect(new Set(drawn.map((j) => j.team))).toEqual(new Set(['a', 'b']));
    expect(withDrawnShares(jobs, {}, 3)).toEqual(jobs);
  });
});

describe("Philly's run-time column", () => {
  const hours = readPhillyRuntimes(readFileSync(join(traces, 'philly_runtime.csv'), 'utf8'));
  it('reads 83,154 run times, mean 4.06 h', () => {
    expect(hours.length).toBe(83_154);
    const meanS = (hours.reduce((s, h) => s + h, 0) * 3600) / hours.length;
    expect(meanS).toBeCloseTo(14_613.3, 0);
  });
  it('a job stream draws its run times from them (a bootstrap: the same quantiles)', () => {
    const sorted = [...hours].sort((a, b) => a - b);
    const table = syntheticJobTable(
      {
        arrivalsPerDay: 10_000,
        gpus: [[1, 1]],
        durationHours: { distribution: 'empirical', hours },
      },
      20 * 86_400,
      2,
    );
    const drawn = Array.from(table.durationS, (s) => s / 3600).sort((a, b) => a - b);
    for (const q of [0.25, 0.5, 0.9]) {
      const want = sorted[Math.floor(q * sorted.length)]!;
      const got = drawn[Math.floor(q * drawn.length)]!;
      expect(Math.abs(got / want - 1)).toBeLessThan(0.05);
    }
    // Every drawn run time is one of the file's.
    const known = new Set(hours);
    expect(Array.from(table.durationS).every((s) => known.has(s / 3600))).toBe(true);
  });
  it('names a bad line', () => {
    expect(() => readPhillyRuntimes('runtime\n5\nfive\n')).toThrow(
      'line 3, runtime: expected a number of 0 or more, found "five"',
    );
  });
});

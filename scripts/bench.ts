// `npm run bench`: how fast the built code (packages/*/dist, which the script builds first) plans:
// a full plan with parallelism search (405B on 16,384 H100), the search's full step-time
// evaluations per second, deadline sizing, inference plans, a 98,304-GPU plan and sweeps of 200
// and 1,000 plans in one thread and on two. Each figure is the first call in this process (cold:
// the code not yet compiled by the JIT, caches empty) and the median of the warm calls after it.
// First, whole `aidc` commands as a user runs them (bin/aidc.js, a new process each): cold without
// the bundle's code cache (as after a Node upgrade), warm with it (as after `npm run build`).
// Wall-clock time, so it lives here, not in a test.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Core = typeof import('@aidc/core');
type SweepCommand = typeof import('../packages/cli/src/sweep-command.js');

const root = join(import.meta.dirname, '..');
const built = (path: string) => pathToFileURL(join(root, 'packages', path)).href;
// The CLI's built code imports '@aidc/core' by name: it must resolve to the built core too.
if (!import.meta.resolve('@aidc/core').startsWith(built('core/dist/'))) {
  throw new Error(
    `@aidc/core resolves to ${import.meta.resolve('@aidc/core')}, not the built code: run \`npm run bench\``,
  );
}
const core = (await import(built('core/dist/index.js'))) as Core;
const cli = (await import(built('cli/dist/sweep-command.js'))) as SweepCommand;
const {
  parseScenario,
  planScenario,
  searchParallelism,
  shapeFromPreset,
  trainingContext,
  findGpu,
  isGenericTraining,
} = core;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Timing<T> {
  readonly coldMs: number;
  readonly warmMs: number;
  readonly warmRuns: number;
  readonly value: T;
}

/** The first call (cold), then `warmRuns` more: their median. Each call starts without the
 *  training plans an earlier call cached (a sweep still shares them between its variants). */
async function timeIt<T>(warmRuns: number, fn: () => T | Promise<T>): Promise<Timing<T>> {
  core.clearPlanCaches();
  let start = performance.now();
  let value = await fn();
  const coldMs = performance.now() - start;
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    core.clearPlanCaches();
    start = performance.now();
    value = await fn();
    warm.push(performance.now() - start);
  }
  return { coldMs, warmMs: median(warm), warmRuns, value };
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const report = (label: string, t: Timing<unknown>, unit = 'per plan') =>
  console.log(
    `${label}: cold ${ms(t.coldMs)} ms, warm ${ms(t.warmMs)} ms ${unit} (median of ${t.warmRuns})`,
  );

{
  // Wall time of each run, and the processor time of the runs together from the children's
  // times the kernel keeps (/proc/self/stat cutime + cstime, Linux; in clock ticks, so only their
  // mean over the runs is given).
  const bin = join(root, 'packages', 'cli', 'bin', 'aidc.js');
  const runs = 10;
  const childCpuMs = (): number | undefined => {
    try {
      const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
    } catch {
      return undefined;
    }
  };
  const timeRuns = (args: string[], env: NodeJS.ProcessEnv) => {
    const cpuBefore = childCpuMs();
    const walls = Array.from({ length: runs }, () => {
      const start = performance.now();
      const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
      return performance.now() - start;
    });
    const cpuAfter = childCpuMs();
    const cpu =
      cpuBefore === undefined || cpuAfter === undefined
        ? ''
        : `, ${ms((cpuAfter - cpuBefore) / runs)} ms CPU (mean)`;
    return `${ms(median(walls))} ms wall${cpu}`;
  };
  const commands: [string, string[]][] = [
    ['aidc --version', ['--version']],
    ['aidc check (8B example)', ['check', join(root, 'examples', 'llama3.1-8b-small.yaml')]],
    ['aidc plan (405B example)', ['plan', join(root, 'examples', 'llama3.1-405b-16k-h100.yaml')]],
  ];
  console.log(
    `start-up, whole process, median of ${runs} runs each (bare node -e 0: ${timeRuns(['-e', '0'], process.env)})`,
  );
  for (const [label, args] of commands) {
    const cold = timeRuns([bin, ...args], { ...process.env, AIDC_NO_CODE_CACHE: '1' });
    const warm = timeRuns([bin, ...args], process.env);
    console.log(`  ${label}: cold (no code cache) ${cold}; warm (code cache) ${warm}`);
  }
}

const scenarioOf = (text: string) => {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error('a bench scenario is invalid');
  return parsed.scenario;
};
const example = (name: string) => readFileSync(join(root, 'examples', name), 'utf8');

const text405 = example('llama3.1-405b-16k-h100.yaml');
const scenario = scenarioOf(text405);
const plan = await timeIt(20, () => planScenario(scenario));
report('full plan, 405B on 16,384 H100 (parse excluded)', plan);

const workload = scenario.workloads[0]!;
if (workload.type !== 'training' || isGenericTraining(workload))
  throw new Error('the bench scenario trains an LLM');
const ctx = trainingContext(
  {
    workload,
    model: shapeFromPreset('llama3.1-405b')!,
    gpu: findGpu('h100-sxm-80gb')!,
    fabric: undefined,
    gpus: 16384,
  },
  16384,
);
const search = await timeIt(5, () => searchParallelism(ctx, { fixed: {} }));
// `evaluated` counts the layouts whose memory was checked; only those that fit have their step
// time evaluated in full (and ranked).
const { evaluated, rejectedForMemory } = search.value;
const full = evaluated - rejectedForMemory;
console.log(
  `parallelism search: ${evaluated.toLocaleString('en-US')} layouts memory-checked, ${full.toLocaleString('en-US')} fit and had their step time evaluated in full; cold ${ms(search.coldMs)} ms, warm ${ms(search.warmMs)} ms (median of ${search.warmRuns}) = ${Math.round(full / (search.warmMs / 1000)).toLocaleString('en-US')} full step-time evaluations/s warm (${Math.round(evaluated / (search.warmMs / 1000)).toLocaleString('en-US')} layouts searched/s)`,
);

const deadline = scenarioOf(example('llama2-70b-deadline.yaml'));
report('deadline sizing, 70B in 30 days', await timeIt(3, () => planScenario(deadline)));
const serving = scenarioOf(example('llama3.1-70b-chat-and-batch.yaml'));
report(
  'inference plan, 70B chat (tp search, p99 batch bisection, replica sizing) + offline job',
  await timeIt(20, () => planScenario(serving)),
);
const pipelined = scenarioOf(`name: 405B bf16 chat
cluster: { gpu: h100-sxm-80gb }
workloads:
  - { name: chat, type: inference, model: llama3.1-405b, precision: bf16, requestsPerSecond: 5, inputTokens: 1000, outputTokens: 300, slo: { ttftMs: 2000, tpotMs: 100 } }
`);
report(
  'inference plan, 405B bf16 across servers (tp x pp search)',
  await timeIt(10, () => planScenario(pipelined)),
);
const hundredK = scenarioOf(`name: 100k GPUs
cluster: { gpu: h100-sxm-80gb, gpus: 98304 }
workloads:
  - { name: pretrain, type: training, model: llama3.1-405b, tokens: 15e12, seqLen: 8192, globalBatchTokens: 16e6 }
`);
report(
  '98,304-GPU plan (parallelism search + servers, racks, 4-tier fabric, storage, power, cooling)',
  await timeIt(5, () => planScenario(hundredK)),
);

{
  // Sweeps of the 405B example, as `aidc sweep` runs them (Monte Carlo off): 25 GPU counts, two
  // precisions, four countries (200 plans), and five token counts more (1,000). --jobs 2 adds a
  // worker thread once this thread is warm and the rest would take it over 2 s; "workers at once"
  // starts it with the first plan. A worker starts (and compiles) afresh in every call.
  const gpus =
    'cluster.gpus=1024,2048,3072,4096,6144,7168,8192,9216,12288,14336,16384,18432,21504,24576,28672,32768,36864,43008,49152,57344,64512,65536,73728,86016,98304';
  const runs: [string[], number, boolean][] = [
    [[gpus, 'workloads[0].precision=bf16,fp8', 'site.country=US,NO,FR,DE'], 1, false],
    [[gpus, 'workloads[0].precision=bf16,fp8', 'site.country=US,NO,FR,DE'], 2, false],
    [[gpus, 'workloads[0].precision=bf16,fp8', 'site.country=US,NO,FR,DE'], 2, true],
    [
      [
        gpus,
        'workloads[0].precision=bf16,fp8',
        'site.country=US,NO,FR,DE',
        'workloads[0].tokens=5e12,10e12,15.6e12,20e12,30e12',
      ],
      1,
      false,
    ],
    [
      [
        gpus,
        'workloads[0].precision=bf16,fp8',
        'site.country=US,NO,FR,DE',
        'workloads[0].tokens=5e12,10e12,15.6e12,20e12,30e12',
      ],
      2,
      false,
    ],
  ];
  for (const [specs, jobs, workersAtOnce] of runs) {
    const v = core.parseVaries(specs);
    if (!v.ok) throw new Error(v.message);
    const sweep = core.prepareSweep(text405, v.varies);
    const t = await timeIt(sweep.size > 200 ? 2 : 3, () =>
      cli.streamSweep(sweep, { jobs, workersAtOnce, onRow: () => {} }),
    );
    const rate = (x: number) => Math.round(sweep.size / (x / 1000));
    console.log(
      `sweep of ${sweep.size.toLocaleString('en-US')} plans, --jobs ${jobs}${workersAtOnce ? ' (workers at once)' : ''}: cold ${(t.coldMs / 1000).toFixed(2)} s (${rate(t.coldMs)} plans/s), warm ${(t.warmMs / 1000).toFixed(2)} s (${rate(t.warmMs)} plans/s, median of ${t.warmRuns})`,
    );
  }
}
const t = plan.value.workloads[0]?.training;
if (t)
  console.log(
    `(chosen: tp ${t.parallelism.tp}, pp ${t.parallelism.pp}, dp ${t.parallelism.dp}, cp ${t.parallelism.cp}; MFU ${(t.mfu * 100).toFixed(1)}%)`,
  );

// Simulation (packages/sim): the event queue's hold rate (pop the earliest, schedule one later,
// 100,000 pending: the classic event-list benchmark of Vaucher & Duval 1975, CACM 18:223), the
// whole simulator on an M/M/c stream, and a year of a 100,000-GPU cluster with failures.
{
  const sim = await import('@aidc/sim');
  const core = await import('@aidc/core');
  const wall = () => performance.now();
  {
    const q = sim.createEventQueue(1 << 17);
    const random = sim.seededRandom(1);
    for (let i = 0; i < 100_000; i++) q.push(random() * 100, 0, i, 0);
    const out = { time: 0, kind: 0, a: 0, b: 0 };
    const holds = 10_000_000;
    const start = wall();
    for (let i = 0; i < holds; i++) {
      q.pop(out);
      q.push(out.time + sim.exponential(random, 100), 0, out.a, 0);
    }
    const s = (wall() - start) / 1000;
    console.log(
      `sim event queue: ${holds.toLocaleString('en-US')} holds (pop + push) with 100,000 pending in ${s.toFixed(2)} s = ${Math.round((2 * holds) / s).toLocaleString('en-US')} queue operations/s, ${Math.round(holds / s).toLocaleString('en-US')} events/s`,
    );
  }
  {
    const cluster = sim.buildCluster({
      gpu: 'h100-sxm-80gb',
      servers: 512,
      gpusPerServer: 8,
      serversPerDomain: 1,
      serversPerLeafGroup: 32,
      serversPerRack: 4,
    });
    const horizonS = 60 * 86_400;
    const jobs = sim.syntheticJobTable(
      {
        arrivalsPerDay: 0.9 * 4096 * 24,
        gpus: [[1, 1]],
        durationHours: { distribution: 'exponential', mean: 1 },
      },
      horizonS,
      1,
    );
    const start = wall();
    const { result } = sim.simulate({
      cluster,
      jobs,
      horizonS,
      seed: 1,
      policy: 'fifo',
      placement: 'topology',
      power: { busyKWPerGpu: 1.4, idleKWPerGpu: 0.4 },
    });
    const s = (wall() - start) / 1000;
    console.log(
      `sim, M/M/c: ${jobs.count.toLocaleString('en-US')} one-GPU jobs on 4,096 GPUs at load 0.9, FIFO: ${result.events.toLocaleString('en-US')} events in ${s.toFixed(2)} s = ${Math.round(result.events / s).toLocaleString('en-US')} events/s`,
    );
  }
  {
    const parsed = core.parseScenario(`name: 100k GPUs, a year of jobs
cluster: { gpu: h100-sxm-80gb, gpus: 98304 }
workloads:
  - { name: pretrain, type: training, model: llama3.1-405b, tokens: 15e12, seqLen: 8192, globalBatchTokens: 16e6 }
simulation:
  days: 365
  policy: backfill
  jobs:
    synthetic:
      arrivalsPerDay: 9900
      # 38 GPUs x 5.0 h mean a job: offered load 0.8 of the 98,304 GPUs.
      gpus: [[1, 0.5], [8, 0.3], [64, 0.15], [512, 0.05]]
      durationHours: { distribution: lognormal, median: 0.2428, sigma: 2.46 }
      checkpointIntervalMin: 60
`);
    if (!parsed.ok) throw new Error('bench simulation scenario is invalid');
    const plan = core.planScenario(parsed.scenario, { monteCarlo: false });
    const start = wall();
    const run = sim.simulatePlan(plan);
    const s = (wall() - start) / 1000;
    const r = run.result;
    console.log(
      `sim, a year of ${plan.cluster.servers.toLocaleString('en-US')} servers (${r.jobs.submitted.toLocaleString('en-US')} jobs, backfill, ${r.failures.serverFailures.toLocaleString('en-US')} server failures): ${r.events.toLocaleString('en-US')} events in ${s.toFixed(1)} s = ${Math.round(r.events / s).toLocaleString('en-US')} events/s (utilisation ${(r.utilization * 100).toFixed(1)}%)`,
    );
  }
}

// npm run bench:workers: variants per second of a queued sweep with 1 and with 2 `aidc worker`
// processes (--concurrency 1 each), on the built code and the Redis on 127.0.0.1:6379 (or
// AIDC_BENCH_REDIS), under a key prefix of its own. Each configuration runs a warm-up sweep,
// then RUNS timed sweeps of the built `aidc sweep --queue`; the median is reported, with the
// in-process one-thread rate (--jobs 1) beside it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const BIN = join(root, 'packages/cli/bin/aidc.js');
const EXAMPLE = join(root, 'examples/llama3.1-8b-small.yaml');
const REDIS = process.env['AIDC_BENCH_REDIS'] ?? 'redis://127.0.0.1:6379';
const RUNS = Number(process.env['RUNS'] ?? 3);
const prefix = `aidc-bench-${randomUUID().slice(0, 8)}`;
const tokens = Array.from({ length: 50 }, (_, i) => `${i + 1}e12`).join(',');
const VARY = [
  'cluster.gpus=16,32,64,128,256',
  `workloads[0].tokens=${tokens}`,
  'site.country=US,NO,IE,DE',
  'workloads[0].seqLen=2048,3072,4096,6144,8192,12288,16384,24576,32768,65536',
];
const varyArgs = VARY.flatMap((v) => ['--vary', v]);

function worker(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [BIN, 'worker', '--queue', REDIS, '--queue-prefix', prefix, '--concurrency', '1'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      if (err.includes('aidc worker: ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`aidc worker exited ${code}: ${err}`)));
  });
}

/** One sweep; its plans and seconds as aidc reports them. */
function sweep(extra: string[]): { plans: number; seconds: number } {
  const r = spawnSync(
    process.execPath,
    [BIN, 'sweep', EXAMPLE, ...varyArgs, ...extra, '--jsonl', '/dev/null'],
    { encoding: 'utf8' },
  );
  const m = /aidc sweep: (\d+) plans in ([\d.]+) s/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`aidc sweep failed (${r.status}): ${r.stderr}`);
  return { plans: Number(m[1]), seconds: Number(m[2]) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function measure(label: string, extra: string[]): number {
  sweep(extra); // warm-up: each process's code compiled, its caches filled
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = sweep(extra);
    rates.push(r.plans / r.seconds);
  }
  const rate = median(rates);
  console.log(
    `${label.padEnd(28)} ${rate.toFixed(0).padStart(6)} variants/s  (runs: ${rates.map((x) => x.toFixed(0)).join(', ')})`,
  );
  return rate;
}

const queue = ['--queue', REDIS, '--queue-prefix', prefix];
const workers: ChildProcess[] = [];
try {
  const size = VARY.reduce((n, v) => n * v.split('=')[1]!.split(',').length, 1);
  console.log(`a sweep of ${size} variants of examples/llama3.1-8b-small.yaml, ${RUNS} runs each`);
  const local = measure('in-process, --jobs 1', ['--jobs', '1']);
  workers.push(await worker());
  const one = measure('1 worker', queue);
  workers.push(await worker());
  const two = measure('2 workers', queue);
  console.log(
    `2 workers / 1 worker: ${(two / one).toFixed(2)}x; 1 worker / in-process: ${(one / local).toFixed(2)}x`,
  );
} finally {
  for (const w of workers) w.kill('SIGTERM');
  spawnSync('redis-cli', ['-u', REDIS, '--scan', '--pattern', `${prefix}:*`], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .forEach((key) => spawnSync('redis-cli', ['-u', REDIS, 'del', key]));
}

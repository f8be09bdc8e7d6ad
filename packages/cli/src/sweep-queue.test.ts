// `aidc sweep --queue` and `aidc worker` as users run them (the built command), against the real
// Redis: the rows of a queued sweep are those of one thread, in grid order; a worker stopped with
// SIGTERM hands its chunk back at once; Ctrl-C cancels; bad addresses are one line and exit 2.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  dropPrefix,
  REDIS,
  spawnWorker,
  stopWorker,
  testPrefix,
  VARY_2000,
  waitFor,
  type SpawnedWorker,
} from '../../workers/src/test-workers.js';

const EXAMPLE = new URL('../../../examples/llama3.1-8b-small.yaml', import.meta.url).pathname;
const varyArgs = (vary: readonly string[]) => vary.flatMap((v) => ['--vary', v]);

/** The built aidc run to its end: exit code (or signal) and stderr. */
function aidc(
  args: readonly string[],
  onStart?: (child: ReturnType<typeof spawn>) => void,
): Promise<{ code: number | string; err: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  onStart?.(child);
  return new Promise((resolve) =>
    child.once('exit', (code, signal) =>
      resolve({ code: code ?? signal ?? -1, err, ms: Date.now() - started }),
    ),
  );
}

describe('aidc sweep --queue with aidc worker (Redis)', () => {
  const prefix = testPrefix();
  const dir = mkdtempSync(join(tmpdir(), 'aidc-queue-'));
  const workers: SpawnedWorker[] = [];
  let redis: Redis;
  let queue: Queue;
  const queueArgs = ['--queue', REDIS, '--queue-prefix', prefix];

  beforeAll(() => {
    redis = new Redis(REDIS, { maxRetriesPerRequest: null });
    queue = new Queue('jobs', { connection: redis, prefix });
  });
  afterAll(async () => {
    await Promise.all(workers.map(stopWorker));
    await queue?.close();
    redis?.disconnect();
    await dropPrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'plans on two workers the rows of one thread, in grid order; SIGTERM hands a chunk back at once; /metrics counts the jobs',
    { timeout: 90_000 },
    async () => {
      // A stall interval far longer than the test: only a hand-back lets the sweep end in time.
      const common = [...queueArgs, '--concurrency', '1', '--stall-interval', '600000'];
      const a = await spawnWorker([...common, '--grace', '0']);
      const b = await spawnWorker([...common, '--metrics-port', '0']);
      workers.push(a, b);
      expect(b.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const queued = join(dir, 'queued.jsonl');
      let termAt = 0;
      const run = aidc(
        ['sweep', EXAMPLE, ...varyArgs(VARY_2000), ...queueArgs, '--jsonl', queued],
        () => {
          void waitFor('a chunk held by worker a', async () => {
            const active = await queue.getActive();
            return active.some((j) => j.processedBy === a.name) ? true : undefined;
          }).then(() => {
            termAt = Date.now();
            a.child.kill('SIGTERM');
          });
        },
      );
      const r = await run;
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(
        /aidc sweep: 2000 plans in [\d.]+ s, 400 invalid or infeasible \(\d+ variants\/s\)/,
      );
      expect(termAt).toBeGreaterThan(0);
      expect(await a.exited).toBe(0);
      expect(a.stderr()).toContain('"msg":"sweep-chunk handed_back"');
      expect(a.stderr()).toContain('aidc worker: stopped');

      const local = join(dir, 'local.jsonl');
      const one = spawnSync(
        process.execPath,
        [BIN, 'sweep', EXAMPLE, ...varyArgs(VARY_2000), '--jobs', '1', '--jsonl', local],
        { encoding: 'utf8' },
      );
      expect(one.status, one.stderr).toBe(0);
      const lines = readFileSync(queued, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(2000);
      expect(readFileSync(queued, 'utf8')).toBe(readFileSync(local, 'utf8'));

      const text = await (await fetch(b.metricsUrl ?? '')).text();
      expect(text).toContain('# TYPE aidc_queue_jobs gauge');
      expect(text).toMatch(/^aidc_queue_jobs\{state="waiting"\} 0$/m);
      expect(text).toMatch(/^aidc_queue_workers [1-9]\d*$/m);
      expect(text).toMatch(/^aidc_worker_active_jobs 0$/m);
      const completed = Number(
        /^aidc_worker_jobs_total\{kind="sweep-chunk",outcome="completed"\} (\d+)$/m.exec(text)?.[1],
      );
      expect(completed).toBeGreaterThan(0);
      expect(text).toMatch(
        new RegExp(
          `^aidc_worker_job_duration_seconds_count\\{kind="sweep-chunk"\\} ${completed}$`,
          'm',
        ),
      );
      expect(text).toMatch(
        /^aidc_worker_job_duration_seconds_bucket\{kind="sweep-chunk",le="\+Inf"\} \d+$/m,
      );
      expect((await fetch(b.metricsUrl?.replace('/metrics', '/') ?? '')).status).toBe(404);
    },
  );

  it(
    'Ctrl-C cancels a queued sweep: exit 130, and its chunks leave the queue',
    { timeout: 60_000 },
    async () => {
      await Promise.all(workers.map(stopWorker)); // nobody takes the chunks: they wait
      const tokens = Array.from({ length: 50 }, (_, i) => `${i + 1}e12`).join(',');
      const r = await aidc(
        ['sweep', EXAMPLE, '--vary', `workloads[0].tokens=${tokens}`, ...queueArgs, '--chunk', '5'],
        (child) => {
          void waitFor('the chunks queued', async () =>
            (await queue.getWaitingCount()) === 10 ? true : undefined,
          ).then(() => child.kill('SIGINT'));
        },
      );
      expect(r.code, r.err).toBe(130);
      expect(r.err).toContain('aidc sweep: cancelled after 0 of 50 variants');
      expect(await queue.getWaitingCount()).toBe(0);
    },
  );

  it('says in one line what is wrong with --queue or its Redis, and exits 2 without hanging', async () => {
    const one = async (args: string[], pattern: RegExp) => {
      const r = await aidc(args);
      expect(r.code, r.err).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(pattern);
      expect(r.ms).toBeLessThan(8000);
    };
    const down = 'redis://127.0.0.1:1';
    const unreachable = /Redis is not reachable at redis:\/\/127\.0\.0\.1:1 \(.+\): start it/;
    const gpus = [EXAMPLE, '--vary', 'cluster.gpus=64'];
    const cases: [string[], RegExp][] = [
      [
        ['worker', '--queue', 'http://127.0.0.1:6379'],
        /--queue "http:\/\/127\.0\.0\.1:6379": expected a Redis URL/,
      ],
      [['worker', '--queue', down], unreachable],
      [
        ['worker', '--queue', REDIS, '--concurrency', '0'],
        /--concurrency "0": expected a whole number from 1 to 256/,
      ],
      [['worker', '--queue', REDIS, '--db', 'mysql://h/d'], /expected sqlite:FILE or postgres:/],
      [['worker', '--queue', REDIS, '--queue-prefix', 'a b'], /--queue-prefix "a b"/],
      [['sweep', ...gpus, '--queue', down], unreachable],
      [['sweep', ...gpus, '--queue', 'localhost'], /expected a Redis URL/],
      [['sweep', ...gpus, '--queue', REDIS, '--chunk', '0'], /--chunk "0"/],
      [['sweep', ...gpus, '--queue', REDIS, '--jobs', '2'], /leave out --jobs/],
      [['sweep', ...gpus, '--chunk', '10'], /--chunk go with --queue/],
      [['serve', '--port', '0', '--db', 'sqlite::memory:', '--queue', down], unreachable],
    ];
    for (let i = 0; i < cases.length; i += 4)
      await Promise.all(cases.slice(i, i + 4).map(([args, pattern]) => one(args, pattern)));
  }, 60_000);
});

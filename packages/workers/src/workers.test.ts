// The queue's parts on their own: addresses, chunks, the metrics text; and against the real Redis
// and a built worker, a chunk that fails on every attempt: it goes to the failed set with its
// error and the sweep reports it instead of waiting.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkFailedError, runQueuedSweep } from './client.js';
import { connectQueue, parseQueueAddress, QueueAddressError } from './connection.js';
import { chunkJobId, chunkRanges, QUEUE_NAME } from './jobs.js';
import { WorkerMetrics } from './metrics.js';
import {
  dropPrefix,
  REDIS,
  spawnWorker,
  stopWorker,
  testPrefix,
  type SpawnedWorker,
} from './test-workers.js';
import { QueueWatch } from './watch.js';

describe('--queue addresses', () => {
  it('takes redis:// and rediss:// URLs, hides the password, refuses the rest', () => {
    expect(parseQueueAddress('redis://127.0.0.1:6379')).toEqual({
      url: 'redis://127.0.0.1:6379',
      display: 'redis://127.0.0.1:6379',
      prefix: 'aidc',
    });
    expect(parseQueueAddress('rediss://ops:s3cret@redis.example:6380/2', 'fleet-b')).toEqual({
      url: 'rediss://ops:s3cret@redis.example:6380/2',
      display: 'rediss://ops:***@redis.example:6380/2',
      prefix: 'fleet-b',
    });
    for (const bad of ['127.0.0.1:6379', 'http://h:6379', 'redis://', 'redis://h/x', ''])
      expect(() => parseQueueAddress(bad)).toThrow(QueueAddressError);
    expect(() => parseQueueAddress('redis://h', 'a:b')).toThrow(/--queue-prefix "a:b"/);
  });

  it('reports a Redis that does not answer within the timeout, without hanging', async () => {
    const started = Date.now();
    await expect(connectQueue(parseQueueAddress('redis://127.0.0.1:1'))).rejects.toThrow(
      /^Redis is not reachable at redis:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/,
    );
    expect(Date.now() - started).toBeLessThan(3500);
  });
});

describe('chunks', () => {
  it('cover the grid once, in order, the last one short', () => {
    expect(chunkRanges(5, 2)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
      { start: 4, end: 5 },
    ]);
    expect(chunkRanges(400, 200)).toHaveLength(2);
    expect(chunkRanges(0, 200)).toEqual([]);
    expect(chunkJobId('s-1', 3)).toBe('sweep.s-1.3');
  });
});

describe('the metrics text', () => {
  it('is Prometheus text: HELP and TYPE before each family, a histogram with cumulative buckets', () => {
    const m = new WorkerMetrics(2);
    m.finished('sweep-chunk', 'completed', 0.3);
    m.finished('sweep-chunk', 'completed', 4);
    m.finished('sweep-chunk', 'failed', 1);
    const text = m.render({ counts: { waiting: 3, active: 1 }, workers: 2 });
    const lines = text.trimEnd().split('\n');
    for (const line of lines)
      expect(line).toMatch(/^(# (HELP|TYPE) aidc_\w+ .+|aidc_\w+(\{[^}]*\})? [\d.e+-]+)$/);
    expect(lines).toContain('aidc_queue_jobs{state="waiting"} 3');
    expect(lines).toContain('aidc_queue_workers 2');
    expect(lines).toContain('aidc_queue_up 1');
    expect(lines).toContain('aidc_worker_concurrency 2');
    expect(lines).toContain('aidc_worker_jobs_total{kind="sweep-chunk",outcome="failed"} 1');
    expect(lines).toContain(
      'aidc_worker_job_duration_seconds_bucket{kind="sweep-chunk",le="0.25"} 0',
    );
    expect(lines).toContain(
      'aidc_worker_job_duration_seconds_bucket{kind="sweep-chunk",le="0.5"} 1',
    );
    expect(lines).toContain('aidc_worker_job_duration_seconds_bucket{kind="sweep-chunk",le="5"} 2');
    expect(lines).toContain(
      'aidc_worker_job_duration_seconds_bucket{kind="sweep-chunk",le="+Inf"} 2',
    );
    expect(lines).toContain('aidc_worker_job_duration_seconds_count{kind="sweep-chunk"} 2');
    expect(m.render(undefined)).toContain('aidc_queue_up 0\n');
  });
});

describe('a chunk that fails on every attempt (Redis, a built worker)', () => {
  const prefix = testPrefix();
  let worker: SpawnedWorker | undefined;
  afterAll(async () => {
    await stopWorker(worker);
    await dropPrefix(prefix);
  });

  it(
    'goes to the failed set with its error after 3 attempts, and the sweep says so',
    { timeout: 60_000 },
    async () => {
      const address = parseQueueAddress(REDIS, prefix);
      worker = await spawnWorker([
        '--queue',
        REDIS,
        '--queue-prefix',
        prefix,
        '--concurrency',
        '1',
      ]);
      const redis = await connectQueue(address);
      const watch = await QueueWatch.open(redis, prefix, { reconcileMs: 500 });
      try {
        const sweepId = randomUUID();
        // Text that is not YAML: every worker fails on it the same way.
        const run = runQueuedSweep(
          watch,
          { sweepId, yaml: 'cluster: [', vary: ['cluster.gpus=8,16'], monteCarlo: false, size: 2 },
          { onChunk() {} },
        );
        const error = await run.done.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ChunkFailedError);
        expect((error as ChunkFailedError).attempts).toBe(3);
        expect((error as Error).message).toMatch(/^chunk 0 \(variants 1–2\) failed 3 times: .+/);
        const queue = new Queue(QUEUE_NAME, { connection: redis, prefix });
        const failed = await queue.getFailed();
        expect(failed.map((j) => j.id)).toEqual([chunkJobId(sweepId, 0)]);
        expect(failed[0]?.failedReason).toBe((error as ChunkFailedError).reason);
        await queue.close();
      } finally {
        await watch.close();
        redis.disconnect();
      }
    },
  );
});

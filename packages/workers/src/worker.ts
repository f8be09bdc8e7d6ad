// `aidc worker`: a BullMQ worker on the `jobs` queue that runs sweep chunks and simulations on
// threads (one per job at once), writes a service sweep's rows to the store when it has one, and
// answers /metrics. A worker that dies holding a job loses its lock; after the stall interval
// another worker takes the job again. Stopping (SIGTERM) takes no new job, lets the jobs in
// progress finish within a grace period and hands the rest back to the queue.
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { AIDC_VERSION } from '@aidc/core';
import type { Store } from '@aidc/store';
import { Queue, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { QueueAddress } from './connection.js';
import {
  cancelKey,
  MAX_STALLED,
  QUEUE_NAME,
  type JobData,
  type SimulationResult,
  type SweepChunkResult,
} from './jobs.js';
import { serveMetrics, WorkerMetrics, type Outcome } from './metrics.js';
import { ThreadPool } from './pool.js';
import { stderrLogger, type Logger } from './log.js';

export interface WorkerOptions {
  /** A connection from `connectQueue` (the worker duplicates it for its blocking reads). */
  readonly redis: Redis;
  readonly queue: QueueAddress;
  /** Jobs run at once, each on its own thread (default 1). */
  readonly concurrency?: number;
  /** Where the service's sweep chunks go; without one they go back through Redis. */
  readonly store?: Store;
  /**
   * How long a job's lock lasts without renewal, and how often workers look for jobs whose
   * worker died (ms, default 30,000): a killed worker's job runs again after about this long.
   */
  readonly stallIntervalMs?: number;
  /** Serve GET /metrics there (port 0 picks a free one). */
  readonly metrics?: { readonly host: string; readonly port: number };
  readonly log?: Logger;
}

export interface RunningWorker {
  readonly name: string;
  readonly metricsUrl: string | undefined;
  readonly metrics: WorkerMetrics;
  /**
   * Take no new job; let the jobs in progress finish for up to `graceMs` (default 10 s), then
   * hand the rest back to the queue for another worker; close the connections.
   */
  close(graceMs?: number): Promise<void>;
  /** Hand the jobs in progress back now (a second SIGTERM), when `close` is waiting. */
  handBack(): void;
}

export const DEFAULT_STALL_INTERVAL_MS = 30_000;

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const log = options.log ?? stderrLogger;
  const concurrency = options.concurrency ?? 1;
  const stallMs = options.stallIntervalMs ?? DEFAULT_STALL_INTERVAL_MS;
  const { redis, store } = options;
  const prefix = options.queue.prefix;
  const name = `${hostname()}:${process.pid}`;
  const metrics = new WorkerMetrics(concurrency);
  const pool = new ThreadPool(concurrency);
  const active = new Map<string, { handBack: () => void }>();
  let handingBack = false;
  let warnedStore = false;
  const note = (level: 'info' | 'warn' | 'error', msg: string, extra: object = {}) =>
    log({ at: new Date().toISOString(), level, msg, worker: name, ...extra });

  const processor = async (
    job: Job<JobData>,
    token?: string,
  ): Promise<SweepChunkResult | SimulationResult> => {
    const data = job.data;
    if (data.aidcVersion !== AIDC_VERSION)
      throw new UnrecoverableError(
        `this worker runs aidc ${AIDC_VERSION} and the job was queued by aidc ${data.aidcVersion}: run workers of the same version`,
      );
    const started = performance.now();
    let outcome: Outcome = 'failed';
    metrics.active++;
    let cancelled = false;
    let handedBack = false;
    const control: { stop?: () => void } = {};
    const handBack = () => {
      handedBack = true;
      control.stop?.();
    };
    active.set(job.id ?? '', { handBack });
    if (handingBack) handBack();
    // A cancelled sweep or simulation is told by a key in Redis, read every quarter second.
    const key = cancelKey(prefix, data.kind === 'simulation' ? data.simulationId : data.sweepId);
    const readCancel = () =>
      redis.exists(key).then(
        (n) => {
          if (n !== 1) return;
          cancelled = true;
          control.stop?.();
        },
        () => {},
      );
    const poll = setInterval(() => void readCancel(), 250);
    const base =
      data.kind === 'sweep-chunk'
        ? { chunk: data.chunk, start: data.start, count: data.end - data.start }
        : { chunk: 0, start: 0, count: 0 };
    try {
      await readCancel();
      if (cancelled) {
        outcome = 'cancelled';
        return data.kind === 'simulation'
          ? { document: null, cancelled: true }
          : { ...base, failures: 0, cancelled: true };
      }
      const r = await pool.run(
        data,
        (done) => void job.updateProgress(done).catch(() => {}),
        control,
      );
      if ('error' in r) throw new Error(r.error);
      if ('aborted' in r) throw new Error('stopped');
      if (data.kind === 'simulation') {
        if (!('document' in r)) throw new Error('the simulation came back without its document');
        outcome = 'completed';
        return { document: r.document };
      }
      if (!('rows' in r)) throw new Error('a sweep chunk came back without rows');
      metrics.variants += r.rows.length;
      const result = { ...base, failures: r.failures };
      if (data.toStore && store) {
        const put = await store.putSweepChunk(data.sweepId, {
          chunk: data.chunk,
          start: data.start,
          rows: r.rows,
          failures: r.failures,
        });
        if (put === 'stored' || put === 'duplicate') {
          outcome = 'completed';
          return { ...result, stored: true };
        }
        if (put === 'ended') {
          outcome = 'cancelled';
          return { ...result, cancelled: true };
        }
        if (!warnedStore) {
          warnedStore = true;
          note('warn', "the store has no such sweep: is --db the service's store?", {
            sweep: data.sweepId,
          });
        }
      }
      outcome = 'completed';
      return { ...result, rows: r.rows };
    } catch (error) {
      if (handedBack) {
        // Back to the queue for another worker, without spending an attempt.
        outcome = 'handed_back';
        await job.moveToWait(token);
        throw new WaitingError();
      }
      if (cancelled) {
        outcome = 'cancelled';
        return data.kind === 'simulation'
          ? { document: null, cancelled: true }
          : { ...base, failures: 0, cancelled: true };
      }
      throw error;
    } finally {
      clearInterval(poll);
      active.delete(job.id ?? '');
      metrics.active--;
      const seconds = (performance.now() - started) / 1000;
      metrics.finished(data.kind, outcome, seconds);
      note(outcome === 'failed' ? 'warn' : 'info', `${data.kind} ${outcome}`, {
        job: job.id,
        attempt: job.attemptsMade + 1,
        ms: Math.round(seconds * 1000),
      });
    }
  };

  const worker = new Worker<JobData, SweepChunkResult | SimulationResult>(QUEUE_NAME, processor, {
    connection: redis,
    prefix,
    name,
    concurrency,
    lockDuration: stallMs,
    stalledInterval: stallMs,
    maxStalledCount: MAX_STALLED,
    autorun: false,
  });
  let lastError = 0;
  worker.on('error', (error) => {
    if (Date.now() - lastError < 5000) return;
    lastError = Date.now();
    note('error', 'queue', { error: error.message });
  });
  worker.on('failed', (job, error) => {
    if (job) note('warn', 'job failed', { job: job.id, error: error.message });
  });
  worker.on('stalled', (jobId) =>
    note('warn', 'job taken back from a worker that stopped', { job: jobId }),
  );
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix });
  queue.on('error', (error) => note('warn', 'queue connection', { error: error.message }));
  let served: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  try {
    await worker.waitUntilReady();
    if (options.metrics)
      served = await serveMetrics(options.metrics.host, options.metrics.port, async () =>
        metrics.render(await queueFigures(queue)),
      );
  } catch (error) {
    await pool.close();
    await worker.close(true);
    await queue.close();
    throw error;
  }
  void worker.run().catch((error: unknown) => note('error', 'worker', { error: String(error) }));

  const handBackAll = () => {
    handingBack = true;
    for (const a of active.values()) a.handBack();
  };
  let closing: Promise<void> | undefined;
  return {
    name,
    metricsUrl: served?.url,
    metrics,
    handBack: handBackAll,
    close: (graceMs = 10_000) =>
      (closing ??= (async () => {
        const timer = setTimeout(handBackAll, graceMs);
        try {
          await worker.close();
        } finally {
          clearTimeout(timer);
        }
        await queue.close();
        await served?.close();
        await pool.close();
      })()),
  };
}

/** The queue's job counts and workers, or undefined when Redis does not answer within 2 s. */
async function queueFigures(
  queue: Queue,
): Promise<{ counts: Record<string, number>; workers: number } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), 2000);
  });
  try {
    return await Promise.race([
      (async () => {
        const counts = await queue.getJobCounts(
          'waiting',
          'active',
          'delayed',
          'prioritized',
          'failed',
          'completed',
        );
        return { counts, workers: await queue.getWorkersCount() };
      })(),
      late,
    ]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

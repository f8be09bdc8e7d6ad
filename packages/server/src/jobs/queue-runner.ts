// The queue job runner (`aidc serve --queue redis://…`): a sweep goes to the queue in chunks and
// a simulation as one job, for `aidc worker`s on any machines. Each chunk's rows are stored in
// the store once (by the worker when it has the store, or here), so that a lost queue loses no
// finished chunk; the job's result is assembled from the stored chunks in grid order. A server
// that stops leaves the chunks to the workers; at its next start the job is taken up again and
// only the chunks not yet stored are queued (adding a chunk that is still queued is harmless).
import { rowColumns, type SweepRow } from '@aidc/core';
import type { Job, Store } from '@aidc/store';
import type { QueueAddress, QueuedRun } from '@aidc/workers';
import type { Logger } from '../log.js';
import { sweepSize, type SimulationRequest, type SweepRequest } from './compute.js';
import type { JobRunner } from './runner.js';
import { jobEvents } from './job-events.js';

export interface QueueRunnerOptions {
  /** Variants per chunk (default 200). */
  readonly chunkSize?: number;
}

export async function queueRunner(
  store: Store,
  log: Logger,
  address: QueueAddress,
  options: QueueRunnerOptions = {},
): Promise<JobRunner> {
  const workers = await import('@aidc/workers');
  const redis = await workers.connectQueue(address);
  const watch = await workers.QueueWatch.open(redis, address.prefix);
  const runs = new Map<string, QueuedRun<unknown>>();
  const running = new Set<Promise<void>>();
  const cancelled = new Set<string>();
  const events = jobEvents(store, log);
  const { notify } = events;
  let stopping = false;
  let idleWaiters: (() => void)[] = [];

  async function runSweep(job: Job, yaml: string): Promise<unknown> {
    const request = job.request as SweepRequest;
    const size = sweepSize(yaml, request);
    const stored = new Set(await store.sweepChunkIndexes(job.id));
    const progress = events.progress(job.id);
    const run = workers.runQueuedSweep(
      watch,
      {
        sweepId: job.id,
        yaml,
        vary: request.vary,
        monteCarlo: request.monteCarlo ?? false,
        size,
        toStore: true,
        ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
      },
      {
        done: stored,
        isDone: async (chunk) => (await store.sweepChunkIndexes(job.id)).includes(chunk),
        async onChunk(result) {
          if (result.rows)
            await store.putSweepChunk(job.id, {
              chunk: result.chunk,
              start: result.start,
              rows: result.rows,
              failures: result.failures,
            });
        },
        onProgress: progress.report,
      },
    );
    runs.set(job.id, run);
    if (cancelled.has(job.id)) void run.cancel();
    try {
      await run.done;
    } finally {
      runs.delete(job.id);
      await progress.flushed();
    }
    const chunks = await store.getSweepChunks(job.id);
    const rows = chunks.flatMap((c) => c.rows as SweepRow[]);
    if (rows.length !== size)
      throw new Error(`the stored chunks hold ${rows.length} rows of the sweep's ${size}`);
    const failures = chunks.reduce((n, c) => n + c.failures, 0);
    return { columns: rowColumns(rows), rows, failures };
  }

  async function runSimulation(job: Job, yaml: string): Promise<unknown> {
    const request = job.request as SimulationRequest;
    const run = workers.runQueuedSimulation(watch, {
      simulationId: job.id,
      yaml,
      ...(request.days !== undefined ? { days: request.days } : {}),
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(request.policy !== undefined ? { policy: request.policy } : {}),
      ...(request.traceText !== undefined ? { traceText: request.traceText } : {}),
    });
    runs.set(job.id, run);
    if (cancelled.has(job.id)) void run.cancel();
    try {
      return await run.done;
    } finally {
      runs.delete(job.id);
    }
  }

  async function runOne(id: string): Promise<void> {
    const job = await store.getJob(id);
    if (!job || job.status !== 'queued' || !(await store.startJob(id))) return;
    await notify(id);
    try {
      const scenario = await store.getScenario(job.scenarioId, job.scenarioVersion);
      if (!scenario) throw new Error(`scenario ${job.scenarioId} v${job.scenarioVersion} is gone`);
      const result =
        job.kind === 'sweep'
          ? await runSweep(job, scenario.yaml)
          : await runSimulation(job, scenario.yaml);
      if (job.kind === 'simulation') await store.jobProgress(id, 1, 1);
      await store.finishJob(id, { status: 'succeeded', result });
    } catch (error) {
      if (error instanceof workers.CancelledError) {
        // Cancelled through the API (the route ends the job), or left to the workers by a server
        // that stops (the job stays running and is taken up again at the next start).
        if (!stopping || cancelled.has(id)) await store.finishJob(id, { status: 'cancelled' });
        return;
      }
      await events.fail(id, error);
    } finally {
      cancelled.delete(id);
      await notify(id);
    }
  }

  const settleIdle = () => {
    if (running.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  return {
    enqueue(id) {
      if (stopping) return;
      const p: Promise<void> = runOne(id)
        .catch((error: unknown) => events.runnerError(id, error))
        .finally(() => {
          running.delete(p);
          settleIdle();
        });
      running.add(p);
    },
    cancel(id) {
      cancelled.add(id);
      void runs.get(id)?.cancel();
    },
    subscribe: events.subscribe,
    idle() {
      if (running.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async stop() {
      stopping = true;
      for (const run of runs.values()) run.detach();
      await Promise.all([...running]);
      await watch.close();
      redis.disconnect();
    },
  };
}

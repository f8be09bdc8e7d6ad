// Running a sweep or a simulation on the queue's workers, from the CLI or the service: a sweep
// is cut into chunks of a few hundred variants, each a job whose id is derived from the sweep and
// the chunk (so adding it again is harmless), and each chunk's result is handed on once, however
// often it ran. Progress counts the variants done in finished chunks and in those in progress.
import { AIDC_VERSION } from '@aidc/core';
import {
  cancelKey,
  chunkJobId,
  chunkRanges,
  DEFAULT_CHUNK_SIZE,
  JOB_OPTIONS,
  simulationJobId,
  type SimulationData,
  type SimulationResult,
  type SweepChunkData,
  type SweepChunkResult,
} from './jobs.js';
import type { QueueWatch, WatchHandlers } from './watch.js';

export interface QueuedSweep {
  /** Unique per sweep (the store's job id for the service's sweeps). */
  readonly sweepId: string;
  readonly yaml: string;
  readonly vary: readonly string[];
  readonly monteCarlo: boolean;
  /** The number of variants (`prepareSweep(yaml, vary).size`). */
  readonly size: number;
  readonly chunkSize?: number;
  /** Let workers with a store write the rows there (the service's sweeps). */
  readonly toStore?: boolean;
}

export interface SweepHooks {
  /** Chunks already done (stored): not queued again. */
  readonly done?: ReadonlySet<number>;
  /**
   * Whether a chunk the queue lost is done all the same (a worker stored it before Redis lost
   * its job): then it is taken as stored instead of queued again.
   */
  isDone?(chunk: number): Promise<boolean>;
  /** Each chunk's result, once, as chunks finish; the next waits for the returned promise. */
  onChunk(result: SweepChunkResult): Promise<void> | void;
  onProgress?(done: number, total: number): void;
}

/** A chunk that failed on every attempt (it is in the queue's failed set with its error). */
export class ChunkFailedError extends Error {
  constructor(
    readonly chunk: number,
    readonly start: number,
    readonly end: number,
    readonly attempts: number,
    readonly reason: string,
  ) {
    super(
      `chunk ${chunk} (variants ${start + 1}–${end}) failed ${attempts} time${attempts === 1 ? '' : 's'}: ${reason}`,
    );
  }
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

export interface QueuedRun<T> {
  /** Resolves when every part is done; rejects with ChunkFailedError or CancelledError. */
  readonly done: Promise<T>;
  /** Stop it: queued chunks are removed, running ones stop at their next progress report. */
  cancel(): Promise<void>;
  /** Stop waiting, leaving the jobs to the workers (a service that stops; it re-attaches). */
  detach(): void;
}

/** Queue a sweep's chunks and collect their results. */
export function runQueuedSweep(
  watch: QueueWatch,
  sweep: QueuedSweep,
  hooks: SweepHooks,
): QueuedRun<void> {
  const queue = watch.queue;
  const ranges = chunkRanges(sweep.size, sweep.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const pending = new Set<number>();
  const progress = new Map<number, number>();
  let finished = 0;
  for (const [i, r] of ranges.entries()) {
    if (hooks.done?.has(i)) finished += r.end - r.start;
    else pending.add(i);
  }
  const jobOf = (chunk: number): { name: 'sweep-chunk'; data: SweepChunkData; opts: object } => {
    const r = ranges[chunk] ?? { start: 0, end: 0 };
    return {
      name: 'sweep-chunk',
      data: {
        kind: 'sweep-chunk',
        sweepId: sweep.sweepId,
        chunk,
        start: r.start,
        end: r.end,
        yaml: sweep.yaml,
        vary: sweep.vary,
        monteCarlo: sweep.monteCarlo,
        aidcVersion: AIDC_VERSION,
        toStore: sweep.toStore ?? false,
      },
      opts: { ...JOB_OPTIONS, jobId: chunkJobId(sweep.sweepId, chunk) },
    };
  };

  let settle!: { resolve: () => void; reject: (e: Error) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  let ended = false;
  let chain: Promise<void> = Promise.resolve();
  const report = () => {
    let n = finished;
    for (const c of pending) n += progress.get(c) ?? 0;
    hooks.onProgress?.(Math.min(n, sweep.size), sweep.size);
  };
  const end = (error?: Error) => {
    if (ended) return;
    ended = true;
    for (const c of ranges.keys()) watch.unwatch(chunkJobId(sweep.sweepId, c));
    if (error) settle.reject(error);
    else settle.resolve();
  };
  const stopChunks = async () => {
    await watch.redis.set(cancelKey(watch.prefix, sweep.sweepId), '1', 'EX', 86400);
    await Promise.all(
      [...pending].map((c) => queue.remove(chunkJobId(sweep.sweepId, c)).catch(() => 0)),
    );
  };

  for (const chunk of pending) {
    const id = chunkJobId(sweep.sweepId, chunk);
    const range = ranges[chunk] ?? { start: 0, end: 0 };
    const handlers: WatchHandlers = {
      completed(value) {
        const result = value as SweepChunkResult;
        chain = chain
          .then(async () => {
            if (ended || !pending.has(chunk)) return;
            if (result.cancelled) throw new CancelledError();
            pending.delete(chunk);
            progress.delete(chunk);
            finished += range.end - range.start;
            await hooks.onChunk(result);
            report();
            // Collected: the job's copy of the rows is no longer needed.
            await queue.remove(id).catch(() => 0);
            if (pending.size === 0) end();
          })
          .catch((error: unknown) => {
            void stopChunks().catch(() => {});
            end(error as Error);
          });
      },
      failed(reason, attempts) {
        // The failed chunk stays in the queue's failed set, with its error, for whoever looks.
        pending.delete(chunk);
        void stopChunks().catch(() => {});
        end(new ChunkFailedError(chunk, range.start, range.end, attempts, reason));
      },
      progress(data) {
        if (typeof data === 'number') progress.set(chunk, data);
        report();
      },
      lost() {
        // Redis lost it (a restart without persistence): unless it was stored, queued again.
        void (async () => {
          if (ended) return;
          if (await hooks.isDone?.(chunk)) {
            const stored = { chunk, start: range.start, count: range.end - range.start };
            watch.unwatch(id);
            return handlers.completed({ ...stored, failures: 0, stored: true });
          }
          await queue.add('sweep-chunk', jobOf(chunk).data, jobOf(chunk).opts);
        })().catch(() => {}); // Redis away still: the next reconciliation tries again
      },
    };
    watch.watch(id, handlers);
  }
  if (pending.size === 0) end();
  else
    void queue
      .addBulk([...pending].map(jobOf))
      .then(() => watch.reconcile())
      .catch((error: unknown) => end(error as Error));
  report();

  return {
    done,
    async cancel() {
      if (ended) return;
      end(new CancelledError());
      await stopChunks();
    },
    detach() {
      end(new CancelledError());
    },
  };
}

/** Queue a simulation and wait for its document. */
export function runQueuedSimulation(
  watch: QueueWatch,
  simulation: Omit<SimulationData, 'kind' | 'aidcVersion'>,
): QueuedRun<unknown> {
  const id = simulationJobId(simulation.simulationId);
  const data: SimulationData = { kind: 'simulation', ...simulation, aidcVersion: AIDC_VERSION };
  const opts = { ...JOB_OPTIONS, jobId: id };
  let settle!: { resolve: (v: unknown) => void; reject: (e: Error) => void };
  const done = new Promise<unknown>((resolve, reject) => (settle = { resolve, reject }));
  watch.watch(id, {
    completed(value) {
      settle.resolve((value as SimulationResult).document);
      void watch.queue.remove(id).catch(() => 0);
    },
    failed(reason, attempts) {
      settle.reject(
        new Error(`the simulation failed ${attempts} time${attempts === 1 ? '' : 's'}: ${reason}`),
      );
    },
    lost() {
      void watch.queue.add('simulation', data, opts);
    },
  });
  void watch.queue
    .add('simulation', data, opts)
    .then(() => watch.reconcile())
    .catch((error: unknown) => settle.reject(error as Error));
  return {
    done,
    async cancel() {
      watch.unwatch(id);
      settle.reject(new CancelledError());
      await watch.redis.set(cancelKey(watch.prefix, simulation.simulationId), '1', 'EX', 86400);
      await watch.queue.remove(id).catch(() => 0);
    },
    detach() {
      watch.unwatch(id);
      settle.reject(new CancelledError());
    },
  };
}

// `aidc sweep FILE --vary … --queue redis://…`: the sweep's chunks go to the queue, workers on
// any machines plan them, and the rows come back here, handed on in grid order whatever order
// the chunks finish in. Loaded only with --queue, so the planner's start stays quick.
import { randomUUID } from 'node:crypto';
import type { SweepRow } from '@aidc/core';

export interface QueueSweepOptions {
  readonly queue: string;
  readonly prefix?: string | undefined;
  readonly chunkSize?: number | undefined;
  readonly monteCarlo: boolean;
  readonly onRow: (row: SweepRow, index: number) => void;
  readonly onProgress?: (done: number, total: number) => void;
  /** Resolves when the user asks to stop (Ctrl-C); the sweep is then cancelled. */
  readonly stop?: Promise<unknown>;
}

/** Why the queued sweep did not finish, for the user: exit 2 (usage, Redis) or 3. */
export class QueueSweepError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

export async function streamQueuedSweep(
  yaml: string,
  vary: readonly string[],
  size: number,
  options: QueueSweepOptions,
): Promise<{ plans: number; failures: number; cancelled: boolean }> {
  const workers = await import('@aidc/workers');
  let address;
  let redis;
  try {
    address = workers.parseQueueAddress(options.queue, options.prefix);
    redis = await workers.connectQueue(address);
  } catch (error) {
    if (error instanceof workers.QueueAddressError) throw new QueueSweepError(error.message, 2);
    throw error;
  }
  const watch = await workers.QueueWatch.open(redis, address.prefix);
  const held = new Map<number, { start: number; rows: SweepRow[] }>();
  let emitted = 0;
  let failures = 0;
  let chunkIndex = 0;
  try {
    const run = workers.runQueuedSweep(
      watch,
      {
        sweepId: randomUUID(),
        yaml,
        vary,
        monteCarlo: options.monteCarlo,
        size,
        ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
      },
      {
        onChunk(result) {
          if (!result.rows) throw new Error(`chunk ${result.chunk} came back without its rows`);
          failures += result.failures;
          held.set(result.chunk, { start: result.start, rows: result.rows });
          for (let c = held.get(chunkIndex); c !== undefined; c = held.get(chunkIndex)) {
            held.delete(chunkIndex++);
            for (const row of c.rows) options.onRow(row, emitted++);
          }
        },
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      },
    );
    let stopped = false;
    void options.stop?.then(() => {
      stopped = true;
      return run.cancel();
    });
    try {
      await run.done;
    } catch (error) {
      if (error instanceof workers.CancelledError && stopped)
        return { plans: emitted, failures, cancelled: true };
      if (error instanceof workers.ChunkFailedError)
        throw new QueueSweepError(
          `${error.message} (it stays in the queue's failed set; fix the cause and run the sweep again)`,
          3,
        );
      throw error;
    }
    if (emitted !== size)
      throw new QueueSweepError(`the workers returned ${emitted} rows of ${size}`, 3);
    return { plans: emitted, failures, cancelled: false };
  } finally {
    await watch.close();
    redis.disconnect();
  }
}

/** `--chunk N`: variants per queued job, 1 to 10,000. */
export function parseChunk(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new QueueSweepError(`--chunk "${text}": expected a whole number from 1 to 10000`, 2);
  return n;
}

/** `done/total · rate/s · ETA` for a progress line. */
export function rateText(done: number, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done / elapsedMs) * 1000 : 0;
  const left = rate > 0 ? (total - done) / rate : NaN;
  const eta = !Number.isFinite(left)
    ? '–'
    : left >= 3600
      ? `${(left / 3600).toFixed(1)} h`
      : left >= 60
        ? `${Math.floor(left / 60)} min ${Math.round(left % 60)} s`
        : `${Math.ceil(left)} s`;
  return `${rate.toFixed(0)} variants/s, ETA ${eta}`;
}

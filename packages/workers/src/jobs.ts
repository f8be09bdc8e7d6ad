// What goes through the queue: one BullMQ queue, `jobs`, whose jobs are named by what they are
// (a chunk of a sweep's variants, a simulation). A job carries everything a worker needs (the
// scenario text and the request), so any worker on any machine can run it, and its id is
// derived from what it computes, so adding it twice adds it once.
import type { SweepRow } from '@aidc/core';

export const QUEUE_NAME = 'jobs';

/** Variants per sweep chunk unless told otherwise (a few seconds of one core at most). */
export const DEFAULT_CHUNK_SIZE = 200;

/** Attempts of a job before it goes to the failed set with its error. */
export const ATTEMPTS = 3;

/** A chunk is taken back from workers that died holding it at most this often. */
export const MAX_STALLED = 2;

export interface SweepChunkData {
  readonly kind: 'sweep-chunk';
  /** The sweep (the store's job id for the service's sweeps). */
  readonly sweepId: string;
  readonly chunk: number;
  /** Grid indexes `start` to `end - 1`. */
  readonly start: number;
  readonly end: number;
  readonly yaml: string;
  readonly vary: readonly string[];
  readonly monteCarlo: boolean;
  readonly aidcVersion: string;
  /** The service's sweep: a worker with a store writes the rows there and returns only counts. */
  readonly toStore: boolean;
}

export interface SweepChunkResult {
  readonly chunk: number;
  readonly start: number;
  readonly count: number;
  readonly failures: number;
  /** The rows, unless the worker wrote them to the store. */
  readonly rows?: SweepRow[];
  readonly stored?: true;
  readonly cancelled?: true;
}

export interface SimulationData {
  readonly kind: 'simulation';
  readonly simulationId: string;
  readonly yaml: string;
  readonly days?: number;
  readonly seed?: number;
  readonly policy?: 'fifo' | 'sjf' | 'backfill';
  readonly traceText?: string;
  readonly aidcVersion: string;
}

export interface SimulationResult {
  /** The simulation's JSON document, as `aidc simulate --json` prints it (without timing). */
  readonly document: unknown;
  readonly cancelled?: true;
}

export type JobData = SweepChunkData | SimulationData;
export type JobName = JobData['kind'];

export const chunkJobId = (sweepId: string, chunk: number): string => `sweep.${sweepId}.${chunk}`;
export const simulationJobId = (id: string): string => `simulation.${id}`;
/** Set while a sweep or simulation is cancelled: workers stop its jobs within a second. */
export const cancelKey = (prefix: string, id: string): string =>
  `${prefix}:${QUEUE_NAME}:cancelled:${id}`;

/** The chunks of a sweep of `size` variants: [start, end) each. */
export function chunkRanges(size: number, chunkSize: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let start = 0; start < size; start += chunkSize)
    out.push({ start, end: Math.min(size, start + chunkSize) });
  return out;
}

/** The options every job is added with: retried with backoff, then kept in the failed set. */
export const JOB_OPTIONS = {
  attempts: ATTEMPTS,
  backoff: { type: 'exponential', delay: 500 },
  // Results are collected (and removed) by whoever enqueued them; these bound what is left when
  // that process went away for good.
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

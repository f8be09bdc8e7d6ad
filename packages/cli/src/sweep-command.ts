// `aidc sweep FILE --vary path=v1,v2 ...`: plan every combination and tabulate the key figures,
// on all cores (worker threads), with the rows streamed in grid order.
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  planVariant,
  VaryError,
  type Sweep,
  type SweepCell,
  type SweepResult,
  type SweepRow,
} from '@aidc/core';
import { simulateVariant } from '@aidc/sim';
import { csvLine } from './humanise.js';
import { CHUNK, type TextSink } from './durable-file.js';

/** `--jobs N`: a whole number of variants planned at once, from 1 (in this thread) to 256. */
export function parseJobs(text: string | undefined): number {
  if (text === undefined) return availableParallelism();
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new VaryError(`--jobs "${text}": expected a whole number from 1 to 256`);
  return n;
}

/** What the workers are given: the sweep, whether to run the Monte Carlo simulations, and, for
 *  a sweep that simulates each variant's cluster, the text of the trace files it names. */
export interface SweepJob {
  readonly sweep: Sweep;
  readonly monteCarlo: boolean;
  readonly simulate?: { readonly traces: Readonly<Record<string, string>> } | undefined;
}

/** Variant `index` of the job: planned, or planned and simulated. */
export function runVariant(job: SweepJob, index: number): { row: SweepRow; failed: boolean } {
  return job.simulate
    ? simulateVariant(job.sweep, index, job.simulate.traces)
    : planVariant(job.sweep, index, job.monteCarlo);
}

/** A worker's answer for one variant. */
export type WorkerReply =
  | { readonly ready: true }
  | { readonly index: number; readonly row: SweepRow; readonly failed: boolean }
  | { readonly index: number; readonly error: string };

export interface StreamOptions {
  /** Variants planned at once: this thread and `jobs` - 1 worker threads (1: this thread only). */
  readonly jobs?: number;
  readonly monteCarlo?: boolean;
  /** Simulate each variant's cluster too (`aidc simulate`), with these trace files' text. */
  readonly simulate?: SweepJob['simulate'];
  /** Each row, in grid order whatever order the plans finish in. */
  readonly onRow: (row: SweepRow, index: number) => void;
  /** After each plan finishes: `done` of `total`. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Start the workers with the first plan, not when the sweep proves long enough to repay them. */
  readonly workersAtOnce?: boolean;
}

/** Variants handed to a worker ahead, so that it has the next while this thread plans one. */
const IN_FLIGHT_PER_WORKER = 2;

/**
 * When workers repay their start: a worker loads the code (about 0.25 s) and then compiles and
 * fills its caches over its first plans (about 1 s of the 405B example's first 50), while this
 * thread, warm by then, keeps planning. So the workers start only once this thread is past its
 * own warm-up (WARM_PLANS plans, or WARM_MS of processor time for slow plans) and the variants
 * left would still take WORTH_MS of processor time at the recent pace. Processor time, not the
 * clock: a machine busy with other work must not make a short sweep look long.
 */
const WARM_PLANS = 48;
const WARM_MS = 2000;
const WORTH_MS = 3000;

/**
 * Cores with nothing to run, by the one-minute load average (which counts this thread): a worker
 * on a core that other processes already keep busy only takes turns with this thread and adds
 * its own warm-up. On this project's 2-core machine, busy with other work (load 5 to 7), --jobs 2
 * took 7.8 s where --jobs 1 took 5.3 s for 1,000 plans; with a core idle, two threads doing twice
 * the work of one took 1.07 times as long.
 */
export function idleCores(load1: number, cores: number): number {
  return Math.max(0, Math.floor(cores - Math.max(1, load1) + 0.5));
}

/** Processor time of this process so far, ms (before the workers start: this thread's work). */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** The worker script (bin/sweep-worker.js, which runs the built bundle), from the sources or the
 *  built code alike, and the bundle it needs. */
export const SWEEP_WORKER = fileURLToPath(new URL('../bin/sweep-worker.js', import.meta.url));
const SWEEP_BUNDLE = fileURLToPath(new URL('../dist/main.bundle.cjs', import.meta.url));

/**
 * Plan every variant and hand each row to `onRow` in grid order, holding only the rows that
 * finished ahead of an earlier one (a bounded window of them). With `jobs` > 1 this thread plans
 * beside `jobs` - 1 worker threads running the built code (`dist/sweep-worker.js`), started when
 * the sweep is long enough to repay them, as many as there are idle cores (`idleCores`); the rows
 * are the same as in one thread.
 */
export async function streamSweep(
  sweep: Sweep,
  options: StreamOptions,
): Promise<{ plans: number; failures: number }> {
  const monteCarlo = options.monteCarlo ?? false;
  const job: SweepJob = { sweep, monteCarlo, simulate: options.simulate };
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), sweep.size));
  const finished = new Map<number, { row: SweepRow; failed: boolean }>();
  let sent = 0; // variants handed out, to this thread or a worker
  let emitted = 0;
  let done = 0;
  let failures = 0;
  const record = (index: number, result: { row: SweepRow; failed: boolean }) => {
    finished.set(index, result);
    options.onProgress?.(++done, sweep.size);
    for (let r = finished.get(emitted); r !== undefined; r = finished.get(emitted)) {
      finished.delete(emitted);
      if (r.failed) failures++;
      options.onRow(r.row, emitted++);
    }
  };
  const window = Math.max(64, 16 * jobs);
  const workers: Worker[] = [];
  const inFlight = new Map<Worker, number>();
  const ready = new Set<Worker>(); // loaded: a worker is handed variants only then
  let failure: Error | undefined;
  let closing = false;
  const feed = () => {
    for (const w of ready) {
      let n = inFlight.get(w) ?? 0;
      while (n < IN_FLIGHT_PER_WORKER && sent < sweep.size && sent < emitted + window) {
        w.postMessage(sent++);
        n++;
      }
      inFlight.set(w, n);
    }
  };
  const fail = (error: unknown) => {
    failure ??= error instanceof Error ? error : new Error(String(error));
  };
  const startWorkers = (count: number) => {
    if (!existsSync(SWEEP_BUNDLE))
      throw new VaryError(
        `--jobs ${jobs} plans in worker threads that run the built code, and ${SWEEP_BUNDLE} is missing: run \`npm run build\`, or give --jobs 1`,
      );
    for (let i = 0; i < count; i++) {
      const w = new Worker(SWEEP_WORKER, { workerData: job, execArgv: [] });
      workers.push(w);
      inFlight.set(w, 0);
      w.on('message', (reply: WorkerReply) => {
        if (failure) return;
        if ('ready' in reply) {
          ready.add(w);
          return feed();
        }
        inFlight.set(w, (inFlight.get(w) ?? 1) - 1);
        if ('error' in reply) return fail(new Error(`variant ${reply.index + 1}: ${reply.error}`));
        // A variant this thread planned too, while it waited for it, is already in.
        if (reply.index >= emitted && !finished.has(reply.index)) {
          try {
            record(reply.index, { row: reply.row, failed: reply.failed });
          } catch (error) {
            return fail(error);
          }
        }
        feed();
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (!closing) fail(new Error(`a sweep worker stopped (exit code ${code})`));
      });
    }
  };
  const started = cpuMs();
  let recentMs = 0; // processor time per plan lately (a moving average)
  try {
    if (jobs > 1 && options.workersAtOnce === true) startWorkers(jobs - 1);
    let looked = false; // the load average is read once, when the sweep first looks long enough
    feed();
    while (emitted < sweep.size) {
      if (failure) throw failure;
      if (sent < sweep.size && sent < emitted + window) {
        // This thread plans the next variant too, then lets the workers' answers in.
        const index = sent++;
        const t = workers.length === 0 && jobs > 1 && !looked ? cpuMs() : 0;
        record(index, runVariant(job, index));
        if (jobs > 1 && workers.length === 0 && !looked) {
          const now = cpuMs();
          recentMs = recentMs === 0 ? now - t : 0.8 * recentMs + 0.2 * (now - t);
          if (
            !looked &&
            (done >= WARM_PLANS || now - started >= WARM_MS) &&
            recentMs * (sweep.size - sent) > WORTH_MS
          ) {
            looked = true;
            const count = Math.min(jobs - 1, idleCores(loadavg()[0] ?? 0, availableParallelism()));
            if (count > 0) startWorkers(count);
          }
        }
        if (workers.length > 0) {
          feed();
          await new Promise((resolve) => setImmediate(resolve));
        }
      } else {
        // Every variant is handed out (or the window is full): rather than wait for a worker,
        // plan the first one still out here too (a worker still loading or warming up is slow),
        // and keep whichever answer comes first; both are the same row.
        record(emitted, runVariant(job, emitted));
        feed();
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (failure) throw failure;
  } finally {
    closing = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { plans: sweep.size, failures };
}

/** Text for `out` (stdout), passed on in chunks of whole lines. */
export function outputSink(out: (text: string) => void): TextSink {
  let buffer = '';
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= CHUNK) {
        out(buffer);
        buffer = '';
      }
    },
    close() {
      if (buffer !== '') out(buffer);
      buffer = '';
    },
    abort() {
      buffer = '';
    },
  };
}

/** Rows as CSV (RFC 4180) into a sink: the header first, then a line per row. */
export function csvRows(sink: TextSink, columns: readonly string[]): RowSink {
  sink.write(csvLine(columns) + '\n');
  return {
    row: (r) => sink.write(csvLine(columns.map((c) => cellText(r[c]))) + '\n'),
    end: () => sink.close(),
    abort: () => sink.abort(),
  };
}

/** Rows as JSON lines: one compact object a line. */
export function jsonLinesRows(sink: TextSink): RowSink {
  return {
    row: (r) => sink.write(JSON.stringify(r) + '\n'),
    end: () => sink.close(),
    abort: () => sink.abort(),
  };
}

/** Rows as one JSON array, written as it grows: the same text as `JSON.stringify(rows, null, 2)`. */
export function jsonArrayRows(sink: TextSink): RowSink {
  let held: SweepRow | undefined; // the last row waits for the next to know what follows it
  let first = true;
  const indented = (r: SweepRow) => JSON.stringify(r, null, 2).replace(/\n/g, '\n  ');
  return {
    row(r) {
      if (held !== undefined) {
        sink.write(`${first ? '[\n' : ''}  ${indented(held)},\n`);
        first = false;
      }
      held = r;
    },
    end() {
      sink.write(held === undefined ? '[]\n' : `${first ? '[\n' : ''}  ${indented(held)}\n]\n`);
      sink.close();
    },
    abort: () => sink.abort(),
  };
}

/** A consumer of a sweep's rows in grid order. */
export interface RowSink {
  row(r: SweepRow): void;
  end(): void;
  abort(): void;
}

const cellText = (c: SweepCell | undefined): string =>
  c === undefined
    ? ''
    : typeof c === 'number'
      ? Number.isInteger(c)
        ? String(c)
        : c.toPrecision(6)
      : String(c);

/** RFC 4180 CSV. */
export function sweepCsv(result: SweepResult): string {
  const lines = [csvLine(result.columns)];
  for (const r of result.rows) lines.push(csvLine(result.columns.map((c) => cellText(r[c]))));
  return lines.join('\n') + '\n';
}

/** An .xlsx workbook: one sheet of the results with a bold, frozen header row. */
export async function sweepXlsx(result: SweepResult, title: string): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'aidc';
  const sheet = book.addWorksheet('sweep', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = result.columns.map((c) => ({
    header: c,
    key: c,
    width: Math.max(10, c.length + 2),
  }));
  for (const r of result.rows) sheet.addRow(r);
  sheet.getRow(1).font = { bold: true };
  book.title = title;
  const buffer = await book.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}

/** A one-line progress bar for a terminal. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

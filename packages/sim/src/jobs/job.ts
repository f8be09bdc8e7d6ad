// A job as the simulator runs it: when it arrives, what it asks for and how long it computes
// without failures; optional checkpointing decides how much work a failure loses.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are within the tables. */

export interface SimJob {
  readonly id: string;
  /** Seconds from the start of the simulation. */
  readonly submitS: number;
  /** Whole GPUs; a GPU-sharing request (Alibaba openb) is one GPU with `gpuMilli` below 1000. */
  readonly gpus: number;
  /** Share of each GPU in thousandths (1000: the whole GPU). */
  readonly gpuMilli: number;
  /** Failure-free compute time, seconds. */
  readonly durationS: number;
  /** Useful compute between checkpoints; absent: a failure restarts the job from the beginning. */
  readonly checkpointIntervalS?: number;
  /** Training stopped per checkpoint (the whole save when synchronous, staging when async). */
  readonly checkpointStallS?: number;
  /** After the stall, seconds until the checkpoint is on storage; a failure before then rolls
   *  back to the checkpoint before it. */
  readonly checkpointInFlightS?: number;
  /** Higher runs first under the `priority` policy and may preempt lower (default 0). */
  readonly priority?: number;
  /** The team (virtual cluster) whose quota the job counts against. */
  readonly team?: string;
}

/**
 * Jobs as columns: the same fields as `SimJob`, one typed array each, in submission order. A
 * generated stream of millions of jobs is held this way, so it costs the garbage collector
 * nothing; absent optional fields are 0 (no checkpoints, priority 0) and team -1 (none).
 */
export interface JobTable {
  readonly count: number;
  id(job: number): string;
  readonly submitS: Float64Array;
  readonly gpus: Int32Array;
  readonly gpuMilli: Int32Array;
  readonly durationS: Float64Array;
  readonly checkpointIntervalS: Float64Array;
  readonly checkpointStallS: Float64Array;
  readonly checkpointInFlightS: Float64Array;
  readonly priority: Float64Array;
  /** Index into `teams`, -1 for none. */
  readonly team: Int32Array;
  readonly teams: readonly string[];
}

/** The index of a team name in `teams`, appended on first sight (first-appearance order). */
export function teamIndexer(teams: string[]): (name: string) => number {
  const index = new Map<string, number>();
  return (name) => {
    let t = index.get(name);
    if (t === undefined) {
      t = teams.length;
      index.set(name, t);
      teams.push(name);
    }
    return t;
  };
}

/** An empty table of `count` jobs for a source to fill. */
export function emptyJobTable(
  count: number,
  id: (job: number) => string,
): JobTable & {
  teams: string[];
} {
  return {
    count,
    id,
    submitS: new Float64Array(count),
    gpus: new Int32Array(count),
    gpuMilli: new Int32Array(count).fill(1000),
    durationS: new Float64Array(count),
    checkpointIntervalS: new Float64Array(count),
    checkpointStallS: new Float64Array(count),
    checkpointInFlightS: new Float64Array(count),
    priority: new Float64Array(count),
    team: new Int32Array(count).fill(-1),
    teams: [],
  };
}

/** Job objects as a table (in the order given). */
export function jobTable(jobs: readonly SimJob[]): JobTable {
  const table = emptyJobTable(jobs.length, (j) => jobs[j]!.id);
  const teamOf = teamIndexer(table.teams);
  jobs.forEach((job, j) => {
    table.submitS[j] = job.submitS;
    table.gpus[j] = job.gpus;
    table.gpuMilli[j] = job.gpuMilli;
    table.durationS[j] = job.durationS;
    table.checkpointIntervalS[j] = job.checkpointIntervalS ?? 0;
    table.checkpointStallS[j] = job.checkpointStallS ?? 0;
    table.checkpointInFlightS[j] = job.checkpointInFlightS ?? 0;
    table.priority[j] = job.priority ?? 0;
    if (job.team !== undefined) table.team[j] = teamOf(job.team);
  });
  return table;
}

/**
 * A few job objects and a table merged in submission order (stable: on equal times the objects
 * come first, as `bySubmitTime` would put them when listed first).
 */
export function mergeJobs(first: readonly SimJob[], table: JobTable): JobTable {
  if (first.length === 0) return table;
  const head = jobTable(bySubmitTime(first));
  const n = head.count + table.count;
  const order = new Int32Array(n);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    const takeHead = b >= table.count || (a < head.count && head.submitS[a]! <= table.submitS[b]!);
    order[i] = takeHead ? a++ : -1 - b++;
  }
  const merged = emptyJobTable(n, (j) => {
    const k = order[j]!;
    return k >= 0 ? head.id(k) : table.id(-1 - k);
  });
  const teamOf = teamIndexer(merged.teams);
  for (let j = 0; j < n; j++) {
    const k = order[j]!;
    const src = k >= 0 ? head : table;
    const i = k >= 0 ? k : -1 - k;
    merged.submitS[j] = src.submitS[i]!;
    merged.gpus[j] = src.gpus[i]!;
    merged.gpuMilli[j] = src.gpuMilli[i]!;
    merged.durationS[j] = src.durationS[i]!;
    merged.checkpointIntervalS[j] = src.checkpointIntervalS[i]!;
    merged.checkpointStallS[j] = src.checkpointStallS[i]!;
    merged.checkpointInFlightS[j] = src.checkpointInFlightS[i]!;
    merged.priority[j] = src.priority[i]!;
    const t = src.team[i]!;
    merged.team[j] = t >= 0 ? teamOf(src.teams[t]!) : -1;
  }
  return merged;
}

/** Jobs a reader kept, and the rows it skipped with why. */
export interface JobSource {
  readonly jobs: readonly SimJob[];
  readonly skipped: Readonly<Record<string, number>>;
}

/** A malformed input row: the line (1-based) and the column. */
export class TraceError extends Error {
  constructor(
    readonly line: number,
    readonly column: string,
    message: string,
  ) {
    super(`line ${line}, ${column}: ${message}`);
    this.name = 'TraceError';
  }
}

/** Jobs in submission order (stable: ties keep their input order). */
export function bySubmitTime(jobs: readonly SimJob[]): SimJob[] {
  return jobs
    .map((job, i) => ({ job, i }))
    .sort((x, y) => x.job.submitS - y.job.submitS || x.i - y.i)
    .map((x) => x.job);
}

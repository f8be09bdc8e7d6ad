// A job as the simulator runs it: when it arrives, what it asks for and how long it computes
// without failures; optional checkpointing decides how much work a failure loses.

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

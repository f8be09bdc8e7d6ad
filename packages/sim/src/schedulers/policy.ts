// One interface for every scheduling policy: the simulator keeps the pending jobs in the order
// the policy's key gives, and on each scheduling pass the policy decides which to try to start.

export interface RunningJob {
  readonly job: number;
  readonly endS: number;
  readonly gpus: number;
  /** The job's priority (a service replica's is Infinity: no job may preempt it). */
  readonly priority: number;
}

export interface SchedulerView {
  readonly now: number;
  /**
   * Pending job indices in the policy's order (key, then arrival): `queue[queueStart]` up to
   * `queue[queueEnd - 1]` (a window on the simulator's store, so a pass allocates nothing). Not
   * changed during a pass.
   */
  readonly queue: ArrayLike<number>;
  readonly queueStart: number;
  readonly queueEnd: number;
  /** Place and start the job now; false when it does not fit (or its team is at its quota). */
  tryStart(job: number): boolean;
  /** GPUs the job would hold (whole servers for a gang job, a share for a shared request). */
  demandGpus(job: number): number;
  /** Seconds the job would run if started now (its remaining work, restart and checkpoints). */
  runTimeS(job: number): number;
  /** Free GPU capacity of the up servers, in GPUs (within the power cap). */
  freeGpus(): number;
  /** Running jobs' expected ends and GPUs held (for reservations). */
  running(): readonly RunningJob[];
  priority(job: number): number;
  /** GPU-seconds a running job would lose if stopped now (the work since its last checkpoint). */
  lostIfStopped(job: number): number;
  /** Stop a running job back to its last checkpoint; it queues again after this pass. */
  preempt(job: number): void;
  /** Whether the job's team has room for it under its quota (true without quotas). */
  withinQuota(job: number): boolean;
}

export interface SchedulingPolicy {
  readonly name: string;
  /** Order of the queue: lower first; ties in arrival order. */
  queueKey(submitS: number, remainingS: number, priority: number): number;
  schedule(view: SchedulerView): void;
}

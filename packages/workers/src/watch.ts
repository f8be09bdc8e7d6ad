// Waiting for jobs on the queue: BullMQ's queue events say when a job completes, fails for good
// or reports progress, and a reconciliation every few seconds reads the state of every job still
// awaited, so that an event missed (a dropped connection) or a job lost (Redis restarted without
// its data) is noticed: a lost job is reported as such, and the caller adds it again.
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAME } from './jobs.js';

export interface WatchHandlers {
  completed(result: unknown): void;
  /** The job failed for good (its attempts are spent), with its last error. */
  failed(reason: string, attempts: number): void;
  progress?(data: unknown): void;
  /** The queue no longer has the job. */
  lost(): void;
}

export class QueueWatch {
  private readonly watched = new Map<string, WatchHandlers>();
  private readonly timer: NodeJS.Timeout;
  private reconciling = false;

  private constructor(
    readonly redis: Redis,
    readonly prefix: string,
    readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly eventsConnection: Redis,
    reconcileMs: number,
  ) {
    events.on('completed', ({ jobId, returnvalue }) => {
      const result: unknown =
        typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue;
      this.deliver(jobId, (h) => h.completed(result));
    });
    events.on('failed', ({ jobId }) => void this.check(jobId));
    events.on('progress', ({ jobId, data }) => this.watched.get(jobId)?.progress?.(data));
    events.on('error', () => {}); // the reconciliation notices what an error hides
    this.timer = setInterval(() => void this.reconcile(), reconcileMs);
    this.timer.unref();
  }

  static async open(
    redis: Redis,
    prefix: string,
    options: { reconcileMs?: number } = {},
  ): Promise<QueueWatch> {
    const queue = new Queue(QUEUE_NAME, { connection: redis, prefix });
    // A lost connection (Redis restarting) is an 'error' event; without a listener BullMQ prints
    // it to the console. The connection reconnects and the reconciliation catches up.
    queue.on('error', () => {});
    const eventsConnection = redis.duplicate();
    const events = new QueueEvents(QUEUE_NAME, { connection: eventsConnection, prefix });
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new QueueWatch(
      redis,
      prefix,
      queue,
      events,
      eventsConnection,
      options.reconcileMs ?? 2000,
    );
  }

  /** Call the handlers as the job moves (once for its end); read its state at once too. */
  watch(jobId: string, handlers: WatchHandlers): void {
    this.watched.set(jobId, handlers);
  }

  unwatch(jobId: string): void {
    this.watched.delete(jobId);
  }

  private deliver(jobId: string, call: (h: WatchHandlers) => void): void {
    const h = this.watched.get(jobId);
    if (!h) return;
    this.watched.delete(jobId);
    call(h);
  }

  /** Read one awaited job's state and report its end, or its loss. */
  async check(jobId: string): Promise<void> {
    if (!this.watched.has(jobId)) return;
    const state = await this.queue.getJobState(jobId);
    if (state === 'completed') {
      const job = await this.queue.getJob(jobId);
      if (job) this.deliver(jobId, (h) => h.completed(job.returnvalue));
      else this.watched.get(jobId)?.lost();
    } else if (state === 'failed') {
      const job = await this.queue.getJob(jobId);
      this.deliver(jobId, (h) =>
        h.failed(job?.failedReason ?? 'unknown error', job?.attemptsMade ?? 0),
      );
    } else if (state === 'unknown') {
      this.watched.get(jobId)?.lost();
    }
  }

  /** Check every awaited job (the events may have missed some). */
  async reconcile(): Promise<void> {
    if (this.reconciling) return;
    this.reconciling = true;
    try {
      for (const id of [...this.watched.keys()]) await this.check(id);
    } catch {
      // Redis is away: the next round tries again.
    } finally {
      this.reconciling = false;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.watched.clear();
    await this.events.close();
    await this.queue.close();
    this.eventsConnection.disconnect();
  }
}

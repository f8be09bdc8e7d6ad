// What both job runners (in-process and queue) share: subscribers told of each change of a job,
// progress written to the store at most every 250 ms and in order, and a failed job recorded
// with its reason.
import type { Job, Store } from '@aidc/store';
import type { Logger } from '../log.js';

/** Progress is written at most this often (a sweep plans a variant every few milliseconds). */
const PROGRESS_INTERVAL_MS = 250;

export interface JobEvents {
  /** Tell the job's subscribers its current state. */
  notify(id: string): Promise<void>;
  subscribe(id: string, listener: (job: Job) => void): () => void;
  /**
   * A progress callback for the job: throttled, written one after another; `flushed()` resolves
   * when every write has landed (before the job's end is written).
   */
  progress(id: string): { report(done: number, total: number): void; flushed(): Promise<void> };
  /** Record the job as failed with the error's message, and log it. */
  fail(id: string, error: unknown): Promise<void>;
  /** Log an error of the runner itself (not of a job's computation). */
  runnerError(id: string, error: unknown): void;
}

export function jobEvents(store: Store, log: Logger): JobEvents {
  const listeners = new Map<string, Set<(job: Job) => void>>();
  const notify = async (id: string) => {
    const set = listeners.get(id);
    if (!set || set.size === 0) return;
    const job = await store.getJob(id);
    if (job) for (const l of set) l(job);
  };
  const line = (level: 'warn' | 'error', msg: string, id: string, error: unknown) =>
    log({ at: new Date().toISOString(), level, msg, job: id, error: (error as Error).message });
  return {
    notify,
    subscribe(id, listener) {
      const set = listeners.get(id) ?? new Set();
      set.add(listener);
      listeners.set(id, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(id);
      };
    },
    progress(id) {
      let last = 0;
      let writes: Promise<void> = Promise.resolve();
      return {
        report(done, total) {
          const now = Date.now();
          if (now - last < PROGRESS_INTERVAL_MS && done < total) return;
          last = now;
          writes = writes.then(() => store.jobProgress(id, done, total)).then(() => notify(id));
        },
        flushed: () => writes,
      };
    },
    async fail(id, error) {
      line('warn', 'job failed', id, error);
      await store.finishJob(id, { status: 'failed', error: (error as Error).message });
    },
    runnerError(id, error) {
      line('error', 'job runner', id, error);
    },
  };
}

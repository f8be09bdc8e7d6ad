// The threads of a worker: one per job it runs at once (`--concurrency`), each running the built
// plan-thread.js. A task can be stopped between two variants; a thread that dies fails its task
// and is replaced.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JobData } from './jobs.js';
import type { ThreadData, ThreadReply } from './plan-thread.js';

/** The built thread script, from the sources or the built code alike. */
export const PLAN_THREAD = fileURLToPath(new URL('../dist/plan-thread.js', import.meta.url));

export type TaskOutcome = Exclude<ThreadReply, { progress: number }>;

interface Thread {
  worker: Worker;
  abort: Int32Array;
  /** Taken by a task (from `acquire` until its answer). */
  taken: boolean;
  busy?:
    | {
        task: number;
        onProgress: (done: number) => void;
        resolve: (r: TaskOutcome) => void;
        reject: (e: Error) => void;
      }
    | undefined;
}

export class ThreadPool {
  private readonly threads: Thread[] = [];
  private readonly waiting: ((t: Thread) => void)[] = [];
  private nextTask = 1;
  private closed = false;

  constructor(readonly size: number) {
    if (!existsSync(PLAN_THREAD))
      throw new Error(`${PLAN_THREAD} is missing: run \`npm run build\``);
    for (let i = 0; i < size; i++) this.threads.push(this.spawn());
  }

  private spawn(): Thread {
    const abort = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(PLAN_THREAD, {
      workerData: { abort: abort.buffer as SharedArrayBuffer } satisfies ThreadData,
      execArgv: [],
    });
    const thread: Thread = { worker, abort, taken: false };
    worker.on('message', (reply: ThreadReply) => {
      const busy = thread.busy;
      if (!busy || busy.task !== reply.task) return;
      if ('progress' in reply) return busy.onProgress(reply.progress);
      thread.busy = undefined;
      busy.resolve(reply);
      this.release(thread);
    });
    const died = (why: string) => {
      const busy = thread.busy;
      thread.busy = undefined;
      busy?.reject(new Error(`a planning thread stopped (${why})`));
      const at = this.threads.indexOf(thread);
      if (at >= 0 && !this.closed) {
        this.threads[at] = this.spawn();
        this.release(this.threads[at]);
      }
    };
    worker.on('error', (error) => died(error.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    return thread;
  }

  private release(thread: Thread): void {
    thread.taken = false;
    const next = this.waiting.shift();
    if (next) {
      thread.taken = true;
      next(thread);
    }
  }

  private acquire(): Promise<Thread> {
    const free = this.threads.find((t) => !t.taken);
    if (!free) return new Promise((resolve) => this.waiting.push(resolve));
    free.taken = true;
    return Promise.resolve(free);
  }

  /** Run a job on the next free thread; `stop` is set to a function that stops it. */
  async run(
    data: JobData,
    onProgress: (done: number) => void,
    control: { stop?: () => void } = {},
  ): Promise<TaskOutcome> {
    const thread = await this.acquire();
    const task = this.nextTask++;
    return new Promise<TaskOutcome>((resolve, reject) => {
      thread.busy = { task, onProgress, resolve, reject };
      control.stop = () => {
        Atomics.store(thread.abort, 0, task);
        // A simulation runs in one piece: stopping it stops its thread (another takes its place).
        if (data.kind === 'simulation' && thread.busy?.task === task)
          void thread.worker.terminate();
      };
      thread.worker.postMessage({ task, data });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

// The in-process job runner: sweeps and simulations run one at a time, off the request, in the
// server's own process. Progress is written to the store (so a poll from any server sees it) and
// pushed to subscribers (server-sent events). A job left running by a stopped server is queued
// again at the next start; the runs are deterministic, so the result is the same.
import type { Job, Store } from '@aidc/store';
import {
  computeSimulation,
  computeSweep,
  type SimulationRequest,
  type SweepRequest,
} from './compute.js';
import type { Logger } from '../log.js';
import { jobEvents } from './job-events.js';

export interface JobRunner {
  /** Run the queued job when its turn comes. */
  enqueue(id: string): void;
  /** Stop the job at its next step (a sweep between variants). */
  cancel(id: string): void;
  /** Called with the job after every change; returns the unsubscribe function. */
  subscribe(id: string, listener: (job: Job) => void): () => void;
  /** Resolves when nothing is queued or running (tests, shutdown). */
  idle(): Promise<void>;
  /** Finish the current step, leave the rest queued, and stop. */
  stop(): Promise<void>;
}

export function inProcessRunner(store: Store, log: Logger): JobRunner {
  const queue: string[] = [];
  const cancelled = new Set<string>();
  const events = jobEvents(store, log);
  const { notify } = events;
  let running: Promise<void> | undefined;
  let stopping = false;
  let idleWaiters: (() => void)[] = [];

  async function runOne(id: string): Promise<void> {
    const job = await store.getJob(id);
    if (!job || job.status !== 'queued' || !(await store.startJob(id))) return;
    await notify(id);
    const scenario = await store.getScenario(job.scenarioId, job.scenarioVersion);
    try {
      if (!scenario) throw new Error(`scenario ${job.scenarioId} v${job.scenarioVersion} is gone`);
      if (job.kind === 'sweep') {
        const progress = events.progress(id);
        const outcome = await computeSweep(scenario.yaml, job.request as SweepRequest, {
          progress: progress.report,
          cancelled: () => cancelled.has(id) || stopping,
        });
        await progress.flushed();
        if (outcome === 'cancelled') {
          if (stopping && !cancelled.has(id)) {
            await store.requeueJob(id);
            return;
          }
          await store.finishJob(id, { status: 'cancelled' });
        } else {
          await store.finishJob(id, { status: 'succeeded', result: outcome });
        }
      } else {
        const result = computeSimulation(scenario.yaml, job.request as SimulationRequest);
        await store.jobProgress(id, 1, 1);
        await store.finishJob(id, { status: 'succeeded', result });
      }
    } catch (error) {
      await events.fail(id, error);
    } finally {
      cancelled.delete(id);
      await notify(id);
    }
  }

  function pump(): void {
    if (running || stopping) return;
    const id = queue.shift();
    if (id === undefined) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
      return;
    }
    running = runOne(id)
      .catch((error: unknown) => events.runnerError(id, error))
      .finally(() => {
        running = undefined;
        pump();
      });
  }

  return {
    enqueue(id) {
      if (!queue.includes(id)) queue.push(id);
      pump();
    },
    cancel(id) {
      cancelled.add(id);
      const at = queue.indexOf(id);
      if (at >= 0) queue.splice(at, 1);
    },
    subscribe: events.subscribe,
    idle() {
      if (!running && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async stop() {
      stopping = true;
      await running;
    },
  };
}

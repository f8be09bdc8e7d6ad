// Priority with preemption (checkpoint-aware): the queue is ordered by priority, then arrival.
// A job that does not fit may stop running jobs of lower priority, the lowest priority first and,
// among equals, those that lose the least work since their last checkpoint, when stopping them
// frees enough GPUs; the stopped jobs queue again and restart from their checkpoints. A job that
// cannot start even so blocks those behind it, as in FIFO, so a large high-priority job is not
// starved by small ones. (Preemption frees GPU counts; a gang job that still finds no whole
// servers after its victims stop keeps waiting, and the victims restart when they fit.)
import type { SchedulerView, SchedulingPolicy } from './policy.js';

/** Priorities apart by more than any submission time in seconds (2^33 s: 272 years). */
const PRIORITY_STEP = 2 ** 33;

function startByPreempting(view: SchedulerView, job: number): boolean {
  const priority = view.priority(job);
  const need = view.demandGpus(job);
  const victims = view
    .running()
    .filter((r) => r.priority < priority)
    .map((r) => ({ ...r, lost: view.lostIfStopped(r.job) }))
    .sort((a, b) => a.priority - b.priority || a.lost - b.lost || a.job - b.job);
  let free = view.freeGpus();
  for (let k = 0; k < victims.length && free < need; k++) free += victims[k]?.gpus ?? 0;
  if (free < need) return false;
  for (const v of victims) {
    view.preempt(v.job);
    if (view.tryStart(job)) return true;
  }
  return false;
}

export const priorityPreemptive: SchedulingPolicy = {
  name: 'priority',
  queueKey: (submitS, _remainingS, priority) => -priority * PRIORITY_STEP + submitS,
  schedule(view) {
    const queue = view.queue;
    for (let i = view.queueStart; i < view.queueEnd; i++) {
      const job = queue[i] ?? -1;
      if (view.tryStart(job)) continue;
      if (!startByPreempting(view, job)) return;
    }
  },
};

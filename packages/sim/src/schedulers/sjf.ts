// Shortest job first (non-preemptive): the queue is ordered by remaining run time, known exactly
// (the trace's or the generator's run time; an upper bound on what real user estimates give),
// and, as in FIFO, the first job that does not fit blocks the rest.
import type { SchedulingPolicy } from './policy.js';

export const shortestJobFirst: SchedulingPolicy = {
  name: 'sjf',
  queueKey: (_submitS, remainingS) => remainingS,
  schedule(view) {
    const queue = view.queue;
    for (let i = view.queueStart; i < view.queueEnd; i++)
      if (!view.tryStart(queue[i] ?? -1)) return;
  },
};

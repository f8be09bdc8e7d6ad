// First in, first out: jobs start in arrival order; the first that does not fit blocks the ones
// behind it (no overtaking), so a large job is never starved by small ones.
import type { SchedulingPolicy } from './policy.js';

export const fifo: SchedulingPolicy = {
  name: 'fifo',
  queueKey: (submitS) => submitS,
  schedule(view) {
    const queue = view.queue;
    for (let i = view.queueStart; i < view.queueEnd; i++)
      if (!view.tryStart(queue[i] ?? -1)) return;
  },
};

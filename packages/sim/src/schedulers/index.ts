import { easyBackfill } from './backfill.js';
import { fifo } from './fifo.js';
import type { SchedulingPolicy } from './policy.js';
import { priorityPreemptive } from './priority.js';
import { shortestJobFirst } from './sjf.js';

export const POLICIES = ['fifo', 'sjf', 'backfill', 'priority'] as const;
export type PolicyName = (typeof POLICIES)[number];

export function schedulingPolicy(name: PolicyName): SchedulingPolicy {
  switch (name) {
    case 'fifo':
      return fifo;
    case 'sjf':
      return shortestJobFirst;
    case 'backfill':
      return easyBackfill;
    case 'priority':
      return priorityPreemptive;
  }
}

export { withQuotas } from './quotas.js';
export type { RunningJob, SchedulerView, SchedulingPolicy } from './policy.js';

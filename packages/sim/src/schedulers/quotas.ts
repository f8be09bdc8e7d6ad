// Quotas per team (a virtual cluster): a team's running jobs hold at most its quota of GPUs, and
// its jobs beyond it wait without holding up other teams' jobs behind them. Any policy runs
// within them: it sees only the queued jobs whose team has room, in its own order. Hard quotas
// (no borrowing of another team's idle share), as Slurm's GrpTRES=gres/gpu limits or a
// Kubernetes ResourceQuota on GPUs enforce them.
import type { SchedulerView, SchedulingPolicy } from './policy.js';

export function withQuotas(policy: SchedulingPolicy): SchedulingPolicy {
  return {
    name: policy.name,
    queueKey: policy.queueKey,
    schedule(view) {
      const eligible: number[] = [];
      for (let i = view.queueStart; i < view.queueEnd; i++) {
        const job = view.queue[i] ?? -1;
        if (view.withinQuota(job)) eligible.push(job);
      }
      if (eligible.length === 0) return;
      const filtered: SchedulerView = Object.create(view, {
        queue: { value: eligible },
        queueStart: { value: 0 },
        queueEnd: { value: eligible.length },
      });
      policy.schedule(filtered);
    },
  };
}

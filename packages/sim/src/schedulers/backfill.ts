// EASY backfilling (Lifka 1995, "The ANL/IBM SP scheduling system", JSSPP; as defined in Mu'alem &
// Feitelson 2001, "Utilization, predictability, workloads, and user runtime estimates in
// scheduling the IBM SP2 with backfilling", IEEE TPDS 12(6)): jobs start in arrival order; when
// the first one does not fit it gets a reservation at the shadow time, the earliest moment the
// running jobs' ends free enough GPUs for it. A later job may start now if it fits and either
// ends by the shadow time or uses only the GPUs the reserved job will leave spare ("extra").
// Run times are known exactly, as in the simulators those papers report.
import type { SchedulingPolicy } from './policy.js';

export const easyBackfill: SchedulingPolicy = {
  name: 'backfill',
  queueKey: (submitS) => submitS,
  schedule(view) {
    const queue = view.queue;
    const end = view.queueEnd;
    let i = view.queueStart;
    while (i < end && view.tryStart(queue[i] ?? -1)) i++;
    if (i >= end) return;
    const head = queue[i] ?? -1;
    // Nothing can be backfilled into a full cluster: skip the reservation.
    if (view.freeGpus() <= 0 || i + 1 >= end) return;
    const need = view.demandGpus(head);
    let free = view.freeGpus();
    let shadow = Infinity;
    const ends = [...view.running()].sort((x, y) => x.endS - y.endS);
    for (const r of ends) {
      free += r.gpus;
      if (free >= need) {
        shadow = r.endS;
        break;
      }
    }
    let extra = shadow === Infinity ? 0 : free - need;
    for (let k = i + 1; k < end; k++) {
      if (view.freeGpus() <= 0) return;
      const job = queue[k] ?? -1;
      const endsBeforeShadow = view.now + view.runTimeS(job) <= shadow;
      const gpus = view.demandGpus(job);
      if (!endsBeforeShadow && gpus > extra) continue;
      if (view.tryStart(job) && !endsBeforeShadow) extra -= gpus;
    }
  },
};

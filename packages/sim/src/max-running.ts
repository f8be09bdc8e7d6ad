// The most jobs and service replicas that can run at once on a cluster: what the simulator sizes
// its records of running jobs to.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are within the table. */
import { WHOLE } from './cluster/allocation.js';
import type { JobTable } from './jobs/job.js';
import type { ServiceModel } from './services/service-model.js';

/**
 * Each running job or replica holds at least one whole GPU or a share of one (as many on a GPU
 * as the smallest share fits), so at most `gpus` times that run at once; and never more than
 * there are jobs and replicas (all of them, when one asks for no GPUs at all).
 */
export function maxRunning(
  table: JobTable,
  services: readonly ServiceModel[],
  gpus: number,
): number {
  let count = table.count;
  let smallest = WHOLE;
  let holdsNothing = false;
  for (let j = 0; j < table.count; j++) {
    const milli = table.gpuMilli[j]!;
    if (table.gpus[j]! <= 0 || milli <= 0) holdsNothing = true;
    else if (milli < smallest) smallest = milli;
  }
  for (const svc of services) {
    count += svc.maxReplicas;
    if (svc.maxReplicas > 0 && !(svc.gpusPerReplica >= 1)) holdsNothing = true;
  }
  return holdsNothing ? count : Math.min(count, gpus * Math.floor(WHOLE / smallest));
}

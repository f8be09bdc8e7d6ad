// One pool of hot spares for a cluster: the servers in repair of its workloads add up (Little's
// law per workload, Poisson in sum), and the pool is the quantile at the chosen confidence.
import { poissonQuantile } from './poisson.js';

/** What one workload brings to the pool. */
export interface SpareNeed {
  /** Training runs must stay at full size; online services hold their replica count; offline
   *  jobs run on with a replica fewer and bring nothing. */
  readonly kind: 'training' | 'online' | 'offline';
  /** Mean servers of the workload out for repair at any moment. */
  readonly meanServersInRepair: number;
  /** Servers in repair that an online service's replicas beyond its load already absorb. */
  readonly headroomServers: number;
}

/**
 * Hot spares for the pool, in the unit a failure takes out. A service whose extra replicas
 * cover its own servers in repair stays out; one they cover partly joins with them counted as
 * spares. Those replicas serve only their own model, so the pool never falls below what the
 * training runs need on their own.
 */
export function poolSpares(needs: readonly SpareNeed[], confidence: number): number {
  let mean = 0;
  let trainingMean = 0;
  let credit = 0;
  for (const n of needs) {
    if (n.kind === 'offline') continue;
    if (n.kind === 'training') {
      mean += n.meanServersInRepair;
      trainingMean += n.meanServersInRepair;
      continue;
    }
    const own = poissonQuantile(confidence, n.meanServersInRepair);
    if (n.headroomServers > 0 && n.headroomServers >= own) continue;
    mean += n.meanServersInRepair;
    credit += n.headroomServers;
  }
  return Math.max(
    poissonQuantile(confidence, trainingMean),
    poissonQuantile(confidence, mean) - credit,
  );
}

// Where a job's GPUs go. Whole GPUs of one server: best fit (the up server with the fewest wholly
// free GPUs that still holds the job, so whole servers stay free for large jobs) for `topology`
// and `pack`, worst fit (the most free) for `spread`. A GPU-sharing request: the partly used GPU
// with the least room that still holds it, else a whole GPU as above. A job larger than a
// server takes whole servers (gang scheduling: all at once or not at all); `topology` puts it in
// one scale-up domain when it fits one, else in the fewest leaf groups (best-fit group first),
// `pack` and `spread` take whole free servers wherever they are.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- the hot loop indexes typed arrays
   sized to the cluster, the job list or the heap, always within range by construction. */
import { WHOLE, takeGpu, takeWholeGpus, type Allocation } from './allocation.js';

export const PLACEMENTS = ['topology', 'pack', 'spread'] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** Where a placed job went; one reused record, so placing allocates nothing for one-server jobs. */
export interface Placed {
  /** The server of a job within one server, else -1. */
  server: number;
  /** Its GPUs on that server as a bit mask (bit i: GPU i). */
  mask: number;
  /** The GPU of a shared request, else -1. */
  gpu: number;
  /** Servers taken whole by a gang job, else empty. */
  servers: number[];
  leafGroups: number;
  domains: number;
}

export function emptyPlaced(): Placed {
  return { server: -1, mask: 0, gpu: -1, servers: [], leafGroups: 0, domains: 0 };
}

function serverWithFree(a: Allocation, need: number, placement: Placement): number {
  const g = a.gpusPerServer;
  if (placement === 'spread') {
    for (let k = g; k >= need; k--)
      if (a.bucketSize[k]! > 0) return a.buckets[k]![a.bucketSize[k]! - 1]!;
  } else {
    for (let k = need; k <= g; k++)
      if (a.bucketSize[k]! > 0) return a.buckets[k]![a.bucketSize[k]! - 1]!;
  }
  return -1;
}

function sharedGpu(a: Allocation, milli: number): number {
  let best = -1;
  let bestFree = WHOLE + 1;
  for (let p = 0; p < a.partialSize; p++) {
    const gpu = a.partial[p]!;
    const free = a.freeMilli[gpu]!;
    if (free >= milli && (free < bestFree || (free === bestFree && gpu < best))) {
      best = gpu;
      bestFree = free;
    }
  }
  return best;
}

/** Whole free servers of a range of server indices [from, to), up to `count`. */
function freeServersIn(
  a: Allocation,
  from: number,
  to: number,
  count: number,
  out: number[],
): void {
  const g = a.gpusPerServer;
  for (let s = from; s < to && out.length < count; s++)
    if (a.up[s] && a.wholeFree[s] === g) out.push(s);
}

function chooseServers(a: Allocation, n: number, placement: Placement): number[] | null {
  const c = a.cluster;
  const g = a.gpusPerServer;
  if (a.bucketSize[g]! < n) return null;
  const servers: number[] = [];
  if (placement !== 'topology') {
    const b = a.buckets[g]!;
    const size = a.bucketSize[g]!;
    for (let i = 0; i < n; i++) servers.push(b[size - 1 - i]!);
    return servers;
  }
  if (c.serversPerDomain > 1 && n <= c.serversPerDomain) {
    let best = -1;
    for (let d = 0; d < c.domains; d++) {
      const free = a.freeServersInDomain[d]!;
      if (free >= n && (best < 0 || free < a.freeServersInDomain[best]!)) best = d;
    }
    if (best >= 0) {
      const from = best * c.serversPerDomain;
      freeServersIn(a, from, Math.min(c.servers.length, from + c.serversPerDomain), n, servers);
      return servers;
    }
  }
  const spg = c.serversPerLeafGroup;
  let best = -1;
  for (let lg = 0; lg < c.leafGroups; lg++) {
    const free = a.freeServersInGroup[lg]!;
    if (free >= n && (best < 0 || free < a.freeServersInGroup[best]!)) best = lg;
  }
  if (best >= 0) {
    freeServersIn(a, best * spg, Math.min(c.servers.length, (best + 1) * spg), n, servers);
    return servers;
  }
  // No group holds it: the groups with the most free servers first, ties by index, ordered by a
  // counting sort on the free count (a comparison sort of every group, for each gang job too
  // large for one group, was most of a 100,000-GPU simulation's placement time).
  const groups = groupsByFreeServers(a);
  for (const lg of groups) {
    freeServersIn(a, lg * spg, Math.min(c.servers.length, (lg + 1) * spg), n, servers);
    if (servers.length >= n) break;
  }
  return servers.length >= n ? servers : null;
}

/** The leaf groups with a free server, the most free first, ties by index. */
export function groupsByFreeServers(a: Allocation): Int32Array {
  const groups = a.cluster.leafGroups;
  const free = a.freeServersInGroup;
  let most = 0;
  let withFree = 0;
  for (let lg = 0; lg < groups; lg++) {
    const f = free[lg]!;
    if (f > 0) withFree++;
    if (f > most) most = f;
  }
  // start[k]: where the groups with k free servers begin (those with more come first).
  const start = new Int32Array(most + 2);
  for (let lg = 0; lg < groups; lg++) if (free[lg]! > 0) start[free[lg]! - 1]!++;
  for (let k = most - 1, at = 0; k >= 0; k--) {
    const count = start[k]!;
    start[k] = at;
    at += count;
  }
  const order = new Int32Array(withFree);
  for (let lg = 0; lg < groups; lg++) {
    const f = free[lg]!;
    if (f > 0) order[start[f - 1]!++] = lg;
  }
  return order;
}

/** Place a job now into `out`; false when it does not fit. Mutates the allocation when it does. */
export function place(
  a: Allocation,
  gpus: number,
  milli: number,
  placement: Placement,
  out: Placed,
): boolean {
  const g = a.gpusPerServer;
  const c = a.cluster;
  out.server = -1;
  out.mask = 0;
  out.gpu = -1;
  out.leafGroups = 1;
  out.domains = 1;
  if (out.servers.length > 0) out.servers = [];
  if (milli < WHOLE) {
    let gpu = sharedGpu(a, milli);
    if (gpu < 0) {
      const s = serverWithFree(a, 1, placement);
      if (s < 0) return false;
      for (let i = s * g; i < s * g + g; i++)
        if (a.freeMilli[i] === WHOLE) {
          gpu = i;
          break;
        }
    }
    takeGpu(a, gpu, milli);
    out.gpu = gpu;
    return true;
  }
  if (gpus <= g) {
    const s = serverWithFree(a, gpus, placement);
    if (s < 0) return false;
    out.server = s;
    out.mask = takeWholeGpus(a, s, gpus);
    return true;
  }
  const servers = chooseServers(a, Math.ceil(gpus / g), placement);
  if (!servers) return false;
  const groups = new Set<number>();
  const domains = new Set<number>();
  for (const s of servers) {
    takeWholeGpus(a, s, g);
    groups.add(c.servers[s]!.leafGroup);
    domains.add(c.servers[s]!.domain);
  }
  out.servers = servers;
  out.leafGroups = groups.size;
  out.domains = domains.size;
  return true;
}

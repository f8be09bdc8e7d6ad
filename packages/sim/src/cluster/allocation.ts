// Which GPUs are free, kept so that placement is fast at 100,000 GPUs: each GPU's free share in
// thousandths, each up server in a bucket by its count of wholly free GPUs, whole-free servers
// counted per leaf group and per scale-up domain, and the set of partly shared GPUs.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- the hot loop indexes typed arrays
   sized to the cluster, the job list or the heap, always within range by construction. */
import type { SimCluster } from './cluster.js';

export const WHOLE = 1000;

export interface Allocation {
  readonly cluster: SimCluster;
  readonly gpusPerServer: number;
  /** Free thousandths of each GPU, index server * gpusPerServer + gpu. */
  readonly freeMilli: Int32Array;
  /** Wholly free GPUs per server. */
  readonly wholeFree: Int32Array;
  readonly up: Uint8Array;
  /** Up servers bucketed by wholly free GPUs: bucket k lists them, `bucketSize[k]` long. */
  readonly buckets: Int32Array[];
  readonly bucketSize: Int32Array;
  readonly position: Int32Array;
  /** Each server's leaf group and scale-up domain. */
  readonly serverGroup: Int32Array;
  readonly serverDomain: Int32Array;
  /** Up servers with every GPU free, per leaf group and per scale-up domain. */
  readonly freeServersInGroup: Int32Array;
  readonly freeServersInDomain: Int32Array;
  /** GPUs partly taken by shared requests. */
  readonly partial: Int32Array;
  partialSize: number;
  readonly partialPosition: Int32Array;
  /** Thousandths of a GPU allocated, cluster-wide. */
  allocatedMilli: number;
}

export function createAllocation(cluster: SimCluster): Allocation {
  const n = cluster.servers.length;
  const g = cluster.gpusPerServer;
  const freeMilli = new Int32Array(n * g).fill(WHOLE);
  const buckets: Int32Array[] = [];
  for (let k = 0; k <= g; k++) buckets.push(new Int32Array(k === g ? n : 0));
  const a: Allocation = {
    cluster,
    gpusPerServer: g,
    freeMilli,
    wholeFree: new Int32Array(n).fill(g),
    up: new Uint8Array(n).fill(1),
    buckets,
    bucketSize: new Int32Array(g + 1),
    position: new Int32Array(n),
    serverGroup: Int32Array.from(cluster.servers, (srv) => srv.leafGroup),
    serverDomain: Int32Array.from(cluster.servers, (srv) => srv.domain),
    freeServersInGroup: new Int32Array(cluster.leafGroups),
    freeServersInDomain: new Int32Array(cluster.domains),
    partial: new Int32Array(n * g),
    partialSize: 0,
    partialPosition: new Int32Array(n * g).fill(-1),
    allocatedMilli: 0,
  };
  // Highest index last, so that taking from a bucket's end takes the highest-numbered server;
  // fill in reverse so srv-0001 is taken first.
  for (let s = n - 1; s >= 0; s--) bucketAdd(a, s, g);
  for (const srv of cluster.servers) {
    a.freeServersInGroup[srv.leafGroup]!++;
    a.freeServersInDomain[srv.domain]!++;
  }
  return a;
}

function bucketAdd(a: Allocation, s: number, k: number): void {
  let b = a.buckets[k]!;
  const size = a.bucketSize[k]!;
  if (size >= b.length) {
    const grown = new Int32Array(Math.max(16, b.length * 2));
    grown.set(b);
    a.buckets[k] = b = grown;
  }
  b[size] = s;
  a.position[s] = size;
  a.bucketSize[k] = size + 1;
}

function bucketRemove(a: Allocation, s: number, k: number): void {
  const b = a.buckets[k]!;
  const last = --a.bucketSize[k]!;
  const at = a.position[s]!;
  const moved = b[last]!;
  b[at] = moved;
  a.position[moved] = at;
}

function setWholeFree(a: Allocation, s: number, k: number): void {
  const before = a.wholeFree[s]!;
  if (before === k) return;
  a.wholeFree[s] = k;
  if (!a.up[s]) return;
  bucketRemove(a, s, before);
  bucketAdd(a, s, k);
  const g = a.gpusPerServer;
  if (before === g) {
    a.freeServersInGroup[a.serverGroup[s]!]!--;
    a.freeServersInDomain[a.serverDomain[s]!]!--;
  } else if (k === g) {
    a.freeServersInGroup[a.serverGroup[s]!]!++;
    a.freeServersInDomain[a.serverDomain[s]!]!++;
  }
}

function partialAdd(a: Allocation, gpu: number): void {
  if (a.partialPosition[gpu]! >= 0) return;
  a.partial[a.partialSize] = gpu;
  a.partialPosition[gpu] = a.partialSize++;
}

function partialRemove(a: Allocation, gpu: number): void {
  const at = a.partialPosition[gpu]!;
  if (at < 0) return;
  const moved = a.partial[--a.partialSize]!;
  a.partial[at] = moved;
  a.partialPosition[moved] = at;
  a.partialPosition[gpu] = -1;
}

/** Take `milli` thousandths of one GPU. */
export function takeGpu(a: Allocation, gpu: number, milli: number): void {
  const free = a.freeMilli[gpu]!;
  if (free < milli) throw new Error(`GPU ${gpu} has ${free} free, asked ${milli}`);
  const s = Math.floor(gpu / a.gpusPerServer);
  a.freeMilli[gpu] = free - milli;
  a.allocatedMilli += milli;
  if (free === WHOLE) setWholeFree(a, s, a.wholeFree[s]! - 1);
  if (free - milli > 0) partialAdd(a, gpu);
  else partialRemove(a, gpu);
}

/** Give back `milli` thousandths of one GPU. */
export function releaseGpu(a: Allocation, gpu: number, milli: number): void {
  const free = a.freeMilli[gpu]! + milli;
  if (free > WHOLE) throw new Error(`GPU ${gpu} released past whole`);
  const s = Math.floor(gpu / a.gpusPerServer);
  a.freeMilli[gpu] = free;
  a.allocatedMilli -= milli;
  if (free === WHOLE) {
    partialRemove(a, gpu);
    setWholeFree(a, s, a.wholeFree[s]! + 1);
  } else if (a.up[s]) partialAdd(a, gpu);
}

/**
 * Take `count` wholly free GPUs of server s, the lowest-numbered first; returns their bit mask
 * (bit i: GPU i). One move of the server between the free-count buckets, not one per GPU: the
 * buckets end as they would after `count` single takes.
 */
export function takeWholeGpus(a: Allocation, s: number, count: number): number {
  const g = a.gpusPerServer;
  const base = s * g;
  let mask = 0;
  let taken = 0;
  for (let i = 0; i < g && taken < count; i++) {
    if (a.freeMilli[base + i] === WHOLE) {
      a.freeMilli[base + i] = 0;
      mask |= 1 << i;
      taken++;
    }
  }
  if (taken < count) throw new Error(`server ${s} has ${taken} wholly free GPUs, asked ${count}`);
  a.allocatedMilli += taken * WHOLE;
  setWholeFree(a, s, a.wholeFree[s]! - taken);
  return mask;
}

/** Give back the wholly taken GPUs of server s in bit mask `mask` (as `takeWholeGpus` gave). */
export function releaseWholeGpus(a: Allocation, s: number, mask: number): void {
  const g = a.gpusPerServer;
  const base = s * g;
  let released = 0;
  // Each set bit of the mask, lowest first (m & -m isolates it; 31 - clz32 is its index).
  for (let m = mask; m !== 0; m &= m - 1) {
    const i = 31 - Math.clz32(m & -m);
    if (a.freeMilli[base + i] !== 0) throw new Error(`GPU ${base + i} released past whole`);
    a.freeMilli[base + i] = WHOLE;
    released++;
  }
  a.allocatedMilli -= released * WHOLE;
  setWholeFree(a, s, a.wholeFree[s]! + released);
}

/** Take a server out of service (its GPUs must already be released by the caller's jobs). */
export function serverDown(a: Allocation, s: number): void {
  if (!a.up[s]) return;
  const k = a.wholeFree[s]!;
  bucketRemove(a, s, k);
  if (k === a.gpusPerServer) {
    const srv = a.cluster.servers[s]!;
    a.freeServersInGroup[srv.leafGroup]!--;
    a.freeServersInDomain[srv.domain]!--;
  }
  a.up[s] = 0;
  const g = a.gpusPerServer;
  for (let i = s * g; i < s * g + g; i++) partialRemove(a, i);
}

export function serverUp(a: Allocation, s: number): void {
  if (a.up[s]) return;
  a.up[s] = 1;
  const k = a.wholeFree[s]!;
  bucketAdd(a, s, k);
  if (k === a.gpusPerServer) {
    const srv = a.cluster.servers[s]!;
    a.freeServersInGroup[srv.leafGroup]!++;
    a.freeServersInDomain[srv.domain]!++;
  }
  const g = a.gpusPerServer;
  for (let i = s * g; i < s * g + g; i++) {
    const f = a.freeMilli[i]!;
    if (f > 0 && f < WHOLE) partialAdd(a, i);
  }
}

/** Up servers' wholly free GPUs, cluster-wide. */
export function wholeFreeGpus(a: Allocation): number {
  let total = 0;
  for (let k = 1; k <= a.gpusPerServer; k++) total += k * a.bucketSize[k]!;
  return total;
}

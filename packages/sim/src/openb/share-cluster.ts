// A GPU-sharing cluster of heterogeneous nodes (the openb node list): each node's unallocated
// CPU, memory and per-GPU free thousandths, and its fragmentation against the typical pods kept
// current as pods are bound and released, so that a placement policy can score every node.
import type { OpenbNode } from './node-list.js';
import {
  fragmentationModel,
  nodeFragmentationMilli,
  type FragmentationModel,
} from './fragmentation.js';
import type { TypicalPod } from './typical-pods.js';

export const WHOLE_GPU_MILLI = 1000;

/** What a pod asks of a node. */
export interface PodRequest {
  readonly cpuMilli: number;
  readonly memoryMib: number;
  readonly gpus: number;
  readonly gpuMilli: number;
  readonly gpuModels: readonly string[];
}

export interface ShareCluster {
  readonly nodes: readonly OpenbNode[];
  readonly cpuLeft: Int32Array;
  readonly memoryLeft: Int32Array;
  /** Node s's GPUs are free[gpuFrom[s] .. gpuFrom[s] + nodes[s].gpus). */
  readonly gpuFrom: Int32Array;
  readonly free: Int32Array;
  /** Each node's F_n(M), thousandths of a GPU. */
  readonly fragMilli: Float64Array;
  /** Bumped whenever a node's resources change (lets callers cache per-node scores). */
  readonly version: Int32Array;
  readonly fragModels: readonly FragmentationModel[];
  readonly capacityMilli: number;
  allocatedMilli: number;
}

export function createShareCluster(
  nodes: readonly OpenbNode[],
  typical: readonly TypicalPod[],
): ShareCluster {
  const byModel = new Map<string, FragmentationModel>();
  const fragModels = nodes.map((n) => {
    let fm = byModel.get(n.model);
    if (!fm) byModel.set(n.model, (fm = fragmentationModel(typical, n.model)));
    return fm;
  });
  const gpuFrom = new Int32Array(nodes.length);
  let gpus = 0;
  for (const [s, n] of nodes.entries()) {
    gpuFrom[s] = gpus;
    gpus += n.gpus;
  }
  const c: ShareCluster = {
    nodes,
    cpuLeft: Int32Array.from(nodes, (n) => n.cpuMilli),
    memoryLeft: Int32Array.from(nodes, (n) => n.memoryMib),
    gpuFrom,
    free: new Int32Array(gpus).fill(WHOLE_GPU_MILLI),
    fragMilli: new Float64Array(nodes.length),
    version: new Int32Array(nodes.length),
    fragModels,
    capacityMilli: gpus * WHOLE_GPU_MILLI,
    allocatedMilli: 0,
  };
  for (let s = 0; s < nodes.length; s++) c.fragMilli[s] = nodeFrag(c, s, c.cpuLeft[s] ?? 0);
  return c;
}

const gpuCount = (c: ShareCluster, s: number) => c.nodes[s]?.gpus ?? 0;

/** F_n(M) of node s with the given CPU left and its GPUs as they are in `free`. */
export function nodeFrag(c: ShareCluster, s: number, cpuLeft: number, free = c.free): number {
  const fm = c.fragModels[s];
  if (!fm) throw new Error(`no node ${s}`);
  return nodeFragmentationMilli(free, c.gpuFrom[s] ?? 0, gpuCount(c, s), cpuLeft, fm);
}

/** Σ F_n(M) over the cluster, thousandths of a GPU. */
export function clusterFragMilli(c: ShareCluster): number {
  let total = 0;
  for (const f of c.fragMilli) total += f;
  return total;
}

/** Whether the pod fits on node s: CPU, memory, GPU model and room on enough GPUs. */
export function fits(c: ShareCluster, s: number, pod: PodRequest): boolean {
  if ((c.cpuLeft[s] ?? 0) < pod.cpuMilli || (c.memoryLeft[s] ?? 0) < pod.memoryMib) return false;
  if (pod.gpus === 0) return true;
  const node = c.nodes[s];
  if (!node || node.gpus === 0) return false;
  if (pod.gpuModels.length > 0 && !pod.gpuModels.includes(node.model)) return false;
  const from = c.gpuFrom[s] ?? 0;
  let room = 0;
  for (let i = from; i < from + node.gpus; i++) if ((c.free[i] ?? 0) >= pod.gpuMilli) room++;
  return room >= pod.gpus;
}

/** The first `gpus` wholly free GPUs of node s by index (the simulator's exclusive pick). */
export function wholeFreeGpus(c: ShareCluster, s: number, gpus: number): number[] {
  const from = c.gpuFrom[s] ?? 0;
  const out: number[] = [];
  for (let i = from; i < from + gpuCount(c, s) && out.length < gpus; i++)
    if (c.free[i] === WHOLE_GPU_MILLI) out.push(i);
  return out;
}

/** Take the pod's resources on node s, its GPU share from each of `gpuIds` (global indices). */
export function bind(c: ShareCluster, s: number, pod: PodRequest, gpuIds: readonly number[]): void {
  change(c, s, -pod.cpuMilli, -pod.memoryMib, gpuIds, -pod.gpuMilli);
}

export function release(
  c: ShareCluster,
  s: number,
  pod: PodRequest,
  gpuIds: readonly number[],
): void {
  change(c, s, pod.cpuMilli, pod.memoryMib, gpuIds, pod.gpuMilli);
}

function change(
  c: ShareCluster,
  s: number,
  cpu: number,
  memory: number,
  gpuIds: readonly number[],
  milli: number,
): void {
  const cpuLeft = (c.cpuLeft[s] ?? 0) + cpu;
  const memoryLeft = (c.memoryLeft[s] ?? 0) + memory;
  const node = c.nodes[s];
  if (!node || cpuLeft < 0 || memoryLeft < 0 || cpuLeft > node.cpuMilli)
    throw new Error(`node ${s}: CPU or memory out of range after a change`);
  const from = c.gpuFrom[s] ?? 0;
  for (const g of gpuIds) {
    const f = (c.free[g] ?? 0) + milli;
    if (g < from || g >= from + node.gpus || f < 0 || f > WHOLE_GPU_MILLI)
      throw new Error(`node ${s}: GPU ${g} out of range after a change`);
    c.free[g] = f;
    c.allocatedMilli -= milli;
  }
  c.cpuLeft[s] = cpuLeft;
  c.memoryLeft[s] = memoryLeft;
  c.fragMilli[s] = nodeFrag(c, s, cpuLeft);
  c.version[s] = (c.version[s] ?? 0) + 1;
}

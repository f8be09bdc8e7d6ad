// The openb pod list replayed in time on its own node list: each pod arrives at its creation
// time and is placed at once if a node fits it (Kubernetes tries a new pod straight away, pods
// that do not fit wait without blocking later ones); a waiting pod is retried when a pod leaves.
// A pod runs for the time the trace recorded (deletion - scheduled), however long it waited; a
// pod the trace never scheduled has no run time: it gives up at its deletion time if still
// waiting, as it did in the trace, and if placed holds its place until then. The scheduling delay is placement time -
// creation time, the trace's own is scheduled_time - creation_time.
import { createEventQueue, type PoppedEvent } from '../engine/event-queue.js';
import type { OpenbNode } from './node-list.js';
import type { OpenbPod } from './pod-list.js';
import { bind, createShareCluster, release } from './share-cluster.js';
import { scoreNode, type SharePolicy } from './share-placement.js';
import { createShareScheduler } from './share-scheduler.js';
import { podShape, typicalPods } from './typical-pods.js';

export interface DelayReplay {
  /** Scheduling delay of each pod placed, seconds, in pod-list order. */
  readonly delaysS: Float64Array;
  /** The trace's scheduled - creation of each pod it scheduled, seconds. */
  readonly traceDelaysS: Float64Array;
  /** Pods that gave up waiting (the trace's: pods never scheduled). */
  readonly gaveUp: number;
  readonly traceNeverScheduled: number;
  /** Most of the cluster's GPU capacity allocated at once, percent: replayed, and as recorded. */
  readonly peakAllocatedPct: number;
  readonly tracePeakAllocatedPct: number;
}

/** Most GPU capacity the trace's own schedule held at once (scheduled to deletion), percent. */
export function tracePeakAllocatedPct(pods: readonly OpenbPod[], capacityMilli: number): number {
  const changes: [number, number][] = [];
  for (const p of pods) {
    if (p.scheduledS === undefined || p.gpus === 0) continue;
    changes.push([p.scheduledS, p.gpus * p.gpuMilli], [p.deletionS, -p.gpus * p.gpuMilli]);
  }
  // Releases before takes at the same second: a pod that ends as another starts does not overlap.
  changes.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let held = 0;
  let peak = 0;
  for (const [, d] of changes) peak = Math.max(peak, (held += d));
  return (100 * peak) / capacityMilli;
}

const ARRIVE = 0;
const DEPART = 1;
const DEADLINE = 2;

export function replayDelays(
  nodes: readonly OpenbNode[],
  pods: readonly OpenbPod[],
  policy: SharePolicy,
): DelayReplay {
  if (pods.length === 0) throw new Error('delay replay: the pod list is empty');
  const cluster = createShareCluster(nodes, typicalPods(pods.map(podShape)));
  const scheduler = createShareScheduler(cluster, policy);
  const start = Math.min(...pods.map((p) => p.creationS));
  const queue = createEventQueue(pods.length * 3);
  for (const [i, p] of pods.entries()) {
    queue.push(p.creationS - start, ARRIVE, i, 0);
    if (p.scheduledS === undefined) queue.push(p.deletionS - start, DEADLINE, i, 0);
  }
  const placedAt = new Float64Array(pods.length).fill(-1);
  const node = new Int32Array(pods.length).fill(-1);
  const gpuIds: (readonly number[])[] = new Array<readonly number[]>(pods.length).fill([]);
  const waiting: number[] = []; // pod indices in creation order
  let gaveUp = 0;
  let peakMilli = 0;
  const place = (i: number, s: number, ids: readonly number[], t: number) => {
    const p = pods[i] as OpenbPod;
    bind(cluster, s, p, ids);
    peakMilli = Math.max(peakMilli, cluster.allocatedMilli);
    placedAt[i] = t;
    node[i] = s;
    gpuIds[i] = ids;
    // A pod the trace scheduled runs its recorded time; one it never did stays to its deletion.
    if (p.scheduledS !== undefined) queue.push(t + p.deletionS - p.scheduledS, DEPART, i, 0);
  };
  const leave = (i: number, t: number) => {
    const s = node[i] ?? -1;
    release(cluster, s, pods[i] as OpenbPod, gpuIds[i] ?? []);
    node[i] = -1;
    // Only node s gained room: a waiting pod that fits nowhere else may fit there now.
    for (let w = 0; w < waiting.length;) {
      const j = waiting[w] as number;
      const pj = pods[j] as OpenbPod;
      const ns = scoreNode(cluster, s, pj, policy);
      if (ns) {
        waiting.splice(w, 1);
        place(j, s, ns.gpuIds, t);
      } else w++;
    }
  };
  const e: PoppedEvent = { time: 0, kind: 0, a: 0, b: 0 };
  while (queue.pop(e)) {
    const i = e.a;
    const p = pods[i] as OpenbPod;
    if (e.kind === ARRIVE) {
      const choice = scheduler.choose(p);
      if (choice) place(i, choice.node, choice.gpuIds, e.time);
      else waiting.push(i);
    } else if (e.kind === DEPART) {
      if ((node[i] ?? -1) >= 0) leave(i, e.time);
    } else if ((placedAt[i] ?? -1) < 0) {
      const w = waiting.indexOf(i);
      if (w >= 0) waiting.splice(w, 1);
      gaveUp++;
    } else if ((node[i] ?? -1) >= 0) leave(i, e.time);
  }
  const delays: number[] = [];
  const traceDelays: number[] = [];
  for (const [i, p] of pods.entries()) {
    const t = placedAt[i] ?? -1;
    if (t >= 0) delays.push(t - (p.creationS - start));
    if (p.scheduledS !== undefined) traceDelays.push(p.scheduledS - p.creationS);
  }
  return {
    delaysS: Float64Array.from(delays),
    traceDelaysS: Float64Array.from(traceDelays),
    gaveUp,
    traceNeverScheduled: pods.filter((p) => p.scheduledS === undefined).length,
    peakAllocatedPct: (100 * peakMilli) / cluster.capacityMilli,
    tracePeakAllocatedPct: tracePeakAllocatedPct(pods, cluster.capacityMilli),
  };
}

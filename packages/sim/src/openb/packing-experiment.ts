// The packing experiment of Weng et al., "Beware of Fragmentation", USENIX ATC'23 (section 6.1,
// "workload inflation"; their simulator's workload tuning, pkg/simulator/simulator.go
// TunePodsByNodeTotalResource, run with tune ratio 1.3 and shuffled pods): the trace's pods in a
// random order, then pods drawn at random from the trace appended until the GPUs asked for reach
// 1.3 x the cluster's; they arrive one by one and never leave, a pod no node fits is dropped.
// Recorded at each whole percent of GPUs asked for ("arrived workload"): the share of the
// cluster's GPU capacity allocated and fragmented (Σ F_n(M), the paper's Fig. 7(a) and 9(a)).
import { seededRandom } from '../random.js';
import type { OpenbNode } from './node-list.js';
import type { OpenbPod } from './pod-list.js';
import { bind, clusterFragMilli, createShareCluster } from './share-cluster.js';
import type { SharePolicy } from './share-placement.js';
import { createShareScheduler } from './share-scheduler.js';
import { podShape, typicalPods } from './typical-pods.js';

export interface PackingOptions {
  readonly policy: SharePolicy;
  readonly seed: number;
  /** GPUs asked for over the cluster's GPUs; the paper's 1.3. */
  readonly inflation?: number;
  /** Share of the pods the typical shapes cover; the paper's simulator uses 0.95. */
  readonly typicalCoverage?: number;
}

export interface PackingResult {
  /** Index k: the point where k% of the cluster's GPU capacity had been asked for. */
  readonly allocatedPct: readonly number[];
  readonly fragmentedPct: readonly number[];
  /** At the end (all pods arrived). */
  readonly finalAllocatedPct: number;
  readonly finalFragmentedPct: number;
  readonly pods: number;
  readonly unplaced: number;
}

/**
 * The arrival order: the pods shuffled, then random copies of them appended while the GPUs asked
 * for stay within inflation x the capacity, or, when the trace alone asks for more, random pods
 * removed until it does not (the simulator's tuneUpPods / tuneDownPods; it tests a copy's
 * per-GPU share against the target, this tests its whole request, the same for the one-GPU
 * pods that make up nearly all of openb).
 */
export function inflatedArrivals(
  pods: readonly OpenbPod[],
  capacityMilli: number,
  inflation: number,
  random: () => number,
): OpenbPod[] {
  const order = [...pods];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i] as OpenbPod;
    order[i] = order[j] as OpenbPod;
    order[j] = t;
  }
  const target = inflation * capacityMilli;
  const asks = (p: OpenbPod) => p.gpus * p.gpuMilli;
  let asked = 0;
  for (const p of order) asked += asks(p);
  while (asked > target && order.length > 0) {
    const [removed] = order.splice(Math.floor(random() * order.length), 1);
    asked -= asks(removed as OpenbPod);
  }
  if (asked >= target || !pods.some((p) => p.gpus > 0)) return order;
  for (;;) {
    const p = pods[Math.floor(random() * pods.length)] as OpenbPod;
    if (asked + asks(p) > target) break;
    asked += asks(p);
    order.push(p);
  }
  return order;
}

export function runPackingExperiment(
  nodes: readonly OpenbNode[],
  pods: readonly OpenbPod[],
  options: PackingOptions,
): PackingResult {
  const inflation = options.inflation ?? 1.3;
  if (!(inflation > 0 && inflation <= 10))
    throw new Error(`packing experiment: inflation must be in (0, 10], got ${inflation}`);
  if (pods.length === 0) throw new Error('packing experiment: the pod list is empty');
  const random = seededRandom(options.seed);
  const cluster = createShareCluster(
    nodes,
    typicalPods(pods.map(podShape), options.typicalCoverage),
  );
  if (cluster.capacityMilli === 0) throw new Error('packing experiment: the nodes have no GPUs');
  const arrivals = inflatedArrivals(pods, cluster.capacityMilli, inflation, random);
  const scheduler = createShareScheduler(cluster, options.policy);
  const allocatedPct: number[] = [];
  const fragmentedPct: number[] = [];
  const pct = (milli: number) => (100 * milli) / cluster.capacityMilli;
  let asked = 0;
  let unplaced = 0;
  for (const pod of arrivals) {
    asked += pod.gpus * pod.gpuMilli;
    const placement = scheduler.choose(pod);
    if (placement) bind(cluster, placement.node, pod, placement.gpuIds);
    else unplaced++;
    while (allocatedPct.length <= Math.floor(pct(asked) + 1e-9)) {
      allocatedPct.push(pct(cluster.allocatedMilli));
      fragmentedPct.push(pct(clusterFragMilli(cluster)));
    }
  }
  return {
    allocatedPct,
    fragmentedPct,
    finalAllocatedPct: pct(cluster.allocatedMilli),
    finalFragmentedPct: pct(clusterFragMilli(cluster)),
    pods: arrivals.length,
    unplaced,
  };
}

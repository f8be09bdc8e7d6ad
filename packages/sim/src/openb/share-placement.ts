// Node scores for a GPU-sharing pod under the two policies of Weng et al., "Beware of
// Fragmentation", USENIX ATC'23 (section 5 and their simulator's score plugins,
// pkg/simulator/plugin/best_fit_score.go and fgd_score.go), as the Kubernetes scheduler
// framework sees them: an integer score 0-100 per feasible node, the highest wins, ties drawn at
// random (the framework's selectHost).
// - best-fit: 100 x (1 - the mean over CPU and GPU of (free - request) / the largest node's),
//   the largest node being 128 CPUs and 8 GPUs; a shared GPU is the fullest one it fits on.
// - fgd (fragmentation gradient descent): 100 x sigmoid(ΔF / 1000), ΔF the drop in the node's
//   fragmentation F_n(M) (thousandths of a GPU) if the pod were placed there; a shared GPU is
//   the one with the highest score (the first on ties); whole GPUs are the first free ones.
import {
  WHOLE_GPU_MILLI,
  fits,
  nodeFrag,
  wholeFreeGpus,
  type PodRequest,
  type ShareCluster,
} from './share-cluster.js';

export const SHARE_POLICIES = ['best-fit', 'fgd'] as const;
export type SharePolicy = (typeof SHARE_POLICIES)[number];

/** Largest node the best-fit score normalises by (the simulator's MaxSpecCpu, MaxSpecGpu). */
const MAX_NODE_CPU_MILLI = 128_000;
const MAX_NODE_GPU_MILLI = 8_000;

export interface NodeScore {
  readonly score: number;
  /** Global GPU indices the pod would take (empty for a CPU-only pod). */
  readonly gpuIds: readonly number[];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Score of node s for the pod, or undefined when the pod does not fit there. */
export function scoreNode(
  c: ShareCluster,
  s: number,
  pod: PodRequest,
  policy: SharePolicy,
): NodeScore | undefined {
  if (!fits(c, s, pod)) return undefined;
  return policy === 'fgd' ? fgdScore(c, s, pod) : bestFitScore(c, s, pod);
}

const shared = (pod: PodRequest) => pod.gpus === 1 && pod.gpuMilli < WHOLE_GPU_MILLI;

function gpuRange(c: ShareCluster, s: number): [number, number] {
  const from = c.gpuFrom[s] ?? 0;
  return [from, from + (c.nodes[s]?.gpus ?? 0)];
}

function bestFitScore(c: ShareCluster, s: number, pod: PodRequest): NodeScore {
  const [from, to] = gpuRange(c, s);
  let gpuFree = 0;
  for (let i = from; i < to; i++) gpuFree += c.free[i] ?? 0;
  const cpuSlack = ((c.cpuLeft[s] ?? 0) - pod.cpuMilli) / MAX_NODE_CPU_MILLI;
  const gpuSlack = (gpuFree - pod.gpus * pod.gpuMilli) / MAX_NODE_GPU_MILLI;
  const score = Math.floor((1 - 0.5 * cpuSlack - 0.5 * gpuSlack) * 100);
  if (pod.gpus === 0) return { score, gpuIds: [] };
  if (!shared(pod)) return { score, gpuIds: wholeFreeGpus(c, s, pod.gpus) };
  let best = -1;
  for (let i = from; i < to; i++) {
    const f = c.free[i] ?? 0;
    if (f >= pod.gpuMilli && (best < 0 || f < (c.free[best] ?? 0))) best = i;
  }
  return { score, gpuIds: [best] };
}

function fgdScore(c: ShareCluster, s: number, pod: PodRequest): NodeScore {
  const before = c.fragMilli[s] ?? 0;
  const cpuAfter = (c.cpuLeft[s] ?? 0) - pod.cpuMilli;
  const scoreOf = (after: number) => Math.floor(sigmoid((before - after) / 1000) * 100);
  if (!shared(pod)) {
    const gpuIds = pod.gpus === 0 ? [] : wholeFreeGpus(c, s, pod.gpus);
    for (const g of gpuIds) c.free[g] = 0;
    const after = nodeFrag(c, s, cpuAfter);
    for (const g of gpuIds) c.free[g] = WHOLE_GPU_MILLI;
    return { score: scoreOf(after), gpuIds };
  }
  const [from, to] = gpuRange(c, s);
  let best = -1;
  let bestScore = -1;
  for (let i = from; i < to; i++) {
    const f = c.free[i] ?? 0;
    if (f < pod.gpuMilli) continue;
    c.free[i] = f - pod.gpuMilli;
    const score = scoreOf(nodeFrag(c, s, cpuAfter));
    c.free[i] = f;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return { score: bestScore, gpuIds: [best] };
}

// One scheduling decision at a time over a ShareCluster: every node scored under the policy,
// the highest score wins, a tie goes to the node whose name sorts first. That is the tie rule of
// the Kubernetes fork the paper's simulator builds on (github.com/mental2008/kubernetes
// v1.20.5-minor, pkg/scheduler/core/generic_scheduler.go selectHost, "for reproducibility");
// upstream Kubernetes draws among the tied nodes at random, which on the openb cluster spreads
// pods over the many equal-scored empty nodes and costs FGD about 5 points of allocation. A node's
// score depends only on its own state and the pod's request, so scores are cached per (node,
// request shape) until the node changes: one bind re-scores one node, not the cluster.
import type { PodRequest, ShareCluster } from './share-cluster.js';
import { scoreNode, type NodeScore, type SharePolicy } from './share-placement.js';

export interface Placement {
  readonly node: number;
  readonly gpuIds: readonly number[];
}

export interface ShareScheduler {
  /** Where the pod goes, or undefined when no node fits it. */
  choose(pod: PodRequest): Placement | undefined;
}

export const requestKey = (p: PodRequest): string =>
  `${p.cpuMilli}/${p.memoryMib}/${p.gpus}/${p.gpuMilli}/${p.gpuModels.join('|')}`;

export function createShareScheduler(c: ShareCluster, policy: SharePolicy): ShareScheduler {
  // Node indices in name order: rank[s] < rank[t] when node s's name sorts before t's.
  const rank = new Int32Array(c.nodes.length);
  [...c.nodes.keys()]
    .sort((a, b) => ((c.nodes[a]?.name ?? '') < (c.nodes[b]?.name ?? '') ? -1 : 1))
    .forEach((s, i) => (rank[s] = i));
  const shapes = new Map<string, number>();
  const n = c.nodes.length;
  // Per shape: the node versions the cached scores belong to, and the scores (null: no fit).
  const versions: Int32Array[] = [];
  const scores: (NodeScore | null)[][] = [];
  return {
    choose(pod) {
      const key = requestKey(pod);
      let k = shapes.get(key);
      if (k === undefined) {
        k = shapes.size;
        shapes.set(key, k);
        versions.push(new Int32Array(n).fill(-1));
        scores.push(new Array<NodeScore | null>(n).fill(null));
      }
      const version = versions[k] ?? new Int32Array(0);
      const cached = scores[k] ?? [];
      let best = -1;
      let bestScore = -Infinity;
      for (let s = 0; s < n; s++) {
        const v = c.version[s] ?? 0;
        if (version[s] !== v) {
          cached[s] = scoreNode(c, s, pod, policy) ?? null;
          version[s] = v;
        }
        const ns = cached[s];
        if (!ns) continue;
        if (
          ns.score > bestScore ||
          (ns.score === bestScore && (rank[s] ?? 0) < (rank[best] ?? 0))
        ) {
          bestScore = ns.score;
          best = s;
        }
      }
      const chosen = best < 0 ? null : cached[best];
      return chosen ? { node: best, gpuIds: chosen.gpuIds } : undefined;
    },
  };
}

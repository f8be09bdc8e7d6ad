// The task distribution fragmentation is measured against (Weng et al., "Beware of
// Fragmentation", USENIX ATC'23, section 4): the pod shapes of the workload, each with its share
// of the pods. As in the paper's simulator (hkust-adsl/kubernetes-scheduler-simulator,
// pkg/utils/frag.go GetTypicalPods, run with isInvolvedCpuPods true, podPopularityThreshold 95,
// podIncreaseStep 1), the most frequent shapes that together cover 95% of the pods are kept and
// their shares renormalised; CPU-only pods count (a GPU is of no use to them).
import type { OpenbPod } from './pod-list.js';

export interface PodShape {
  readonly cpuMilli: number;
  readonly gpus: number;
  readonly gpuMilli: number;
  /** Allowed GPU models; empty: any. */
  readonly gpuModels: readonly string[];
}

export interface TypicalPod extends PodShape {
  /** Share of the typical pods, summing to 1. */
  readonly share: number;
}

const shapeKey = (p: PodShape) => `${p.cpuMilli}/${p.gpus}/${p.gpuMilli}/${p.gpuModels.join('|')}`;

/** Most frequent pod shapes covering `coverage` of the pods, shares renormalised to 1. */
export function typicalPods(pods: readonly PodShape[], coverage = 0.95): TypicalPod[] {
  if (pods.length === 0) throw new Error('typical pods: the pod list is empty');
  if (!(coverage > 0 && coverage <= 1))
    throw new Error(`typical pods: coverage must be in (0, 1], got ${coverage}`);
  const counts = new Map<string, { shape: PodShape; count: number }>();
  for (const p of pods) {
    const k = shapeKey(p);
    const c = counts.get(k);
    if (c) c.count++;
    else
      counts.set(k, {
        shape: { cpuMilli: p.cpuMilli, gpus: p.gpus, gpuMilli: p.gpuMilli, gpuModels: p.gpuModels },
        count: 1,
      });
  }
  // Most frequent first; ties: the larger shape first (the simulator's reverse sort).
  const sorted = [...counts.values()].sort(
    (a, b) =>
      b.count - a.count ||
      b.shape.cpuMilli - a.shape.cpuMilli ||
      b.shape.gpuMilli - a.shape.gpuMilli ||
      b.shape.gpus - a.shape.gpus ||
      (shapeKey(b.shape) < shapeKey(a.shape) ? -1 : 1),
  );
  const kept: { shape: PodShape; count: number }[] = [];
  let covered = 0;
  for (const s of sorted) {
    if (covered >= coverage * pods.length) break;
    kept.push(s);
    covered += s.count;
  }
  return kept.map((s) => ({ ...s.shape, share: s.count / covered }));
}

/** The shape of a pod (what the typical-pod distribution counts). */
export const podShape = (p: OpenbPod): PodShape => ({
  cpuMilli: p.cpuMilli,
  gpus: p.gpus,
  gpuMilli: p.gpuMilli,
  gpuModels: p.gpuModels,
});

// GPU fragmentation of a node against a task distribution (Weng et al., "Beware of
// Fragmentation", USENIX ATC'23, section 4.1, eq. 1-3): F_n(M) = sum over task shapes m of
// p_m * F_n(m), where F_n(m) is the node's unallocated GPU capacity task m cannot use: all of it
// when m cannot run there (too little CPU, too few GPUs with room, a GPU model m may not use, or
// m asks for no GPU), else the GPUs whose free share is below m's per-GPU request. Measured in
// thousandths of a GPU, as the paper's simulator does (pkg/utils/frag.go
// NodeGpuShareFragAmountScore).
import type { TypicalPod } from './typical-pods.js';

/** The typical pods as one GPU model sees them. */
export interface FragmentationModel {
  /** Share of the pods that can use none of this model's GPUs (CPU-only or another model). */
  readonly unusableShare: number;
  readonly gpuMilli: Int32Array;
  readonly gpus: Int32Array;
  readonly cpuMilli: Int32Array;
  readonly share: Float64Array;
}

export function fragmentationModel(
  typical: readonly TypicalPod[],
  model: string,
): FragmentationModel {
  const usable = typical.filter(
    (t) => t.gpus > 0 && (t.gpuModels.length === 0 || t.gpuModels.includes(model)),
  );
  let unusableShare = 0;
  for (const t of typical) if (!usable.includes(t)) unusableShare += t.share;
  return {
    unusableShare,
    gpuMilli: Int32Array.from(usable, (t) => t.gpuMilli),
    gpus: Int32Array.from(usable, (t) => t.gpus),
    cpuMilli: Int32Array.from(usable, (t) => t.cpuMilli),
    share: Float64Array.from(usable, (t) => t.share),
  };
}

/**
 * F_n(M) of one node, in thousandths of a GPU: `free[from..from+count)` are its GPUs' free
 * thousandths, `cpuLeft` its unallocated CPU (milli).
 */
export function nodeFragmentationMilli(
  free: ArrayLike<number>,
  from: number,
  count: number,
  cpuLeft: number,
  fm: FragmentationModel,
): number {
  let total = 0;
  for (let i = from; i < from + count; i++) total += free[i] ?? 0;
  if (total === 0) return 0;
  let frag = total * fm.unusableShare;
  const n = fm.share.length;
  for (let k = 0; k < n; k++) {
    const need = fm.gpuMilli[k] ?? 0;
    const share = fm.share[k] ?? 0;
    if (cpuLeft < (fm.cpuMilli[k] ?? 0)) {
      frag += share * total;
      continue;
    }
    let fitting = 0;
    let tooSmall = 0;
    for (let i = from; i < from + count; i++) {
      const f = free[i] ?? 0;
      if (f >= need) fitting++;
      else tooSmall += f;
    }
    frag += share * (fitting >= (fm.gpus[k] ?? 0) ? tooSmall : total);
  }
  return frag;
}

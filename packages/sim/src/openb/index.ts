// GPU sharing on the Alibaba openb cluster (Weng et al., "Beware of Fragmentation", USENIX
// ATC'23): its node and pod lists, the fragmentation measure, best-fit and FGD placement, the
// paper's packing experiment and a replay of the pod list in time.
export { readOpenbNodeList, type OpenbNode } from './node-list.js';
export { readOpenbPodList, type OpenbPod } from './pod-list.js';
export { typicalPods, podShape, type PodShape, type TypicalPod } from './typical-pods.js';
export {
  fragmentationModel,
  nodeFragmentationMilli,
  type FragmentationModel,
} from './fragmentation.js';
export {
  createShareCluster,
  clusterFragMilli,
  bind as bindPod,
  release as releasePod,
  type PodRequest,
  type ShareCluster,
} from './share-cluster.js';
export { SHARE_POLICIES, scoreNode, type NodeScore, type SharePolicy } from './share-placement.js';
export { createShareScheduler, type Placement, type ShareScheduler } from './share-scheduler.js';
export {
  runPackingExperiment,
  inflatedArrivals,
  type PackingOptions,
  type PackingResult,
} from './packing-experiment.js';
export { replayDelays, tracePeakAllocatedPct, type DelayReplay } from './delay-replay.js';

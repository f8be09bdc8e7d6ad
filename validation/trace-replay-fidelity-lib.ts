// Real traces replayed by packages/sim, against what was published or recorded (issue 16,
// "Real traces"). The trace files are the repository's copies (packages/sim/test-data/traces).
//
// - Packing (Weng et al., "Beware of Fragmentation", USENIX ATC'23, section 6.1): the openb
//   default pod list, and its gpushare100 resample (every GPU pod shares a GPU), on their node
//   list, pods arriving without departures until 1.3 x the GPU capacity has been asked for,
//   under best-fit and FGD; allocated and fragmented GPU share at the end against the authors'
//   results (validation/simulation/openb-fgd-published.json: means of their seeds 42-51). Our
//   seeds drive our own shuffle, not Go's, so the arrival orders differ: the comparison is of
//   the means, and the authors' ten seeds spread over 0.4-0.6 points of allocation. Both
//   figures match within about half a point of allocation; see trace-replay-fidelity.test.ts
//   for the bounds. The match needs the paper's tie rule (the node
//   whose name sorts first); with upstream Kubernetes' random ties FGD loses about 5 points.
// - Scheduling delay: the same pod list replayed in time (creation -> placement), against the
//   trace's own creation -> scheduled times. These do not match, and cannot: the 8,152 pods
//   are a sample of the cluster's work and never hold more than about 1% of its GPUs at once
//   (the trace's own schedule, the peak row), so on the empty node list every pod is placed the
//   moment it arrives (0 s at every quantile), while the trace's delays (median 2 s, p90 about
//   100 s) come from the rest of the production load sharing those nodes, quotas, and the
//   Kubernetes control plane's own latency, none of which the trace records. Likewise the 897
//   pods the trace never scheduled all fit in the replay.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  quantile,
  readOpenbNodeList,
  readOpenbPodList,
  replayDelays,
  runPackingExperiment,
  type SharePolicy,
} from '@aidc/sim';
import { simulationComparison, type Comparison } from './fidelity-lib.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TRACES = join(root, 'packages', 'sim', 'test-data', 'traces');
const PUBLISHED = join(root, 'validation', 'simulation', 'openb-fgd-published.json');

/** Our seeds for the packing runs (two of the paper's ten seed numbers: ~13 s for both traces). */
export const PACKING_SEEDS = [42, 43] as const;
/** The pod lists replayed, as named in the trace (packages/sim/test-data/traces/<name>.csv). */
export const PACKING_TRACES = ['openb_pod_list_default', 'openb_pod_list_gpushare100'] as const;
type PackingTrace = (typeof PACKING_TRACES)[number];

interface SourcedFigure {
  readonly value: number;
  readonly source: string;
  readonly confidence: string;
}
interface PublishedPacking {
  readonly bestFitAllocatedPct: SourcedFigure;
  readonly fgdAllocatedPct: SourcedFigure;
  readonly bestFitFragmentedPct: SourcedFigure;
  readonly fgdFragmentedPct: SourcedFigure;
}
interface PublishedFile {
  readonly traces: Readonly<Record<PackingTrace, PublishedPacking>>;
}

const row = simulationComparison;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function openbInputs(podList: PackingTrace) {
  const nodes = readOpenbNodeList(
    readFileSync(join(TRACES, 'openb_node_list_gpu_node.csv'), 'utf8'),
  );
  const pods = readOpenbPodList(readFileSync(join(TRACES, `${podList}.csv`), 'utf8'));
  return { nodes, pods };
}

export function openbPackingComparisons(): Comparison[] {
  const file = JSON.parse(readFileSync(PUBLISHED, 'utf8')) as PublishedFile;
  return PACKING_TRACES.flatMap((trace) => packingRows(trace, file.traces[trace]));
}

function packingRows(trace: PackingTrace, published: PublishedPacking): Comparison[] {
  const { nodes, pods } = openbInputs(trace);
  const id = (what: string) => `${trace.replace('openb_pod_list_', 'openb-')}-packing-${what}`;
  const run = (policy: SharePolicy) =>
    PACKING_SEEDS.map((seed) => runPackingExperiment(nodes, pods, { policy, seed }));
  const bestFit = run('best-fit');
  const fgd = run('fgd');
  const allocated = (rs: typeof bestFit) => mean(rs.map((r) => r.finalAllocatedPct));
  const fragmented = (rs: typeof bestFit) => mean(rs.map((r) => r.finalFragmentedPct));
  const at130 = 'at 130% of GPUs asked for (ATC23';
  return [
    row(
      id('best-fit'),
      `GPUs allocated, % ${at130} Fig. 9a)`,
      published.bestFitAllocatedPct.value,
      allocated(bestFit),
    ),
    row(
      id('fgd'),
      `GPUs allocated, % ${at130} Fig. 9a)`,
      published.fgdAllocatedPct.value,
      allocated(fgd),
    ),
    row(
      id('best-fit'),
      `GPU capacity fragmented, % ${at130} Fig. 7a)`,
      published.bestFitFragmentedPct.value,
      fragmented(bestFit),
    ),
    row(
      id('fgd'),
      `GPU capacity fragmented, % ${at130} Fig. 7a)`,
      published.fgdFragmentedPct.value,
      fragmented(fgd),
    ),
    row(
      id('fgd-vs-best-fit'),
      'unallocated GPUs, FGD / best-fit',
      (100 - published.fgdAllocatedPct.value) / (100 - published.bestFitAllocatedPct.value),
      (100 - allocated(fgd)) / (100 - allocated(bestFit)),
    ),
  ];
}

export function openbDelayComparisons(): Comparison[] {
  const { nodes, pods } = openbInputs('openb_pod_list_default');
  const r = replayDelays(nodes, pods, 'best-fit');
  const sorted = (a: Float64Array) => Float64Array.from(a).sort();
  const sim = sorted(r.delaysS);
  const trace = sorted(r.traceDelaysS);
  const id = 'openb-default-replay-best-fit';
  return [
    ...[0.5, 0.9, 0.99].map((q) =>
      row(
        id,
        `scheduling delay p${q * 100}, s (trace-recorded)`,
        quantile(trace, q),
        quantile(sim, q),
      ),
    ),
    row(id, 'pods never scheduled (trace-recorded)', r.traceNeverScheduled, r.gaveUp),
    row(
      id,
      "peak GPUs allocated, % (the trace's own schedule)",
      r.tracePeakAllocatedPct,
      r.peakAllocatedPct,
    ),
  ];
}

export function traceReplayComparisons(): Comparison[] {
  return [...openbPackingComparisons(), ...openbDelayComparisons()];
}

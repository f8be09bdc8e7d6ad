// Hand-checkable cases for the openb modules: the readers' errors, the fragmentation measure on
// two nodes, best-fit against FGD on the same choice, the packing experiment and the time replay
// on one GPU. The real trace is replayed in validation/trace-replay-fidelity.test.ts.
import { describe, expect, it } from 'vitest';
import { TraceError } from '../jobs/job.js';
import { replayDelays } from './delay-replay.js';
import { fragmentationModel, nodeFragmentationMilli } from './fragmentation.js';
import { readOpenbNodeList, type OpenbNode } from './node-list.js';
import { seededRandom } from '../random.js';
import { inflatedArrivals, runPackingExperiment } from './packing-experiment.js';
import { readOpenbPodList, type OpenbPod } from './pod-list.js';
import { bind, clusterFragMilli, createShareCluster } from './share-cluster.js';
import { scoreNode } from './share-placement.js';
import { createShareScheduler } from './share-scheduler.js';
import { typicalPods, type TypicalPod } from './typical-pods.js';

const POD_HEADER =
  'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time';

describe('openb node list', () => {
  it('reads each node: CPU, memory, GPUs and their model', () => {
    const nodes = readOpenbNodeList(
      'sn,cpu_milli,memory_mib,gpu,model\nn0,64000,262144,2,P100\nn1,96000,393216,8,G2\n',
    );
    expect(nodes).toEqual([
      { name: 'n0', cpuMilli: 64000, memoryMib: 262144, gpus: 2, model: 'P100' },
      { name: 'n1', cpuMilli: 96000, memoryMib: 393216, gpus: 8, model: 'G2' },
    ]);
  });
  it('names the line and column of a bad cell, a missing column and a short row', () => {
    const bad = 'sn,cpu_milli,memory_mib,gpu,model\nn0,64000,262144,2,P100\nn1,96000,393216,x,G2\n';
    expect(() => readOpenbNodeList(bad)).toThrow(TraceError);
    expect(() => readOpenbNodeList(bad)).toThrow(
      'line 3, gpu: expected a whole number of 0 or more, found "x"',
    );
    expect(() => readOpenbNodeList('sn,cpu_milli,memory_mib,gpu\nn0,1,1,1\n')).toThrow(
      /^line 1, model: missing column \(expected sn,cpu_milli,memory_mib,gpu,model; found sn,cpu_milli,memory_mib,gpu\)$/,
    );
    expect(() => readOpenbNodeList('sn,cpu_milli,memory_mib,gpu,model\nn0,1,1\n')).toThrow(
      'line 2, row: 3 fields, the header has 5',
    );
    expect(() => readOpenbNodeList('sn,cpu_milli,memory_mib,gpu,model\nn0,8000,1,2,\n')).toThrow(
      'line 2, model: a node with 2 GPUs needs a GPU model',
    );
  });
});

describe('openb pod list', () => {
  it('reads resources, allowed GPU models and times; an unscheduled pod has no scheduledS', () => {
    const pods = readOpenbPodList(
      `${POD_HEADER}\np0,12000,16384,1,460,V100M16|V100M32,LS,Running,5,900,7\np1,4000,8192,2,1000,,BE,Pending,10,50,\n`,
    );
    expect(pods[0]).toEqual({
      name: 'p0',
      cpuMilli: 12000,
      memoryMib: 16384,
      gpus: 1,
      gpuMilli: 460,
      gpuModels: ['V100M16', 'V100M32'],
      creationS: 5,
      deletionS: 900,
      scheduledS: 7,
    });
    expect(pods[1]?.scheduledS).toBeUndefined();
  });
  it('names the line and column of a share on a multi-GPU pod and of times out of order', () => {
    expect(() =>
      readOpenbPodList(
        `${POD_HEADER}\np0,1,1,1,500,,LS,Running,0,9,0\np1,1,1,2,500,,LS,Running,0,9,0\n`,
      ),
    ).toThrow('line 3, gpu_milli: a 2-GPU pod must take whole GPUs (1000), found 500');
    expect(() => readOpenbPodList(`${POD_HEADER}\np0,1,1,1,500,,LS,Running,10,9,10\n`)).toThrow(
      'line 2, deletion_time: 9 is before scheduled_time 10',
    );
    expect(() => readOpenbPodList(`${POD_HEADER}\np0,1,1,1,500,,LS,Running,10,90,5\n`)).toThrow(
      'line 2, scheduled_time: 5 is before creation_time 10',
    );
  });
});

describe('typical pods', () => {
  it('keeps the most frequent shapes covering the coverage, shares renormalised', () => {
    const shape = (cpuMilli: number, gpuMilli: number) => ({
      cpuMilli,
      gpus: gpuMilli > 0 ? 1 : 0,
      gpuMilli,
      gpuModels: [],
    });
    // 5 x A, 3 x B, 2 x C: 80% coverage keeps A and B (8 of 10 pods): 5/8 and 3/8.
    const pods = [
      ...Array.from({ length: 5 }, () => shape(2000, 500)),
      ...Array.from({ length: 3 }, () => shape(4000, 1000)),
      ...Array.from({ length: 2 }, () => shape(8000, 0)),
    ];
    const t = typicalPods(pods, 0.8);
    expect(t.map((p) => [p.cpuMilli, p.share])).toEqual([
      [2000, 5 / 8],
      [4000, 3 / 8],
    ]);
    expect(typicalPods(pods, 1).length).toBe(3);
  });
});

// Typical pods A (2 CPU, half a GPU) and B (4 CPU, a whole GPU), half each.
const A: TypicalPod = { cpuMilli: 2000, gpus: 1, gpuMilli: 500, gpuModels: [], share: 0.5 };
const B: TypicalPod = { cpuMilli: 4000, gpus: 1, gpuMilli: 1000, gpuModels: [], share: 0.5 };
const node = (name: string, cpuMilli: number, gpus: number): OpenbNode => ({
  name,
  cpuMilli,
  memoryMib: 1 << 20,
  gpus,
  model: 'T4',
});

describe('fragmentation F_n(M) (Weng et al. 2023, eq. 1-3)', () => {
  it('on two nodes, by hand', () => {
    const fm = fragmentationModel([A, B], 'T4');
    // N1: GPUs free 1000 and 300 milli, 8 CPUs left. A fits (one GPU >= 500) and cannot use the
    // 300 left on GPU 1; B fits (one whole GPU) and cannot use it either: 0.5*300 + 0.5*300 = 300.
    expect(nodeFragmentationMilli([1000, 300], 0, 2, 8000, fm)).toBeCloseTo(300, 9);
    // N2: two whole GPUs, 3 CPUs left. A fits with nothing stranded; B lacks CPU, so all 2000 milli
    // are unusable to it: 0.5*0 + 0.5*2000 = 1000.
    expect(nodeFragmentationMilli([1000, 1000], 0, 2, 3000, fm)).toBeCloseTo(1000, 9);
    // A CPU-only shape can use no GPU: with A and a CPU-only shape half each, N1 is
    // 0.5*300 + 0.5*1300 = 800.
    const cpuOnly: TypicalPod = { cpuMilli: 1000, gpus: 0, gpuMilli: 0, gpuModels: [], share: 0.5 };
    expect(
      nodeFragmentationMilli([1000, 300], 0, 2, 8000, fragmentationModel([A, cpuOnly], 'T4')),
    ).toBeCloseTo(800, 9);
    // A shape limited to another model cannot use these GPUs at all: 0.5*300 + 0.5*1300.
    const v100Only: TypicalPod = { ...B, gpuModels: ['V100M32'] };
    expect(
      nodeFragmentationMilli([1000, 300], 0, 2, 8000, fragmentationModel([A, v100Only], 'T4')),
    ).toBeCloseTo(800, 9);
  });

  it('best-fit packs onto the fuller node, FGD onto the one it fragments less', () => {
    const cluster = createShareCluster([node('n1', 8000, 2), node('n2', 3000, 2)], [A, B]);
    // 700 milli of n1's second GPU (global GPU 1) taken, no CPU: n1 as in the test above.
    const filler = { cpuMilli: 0, memoryMib: 0, gpus: 1, gpuMilli: 700, gpuModels: [] };
    bind(cluster, 0, filler, [1]);
    expect(cluster.fragMilli[0]).toBeCloseTo(300, 9);
    expect(cluster.fragMilli[1]).toBeCloseTo(1000, 9);
    expect(clusterFragMilli(cluster)).toBeCloseTo(1300, 9);
    const pod = { cpuMilli: 1000, memoryMib: 0, gpus: 1, gpuMilli: 500, gpuModels: [] };
    // Best fit, 100 x (1 - (CPU slack / 128 CPUs + GPU slack / 8 GPUs) / 2), floored:
    // n1: 1 - (7000/128000 + 800/8000)/2 = 0.92266 -> 92; n2: 1 - (2000/128000 + 1500/8000)/2
    // = 0.89844 -> 89.
    expect(scoreNode(cluster, 0, pod, 'best-fit')).toEqual({ score: 92, gpuIds: [0] });
    expect(scoreNode(cluster, 1, pod, 'best-fit')?.score).toBe(89);
    // FGD, 100 x sigmoid((F before - F after) / 1000), floored. n1, GPU 0 (GPU 1's 300 is too
    // little): free 500 and 300, 7 CPUs: A strands 300, B can use no GPU (800):
    // F = 0.5*300 + 0.5*800 = 550, drop -250 -> 100 x sigmoid(-0.25) = 43.78 -> 43.
    // n2, GPU 2: free 500 and 1000, 2 CPUs: A strands nothing, B lacks CPU (1500):
    // F = 750, drop +250 -> 56.22 -> 56.
    expect(scoreNode(cluster, 0, pod, 'fgd')).toEqual({ score: 43, gpuIds: [0] });
    expect(scoreNode(cluster, 1, pod, 'fgd')).toEqual({ score: 56, gpuIds: [2] });
    expect(createShareScheduler(cluster, 'best-fit').choose(pod)?.node).toBe(0);
    expect(createShareScheduler(cluster, 'fgd').choose(pod)?.node).toBe(1);
    // A pod no node fits.
    expect(createShareScheduler(cluster, 'fgd').choose({ ...pod, cpuMilli: 9000 })).toBeUndefined();
  });

  it('a tie goes to the node whose name sorts first, whatever the list order', () => {
    const cluster = createShareCluster([node('b', 8000, 1), node('a', 8000, 1)], [A]);
    const pod = { cpuMilli: 1000, memoryMib: 0, gpus: 1, gpuMilli: 500, gpuModels: [] };
    expect(createShareScheduler(cluster, 'fgd').choose(pod)?.node).toBe(1);
    expect(createShareScheduler(cluster, 'best-fit').choose(pod)?.node).toBe(1);
  });
});

const pod = (p: Partial<OpenbPod> & { name: string }): OpenbPod => ({
  cpuMilli: 1000,
  memoryMib: 1024,
  gpus: 1,
  gpuMilli: 1000,
  gpuModels: [],
  creationS: 0,
  deletionS: 100,
  scheduledS: 0,
  ...p,
});

const neverScheduled = ({ scheduledS: _, ...p }: OpenbPod): OpenbPod => p;

describe('packing experiment (Weng et al. 2023, section 6.1)', () => {
  it('one GPU: pods to 1.3 x its capacity, the second 600-milli pod does not fit', () => {
    // One 600-milli pod asks 60%; one copy more makes 120%, a third would pass 130%.
    const r = runPackingExperiment([node('n', 8000, 1)], [pod({ name: 'p', gpuMilli: 600 })], {
      policy: 'fgd',
      seed: 1,
    });
    expect(r.pods).toBe(2);
    expect(r.unplaced).toBe(1);
    expect(r.finalAllocatedPct).toBeCloseTo(60, 9);
    // The 400 milli left are too little for the only typical shape (600): all fragmented.
    expect(r.finalFragmentedPct).toBeCloseTo(40, 9);
    // Points 0..120: after the first pod (asked 60%) 60% is allocated, and still after the second.
    expect(r.allocatedPct.length).toBe(121);
    expect(r.allocatedPct[120]).toBeCloseTo(60, 9);
  });
  it('a trace asking for more than the target loses random pods until it fits', () => {
    // Three 600-milli pods ask 180% of one GPU; at inflation 1.3 one goes (120%).
    const pods = ['a', 'b', 'c'].map((name) => pod({ name, gpuMilli: 600 }));
    const order = inflatedArrivals(pods, 1000, 1.3, seededRandom(7));
    expect(order.length).toBe(2);
    expect(new Set(order.map((p) => p.name)).size).toBe(2);
  });
  it('refuses an inflation out of range and an empty pod list', () => {
    const n = [node('n', 8000, 1)];
    expect(() => runPackingExperiment(n, [], { policy: 'fgd', seed: 1 })).toThrow(/empty/);
    expect(() =>
      runPackingExperiment(n, [pod({ name: 'p' })], { policy: 'fgd', seed: 1, inflation: 0 }),
    ).toThrow('packing experiment: inflation must be in (0, 10], got 0');
  });
});

describe('delay replay on one GPU', () => {
  it('a pod waits for the one before it to leave; a pod never scheduled gives up', () => {
    const r = replayDelays(
      [node('n', 8000, 1)],
      [
        pod({ name: 'a', creationS: 0, scheduledS: 0, deletionS: 100 }), // runs 100 s
        pod({ name: 'b', creationS: 10, scheduledS: 10, deletionS: 60 }), // runs 50 s
        neverScheduled(pod({ name: 'c', creationS: 20, deletionS: 50 })),
      ],
      'best-fit',
    );
    // b waits from 10 s until a leaves at 100 s: 90 s. c gives up at 50 s.
    expect([...r.delaysS]).toEqual([0, 90]);
    expect([...r.traceDelaysS]).toEqual([0, 0]);
    expect(r.gaveUp).toBe(1);
    expect(r.traceNeverScheduled).toBe(1);
    // The replay holds at most the one GPU; the trace's own schedule overlapped a and b (200%).
    expect(r.peakAllocatedPct).toBeCloseTo(100, 9);
    expect(r.tracePeakAllocatedPct).toBeCloseTo(200, 9);
  });
});

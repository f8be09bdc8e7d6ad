// The simulation loop: jobs arrive, a policy starts them on places the placement finds, servers
// fail and are repaired, and the clock jumps from event to event ((time, sequence) order). Pure:
// the same input gives the same result, bit for bit.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- the hot loop indexes typed arrays
   sized to the cluster, the job list or the heap, always within range by construction. */
import {
  createAllocation,
  releaseGpu,
  releaseWholeGpus,
  serverDown,
  serverUp,
  WHOLE,
} from './cluster/allocation.js';
import type { SimCluster } from './cluster/cluster.js';
import { emptyPlaced, place, type Placement } from './cluster/placement.js';
import { createEventQueue, type PoppedEvent } from './engine/event-queue.js';
import { jobTable, type JobTable, type SimJob } from './jobs/job.js';
import { maxRunning } from './max-running.js';
import { deriveSeed, exponential, seededRandom } from './random.js';
import {
  schedulingPolicy,
  withQuotas,
  type PolicyName,
  type SchedulerView,
} from './schedulers/index.js';
import { desiredReplicas, type ServiceModel } from './services/service-model.js';
import type { ReplicaChange } from './services/requests.js';
import { distribution, distributionInPlace, type Distribution } from './stats.js';
import {
  throttleLimits,
  throttledFraction,
  throughputAt,
  type ThroughputPoint,
} from './power-throttle.js';

export interface FailureModel {
  /** Job-stopping failures per server per day. */
  readonly perServerPerDay: number;
  /** Share of them that take the server out until repaired (the rest are software faults). */
  readonly hardwareShare: number;
  readonly repairS: number;
  /** Detection and restart per interruption, seconds. */
  readonly restartS: number;
}

export interface PowerModel {
  /** Facility kW per GPU (IT x PUE) when busy and when idle. */
  readonly busyKWPerGpu: number;
  readonly idleKWPerGpu: number;
  /** Facility power over IT power (default 1: the figures above are IT power). */
  readonly pue?: number | undefined;
  /** Facility power available, MW: work that would draw more waits (is deferred) until it fits,
   *  or, under `capPolicy: throttle`, runs slower on power-capped GPUs. */
  readonly capMW?: number | undefined;
  /** What the cap does to work beyond it: `defer` (the default) holds it in the queue until it
   *  fits; `throttle` caps every busy GPU to the share of its draw that fits, the jobs progressing
   *  at `throughputCurve`'s throughput for that share, and defers only below the curve's floor. */
  readonly capPolicy?: 'defer' | 'throttle' | undefined;
  /** Throughput against draw, shares of the uncapped GPU's, lowest draw first (for `throttle`). */
  readonly throughputCurve?: readonly ThroughputPoint[] | undefined;
}

/** What throttling under the power cap did (`capPolicy: throttle`). */
export interface PowerThrottleOutcome {
  /** The lowest share of its full draw a busy GPU was allowed (the curve's floor): the cap
   *  holds work beyond it in the queue, as deferring does. */
  readonly floorPowerFraction: number;
  /** Throughput at the floor. */
  readonly floorThroughput: number;
  /** Simulated hours the cap throttled the busy GPUs (their draw below the uncapped one). */
  readonly throttledHours: number;
  /** Simulated hours the busy GPUs were so near the floor that another GPU's work could not
   *  start: work beyond it waited, as under `defer`. */
  readonly deferringHours: number;
  /** The lowest draw share reached. */
  readonly lowestPowerFraction: number;
  /** Throughput of the busy GPU capacity, averaged over its busy time (1: never throttled). */
  readonly meanThroughputFactor: number;
}

/** What one team's jobs got: the GPU time they held and how long they waited. */
export interface TeamOutcome {
  readonly jobs: number;
  /** GPU-hours its jobs held (a share of a GPU counts as that share). */
  readonly gpuHours: number;
  /** GPUs its running jobs may hold at most, when it has a quota. */
  readonly quotaGpus?: number;
  /** Its GPU-hours over quota x simulated hours, when it has a quota. */
  readonly quotaUse?: number;
  readonly queueDelayS: Distribution;
}

export interface SimulationInput {
  readonly cluster: SimCluster;
  /** In submission order: objects, or a table (a generated stream of millions). */
  readonly jobs: readonly SimJob[] | JobTable;
  readonly horizonS: number;
  readonly seed: number;
  readonly policy: PolicyName;
  readonly placement: Placement;
  readonly failures?: FailureModel | undefined;
  readonly power: PowerModel;
  /** Time-series sample interval (default: hourly, or horizon/2000 when that is longer). */
  readonly sampleEveryS?: number | undefined;
  /** Jobs submitted before this are run but left out of the job statistics and utilisation. */
  readonly warmupS?: number | undefined;
  /** Online services: replicas autoscaled on the cluster, preempting training to scale up. */
  readonly services?: readonly ServiceModel[] | undefined;
  /** GPUs each team's running jobs may hold at most (teams not listed: no limit). */
  readonly quotas?: Readonly<Record<string, number>> | undefined;
}

/** What a service's replicas did on the cluster. */
export interface ServiceReplicas {
  readonly workload: string;
  /** Replicas serving at each time-series sample. */
  readonly replicas: number[];
  /** Replicas the autoscaler asked for at each sample. */
  readonly desired: number[];
  /** Every replica start and stop, in time order (the requests' view of the fleet). */
  readonly changes: ReplicaChange[];
  readonly gpuHours: number;
  /** GPU-hours below maxReplicas (what a fleet sized for the peak would hold), left to jobs. */
  readonly lentGpuHours: number;
  /** Training jobs stopped to make room for a replica (each back to its last checkpoint). */
  readonly preemptions: number;
  /** Replica-hours the autoscaler asked for but could not place (no GPUs or power). */
  readonly shortfallReplicaHours: number;
}

export interface SimulationResult {
  readonly events: number;
  readonly simulatedDays: number;
  /** GPU capacity allocated to jobs over [warmup, horizon]. */
  readonly utilization: number;
  readonly queueDelayS: Distribution;
  /** By job priority, when the jobs have more than one (keyed by the priority). */
  readonly queueDelayByPriorityS?: Readonly<Record<string, Distribution>>;
  /** By team, when the jobs name teams: GPU-hours held, the quota and the queue delay. */
  readonly teams?: Readonly<Record<string, TeamOutcome>>;
  readonly jctS: Distribution;
  /** Bounded slowdown: max(1, JCT / max(run time, 10 s)). */
  readonly slowdown: Distribution;
  /** Useful work (saved or completed) / GPU time allocated. */
  readonly goodput: number;
  /** Time-averaged share of the free GPUs that sit on partly used servers. */
  readonly fragmentation: number;
  readonly jobs: {
    readonly submitted: number;
    readonly completed: number;
    /** Jobs a failure interrupted at least once (each restarted from its last checkpoint). */
    readonly failed: number;
    readonly preempted: number;
    readonly pending: number;
    readonly running: number;
    /** Larger than the whole cluster, than the power cap allows or than the team's quota. */
    readonly rejected: number;
  };
  readonly failures: {
    readonly serverFailures: number;
    readonly jobInterruptions: number;
    readonly repairs: number;
  };
  readonly placement: {
    /** Jobs on more than one server, and the leaf groups and scale-up domains they spanned. */
    readonly multiServerJobs: number;
    readonly meanLeafGroups: number;
    readonly meanDomains: number;
  };
  readonly energyMWh: number;
  readonly timeseries: {
    readonly tHours: number[];
    readonly busyGpus: number[];
    readonly pendingJobs: number[];
    readonly powerMW: number[];
    /** IT power (facility power over the PUE). */
    readonly itPowerMW: number[];
  };
  /** Highest facility power drawn at any moment. */
  readonly peakPowerMW: number;
  readonly itEnergyMWh: number;
  /** Facility energy of each simulated day (the last one partial when the days are). */
  readonly energyPerDayMWh: number[];
  readonly services: ServiceReplicas[];
  /** Under `capPolicy: throttle` with a cap. */
  readonly powerThrottle?: PowerThrottleOutcome;
}

/** Per job, in input order (NaN when it never started or did not finish). */
export interface JobOutcomes {
  readonly firstStartS: Float64Array;
  readonly finishS: Float64Array;
  readonly interruptions: Int32Array;
  /** Times a job was stopped to make room for a service replica or a higher priority. */
  readonly preemptions: Int32Array;
}

export interface SimulationRun {
  readonly result: SimulationResult;
  readonly outcomes: JobOutcomes;
}

const ARRIVAL = 0;
const FINISH = 1;
const FAIL = 2;
const REPAIR = 3;
const SAMPLE = 4;
const SCALE = 5;
const REPLICA_RESTART = 6;
const REPLICA_READY = 7;

/** Bounded slowdown's threshold (Feitelson, Rudolph, Schwiegelshohn, Sevcik & Wong 1997,
 *  "Theory and practice in parallel job scheduling", JSSPP): 10 s. */
const SLOWDOWN_BOUND_S = 10;
const MAX_SAMPLES = 2000;

/** Days the per-day energy spans (the last one partial when the days are). */
const dayMilliSLength = (horizonS: number) => Math.ceil(horizonS / 86_400 - 1e-9);

/** A job table's column of `count` jobs as `length` entries: the column itself when there is
 *  nothing past the jobs, else a copy with `rest` past them. */
function column<T extends Float64Array | Int32Array>(
  src: T,
  count: number,
  length: number,
  rest: number,
): T {
  if (length === count) return src;
  const out = new (src.constructor as new (n: number) => T)(length);
  out.set(src.subarray(0, count));
  out.fill(rest, count);
  return out;
}

export function simulate(input: SimulationInput): SimulationRun {
  const { cluster, jobs, horizonS, placement } = input;
  if (!(horizonS > 0)) throw new Error('the simulated time must be above 0');
  const quotas = input.quotas && Object.keys(input.quotas).length > 0 ? input.quotas : undefined;
  const policy = quotas
    ? withQuotas(schedulingPolicy(input.policy))
    : schedulingPolicy(input.policy);
  const warmupS = input.warmupS ?? 0;
  const g = cluster.gpusPerServer;
  const allGpus = (1 << g) - 1;
  const table = 'count' in jobs ? jobs : jobTable(jobs);
  const nJobs = table.count;
  const services = input.services ?? [];
  // Each service's replicas are pseudo-jobs nJobs + firstSlot[s] + k, never queued.
  const firstSlot: number[] = [];
  let nSlots = 0;
  for (const svc of services) {
    firstSlot.push(nSlots);
    nSlots += svc.maxReplicas;
  }
  const nAll = nJobs + nSlots;
  const alloc = createAllocation(cluster);
  const events = createEventQueue(Math.max(1024, cluster.servers.length * 2));

  // Per-job state in flat arrays.
  const remaining = new Float64Array(nAll);
  const firstStart = new Float64Array(nAll).fill(NaN);
  const finish = new Float64Array(nJobs).fill(NaN);
  const interruptions = new Int32Array(nAll);
  const preemptions = new Int32Array(nAll);
  const restartPending = new Uint8Array(nAll);
  const placed = emptyPlaced();
  const serverJobs: number[][] = cluster.servers.map(() => []);
  // The jobs' figures: the table's own columns, read without copying (extended past the jobs
  // for the services' replicas, when there are services).
  const jobGpus = column(table.gpus, nJobs, nAll, 0);
  const jobMilli = column(table.gpuMilli, nJobs, nAll, 0);
  const jobSubmit = table.submitS;
  const jobTau = column(table.checkpointIntervalS, nJobs, nAll, 0);
  const jobStall = column(table.checkpointStallS, nJobs, nAll, 0);
  const jobInFlight = column(table.checkpointInFlightS, nJobs, nAll, 0);
  const jobPriority = column(table.priority, nJobs, nAll, 0);
  const jobTeam = column(table.team, nJobs, nAll, -1);
  for (let j = 0; j < nJobs; j++) {
    const duration = table.durationS[j]!;
    const submit = table.submitS[j]!;
    if (!(duration >= 0) || !(submit >= 0))
      throw new Error(`job ${table.id(j)}: run time and submission time must be 0 or more`);
    if (j > 0 && submit < table.submitS[j - 1]!)
      throw new Error('jobs must be in submission order');
  }
  remaining.set(table.durationS);
  // A running job's state is in its run record r = runOf[j] (-1 when it is not running), taken
  // from a pool as large as the most jobs that can run at once, so that what a running job's
  // events read stays together however many jobs the stream holds.
  const runOf = new Int32Array(nAll).fill(-1);
  const runs = maxRunning(table, services, cluster.servers.length * g);
  const runJob = new Int32Array(runs);
  /** Incremented when the run's scheduled finish no longer holds (its job stopped or retimed). */
  const runEpoch = new Int32Array(runs);
  const runStart = new Float64Array(runs);
  const runSetup = new Float64Array(runs);
  const endAt = new Float64Array(runs);
  /** GPU-seconds of work the run completes if it finishes (its job's remaining work x GPUs). */
  const runWork = new Float64Array(runs);
  // Where each running job is: one server and a GPU mask, one shared GPU, or whole servers.
  const heldServer = new Int32Array(runs);
  const heldMask = new Int32Array(runs);
  const heldGpu = new Int32Array(runs);
  const heldServers = new Map<number, number[]>();
  /** Free run records, the next to take last. */
  const freeRuns = new Int32Array(runs);
  for (let r = 0; r < runs; r++) freeRuns[r] = runs - 1 - r;
  let freeRunCount = runs;
  /** The runs of the running jobs and replicas, in start order but for removals (the last moves
   *  into the gap); `runPos[r]` is run r's place in it. */
  const running: number[] = [];
  const runPos = new Int32Array(runs);
  /** A service replica's restart epoch, by slot: a restart is dropped when it changed. */
  const replicaEpoch = new Int32Array(nSlots);
  const teamQuota = table.teams.map((team) => quotas?.[team] ?? Infinity);
  const teamUsed = new Float64Array(teamQuota.length);
  /** GPU-seconds each team's jobs held, counted when a job stops (and at the end for the rest). */
  const teamGpuS = new Float64Array(teamQuota.length);
  services.forEach((svc, si) => {
    for (let k = 0; k < svc.maxReplicas; k++) {
      const j = nJobs + firstSlot[si]! + k;
      jobGpus[j] = svc.gpusPerReplica;
      jobMilli[j] = WHOLE;
      jobPriority[j] = Infinity;
    }
  });
  const restartS = input.failures?.restartS ?? 0;
  // A power cap as the most GPU capacity that may be busy: P = busy b + (N - busy) i <= cap.
  const power = input.power;
  const capKW = power.capMW !== undefined ? power.capMW * 1000 : Infinity;
  const idleFloorKW = cluster.totalGpus * power.idleKWPerGpu;
  if (capKW < idleFloorKW)
    throw new Error(
      `the power cap (${(capKW / 1000).toFixed(3)} MW) is below the idle cluster's ${(idleFloorKW / 1000).toFixed(3)} MW: give at least that`,
    );
  // Throttling: busy GPUs capped down to the curve's floor, so the most busy capacity is that
  // with every busy GPU at the floor; the jobs' own clock (`work`) runs at the throughput.
  const curve = power.throughputCurve;
  if (power.capPolicy === 'throttle' && capKW !== Infinity && !curve)
    throw new Error('a throttling power cap needs a throughput curve');
  const throttle =
    power.capPolicy === 'throttle' && capKW !== Infinity && curve
      ? {
          curve,
          ...throttleLimits(
            curve,
            capKW,
            cluster.totalGpus,
            power.busyKWPerGpu,
            power.idleKWPerGpu,
          ),
        }
      : undefined;
  const maxBusyMilli = throttle
    ? throttle.maxBusyMilli
    : capKW === Infinity || power.busyKWPerGpu <= power.idleKWPerGpu
      ? Infinity
      : Math.floor(
          ((capKW - idleFloorKW) / (power.busyKWPerGpu - power.idleKWPerGpu)) * WHOLE + 1e-6,
        );
  // The jobs' clock: wall time run at the throughput of the throttled GPUs (`rate`).
  let work = 0;
  let rate = 1;
  let drawFraction = 1;
  let rateAtMilli = 0;
  const workStart = new Float64Array(throttle ? runs : 0);
  const workEnd = new Float64Array(throttle ? runs : 0);
  /** Job time run since run r's start, on the jobs' clock (wall time unless throttled). */
  const ranFor = (r: number) => (throttle ? work - workStart[r]! : now - runStart[r]!);

  const demandGpus = (j: number) => {
    const milli = jobMilli[j]!;
    if (milli < WHOLE) return milli / WHOLE;
    const gpus = jobGpus[j]!;
    return gpus > g ? Math.ceil(gpus / g) * g : gpus;
  };
  const workGpus = (j: number) => (jobGpus[j]! * jobMilli[j]!) / WHOLE;
  const runTimeS = (j: number) => {
    const w = remaining[j]!;
    const tau = jobTau[j]!;
    const checkpoints = tau > 0 ? Math.ceil(w / tau) * jobStall[j]! : 0;
    return (restartPending[j] ? restartS : 0) + w + checkpoints;
  };

  // The queue, kept sorted by (policy key, job index), in qStore[qHead, qTail) with each job's key
  // beside it in qKey: started jobs leave from the front by moving qHead, so nothing is allocated
  // per event.
  let qStore = new Int32Array(Math.max(16, Math.min(nJobs, 1 << 16)));
  let qKey = new Float64Array(qStore.length);
  let qHead = 0;
  let qTail = 0;
  const enqueue = (j: number) => {
    const k = policy.queueKey(jobSubmit[j]!, remaining[j]!, jobPriority[j]!);
    if (qTail >= qStore.length) {
      if (qHead > 0) {
        qStore.copyWithin(0, qHead, qTail);
        qKey.copyWithin(0, qHead, qTail);
        qTail -= qHead;
        qHead = 0;
      }
      if (qTail >= qStore.length) {
        const grown = new Int32Array(qStore.length * 2);
        grown.set(qStore.subarray(0, qTail));
        qStore = grown;
        const grownKey = new Float64Array(grown.length);
        grownKey.set(qKey.subarray(0, qTail));
        qKey = grownKey;
      }
    }
    let lo = qHead;
    let hi = qTail;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const km = qKey[mid]!;
      if (km < k || (km === k && qStore[mid]! < j)) lo = mid + 1;
      else hi = mid;
    }
    if (lo < qTail) {
      qStore.copyWithin(lo + 1, lo, qTail);
      qKey.copyWithin(lo + 1, lo, qTail);
    }
    qStore[lo] = j;
    qKey[lo] = k;
    qTail++;
  };

  let now = 0;
  let usefulGpuS = 0;
  let allocatedMilliS = 0;
  let windowMilliS = 0;
  let multiServerJobs = 0;
  let leafGroupsSum = 0;
  let domainsSum = 0;
  let serverFailures = 0;
  let jobInterruptions = 0;
  let repairs = 0;
  let rejected = 0;
  let submitted = 0;
  let completed = 0;
  let fragmentationSum = 0;
  let fragmentationSamples = 0;

  /** Give job j a run record, listed as running. */
  const addRunning = (j: number): number => {
    if (freeRunCount === 0) throw new Error('more jobs running than the cluster can hold');
    const r = freeRuns[--freeRunCount]!;
    runOf[j] = r;
    runJob[r] = j;
    runPos[r] = running.length;
    running.push(r);
    return r;
  };
  const removeRunning = (j: number, r: number) => {
    const at = runPos[r]!;
    const last = running.pop()!;
    if (last !== r) {
      running[at] = last;
      runPos[last] = at;
    }
    runEpoch[r] = runEpoch[r]! + 1;
    runOf[j] = -1;
    freeRuns[freeRunCount++] = r;
  };
  const leaveServer = (s: number, j: number) => {
    const list = serverJobs[s]!;
    const at = list.indexOf(j);
    list[at] = list[list.length - 1]!;
    list.pop();
  };
  /** Give back the GPUs of running job j (in run r). */
  const releaseJob = (j: number, r = runOf[j]!) => {
    if (jobTeam[j]! >= 0) {
      teamUsed[jobTeam[j]!] = teamUsed[jobTeam[j]!]! - demandGpus(j);
      teamGpuS[jobTeam[j]!] = teamGpuS[jobTeam[j]!]! + demandGpus(j) * (now - runStart[r]!);
    }
    const gpu = heldGpu[r]!;
    const server = heldServer[r]!;
    if (gpu >= 0) {
      releaseGpu(alloc, gpu, jobMilli[j]!);
      leaveServer(Math.floor(gpu / g), j);
    } else if (server >= 0) {
      releaseWholeGpus(alloc, server, heldMask[r]!);
      leaveServer(server, j);
    } else {
      for (const s of heldServers.get(j)!) {
        releaseWholeGpus(alloc, s, allGpus);
        leaveServer(s, j);
      }
      heldServers.delete(j);
    }
    removeRunning(j, r);
  };

  /** Place job or replica j and record where it is; false when it does not fit. */
  const placeJob = (j: number): boolean => {
    if (alloc.allocatedMilli + demandGpus(j) * WHOLE > maxBusyMilli) return false;
    if (!place(alloc, jobGpus[j]!, jobMilli[j]!, placement, placed)) return false;
    const r = addRunning(j);
    heldGpu[r] = placed.gpu;
    heldServer[r] = placed.server;
    heldMask[r] = placed.mask;
    if (placed.gpu >= 0) serverJobs[Math.floor(placed.gpu / g)]!.push(j);
    else if (placed.server >= 0) serverJobs[placed.server]!.push(j);
    else {
      heldServers.set(j, placed.servers);
      for (const s of placed.servers) serverJobs[s]!.push(j);
    }
    if (jobTeam[j]! >= 0) teamUsed[jobTeam[j]!] = teamUsed[jobTeam[j]!]! + demandGpus(j);
    return true;
  };
  const withinQuota = (j: number): boolean => {
    const t = jobTeam[j]!;
    return t < 0 || teamUsed[t]! + demandGpus(j) <= teamQuota[t]! + 1e-9;
  };

  const tryStart = (j: number): boolean => {
    if (!withinQuota(j) || !placeJob(j)) return false;
    if (placed.servers.length > 1 && Number.isNaN(firstStart[j]!)) {
      multiServerJobs++;
      leafGroupsSum += placed.leafGroups;
      domainsSum += placed.domains;
    }
    if (Number.isNaN(firstStart[j]!)) firstStart[j] = now;
    const r = runOf[j]!;
    runStart[r] = now;
    runSetup[r] = restartPending[j] ? restartS : 0;
    const run = runTimeS(j);
    let end: number;
    if (throttle) {
      workStart[r] = work;
      workEnd[r] = work + run;
      end = now + run / rate;
    } else end = now + run;
    restartPending[j] = 0;
    endAt[r] = end;
    runWork[r] = remaining[j]! * workGpus(j);
    events.push(end, FINISH, r, runEpoch[r]!);
    started = true;
    startedInPass++;
    return true;
  };

  let started = false;
  let startedInPass = 0;
  const runningView = () =>
    running.map((r) => {
      const j = runJob[r]!;
      return { job: j, endS: endAt[r]!, gpus: demandGpus(j), priority: jobPriority[j]! };
    });
  // Jobs a policy preempts during its pass queue again after it (the queue holds still).
  let inPass = false;
  const preemptedInPass: number[] = [];
  const view: SchedulerView & {
    now: number;
    queue: Int32Array;
    queueStart: number;
    queueEnd: number;
  } = {
    now: 0,
    queue: qStore,
    queueStart: 0,
    queueEnd: 0,
    tryStart,
    demandGpus,
    runTimeS,
    freeGpus: () => Math.min(upGpus, maxBusyMilli / WHOLE) - alloc.allocatedMilli / WHOLE,
    running: runningView,
    priority: (j) => jobPriority[j]!,
    lostIfStopped: (j) => lostIfStopped(j),
    preempt: (j) => {
      if (j >= nJobs || runOf[j]! < 0) throw new Error(`job ${j} is not a running job`);
      interrupt(j, false);
    },
    withinQuota,
  };
  let upGpus = cluster.totalGpus;

  const schedulePass = () => {
    if (qTail === qHead) return;
    started = false;
    startedInPass = 0;
    view.now = now;
    view.queue = qStore;
    view.queueStart = qHead;
    view.queueEnd = qTail;
    inPass = true;
    policy.schedule(view);
    inPass = false;
    if (started) {
      // FIFO and SJF start a prefix of the queue; backfilling may start any job.
      let prefix = qHead;
      while (prefix < qTail && runOf[qStore[prefix]!]! >= 0) prefix++;
      if (prefix - qHead === startedInPass) {
        qHead = prefix;
        if (qHead === qTail) qHead = qTail = 0;
      } else {
        let w = qHead;
        for (let r = qHead; r < qTail; r++)
          if (runOf[qStore[r]!]! < 0) {
            qKey[w] = qKey[r]!;
            qStore[w++] = qStore[r]!;
          }
        qTail = w;
      }
    }
    if (preemptedInPass.length > 0) {
      for (const j of preemptedInPass) enqueue(j);
      preemptedInPass.length = 0;
    }
  };

  /** Work of running job j that is on storage now (its last complete checkpoint). */
  const savedWork = (j: number): number => {
    const tau = jobTau[j]!;
    const r = runOf[j]!;
    const elapsed = ranFor(r) - runSetup[r]!;
    if (!(tau > 0 && elapsed > 0)) return 0;
    const segment = tau + jobStall[j]!;
    const done = Math.floor((elapsed - jobInFlight[j]!) / segment);
    return Math.min(remaining[j]!, Math.max(0, done) * tau);
  };
  /** Stop running job j, back to its last checkpoint, and queue it again. */
  const interrupt = (j: number, byFailure: boolean) => {
    const saved = savedWork(j);
    remaining[j] = remaining[j]! - saved;
    usefulGpuS += saved * workGpus(j);
    releaseJob(j);
    if (byFailure) {
      interruptions[j] = interruptions[j]! + 1;
      jobInterruptions++;
    } else preemptions[j] = preemptions[j]! + 1;
    restartPending[j] = 1;
    if (inPass) preemptedInPass.push(j);
    else enqueue(j);
  };
  /** GPU-seconds job j would lose if stopped now: everything since its last checkpoint. */
  const lostIfStopped = (j: number): number => (ranFor(runOf[j]!) - savedWork(j)) * workGpus(j);

  // Failures: each server fails as a Poisson process; hardware failures take it out for repair.
  const failures = input.failures;
  const failRandom = seededRandom(deriveSeed(input.seed, 10));
  const failMeanS =
    failures && failures.perServerPerDay > 0 ? 86_400 / failures.perServerPerDay : 0;
  if (failMeanS > 0)
    for (let s = 0; s < cluster.servers.length; s++)
      events.push(exponential(failRandom, failMeanS), FAIL, s, 0);

  // Services: replica k of service si is the pseudo-job nJobs + firstSlot[si] + k. The autoscaler
  // sets the replicas at each interval; a replica that does not fit stops the training jobs that
  // lose the least work since their last checkpoint, and a scaled-down replica's GPUs go back to
  // the queue at once.
  const slotService = new Int32Array(nSlots);
  services.forEach((svc, si) =>
    slotService.fill(si, firstSlot[si]!, firstSlot[si]! + svc.maxReplicas),
  );
  const replicaOn = new Uint8Array(nSlots);
  const replicaRestarting = new Uint8Array(nSlots);
  /** Placed and starting (container, weights, engine): holding GPUs, not yet serving. */
  const replicaStarting = new Uint8Array(nSlots);
  /** When a starting replica serves. */
  const replicaReadyAt = new Float64Array(nSlots);
  const desiredNow = new Int32Array(services.length);
  /** Replicas serving, and replicas holding GPUs (serving or starting). */
  const activeReplicas = new Int32Array(services.length);
  const heldReplicas = new Int32Array(services.length);
  const serviceSince = new Float64Array(services.length);
  const serviceGpuS = new Float64Array(services.length);
  const serviceLentGpuS = new Float64Array(services.length);
  const serviceShortS = new Float64Array(services.length);
  const servicePreempted = new Int32Array(services.length);
  const serviceChanges: ReplicaChange[][] = services.map(() => []);
  const serviceSeries = services.map(() => ({ replicas: [] as number[], desired: [] as number[] }));
  /** Bring the service's time integrals up to now before its replica count changes. */
  const touchService = (si: number) => {
    const dt = now - serviceSince[si]!;
    if (dt > 0) {
      const svc = services[si]!;
      const held = heldReplicas[si]!;
      serviceGpuS[si] = serviceGpuS[si]! + held * svc.gpusPerReplica * dt;
      serviceLentGpuS[si] =
        serviceLentGpuS[si]! + (svc.maxReplicas - held) * svc.gpusPerReplica * dt;
      // Asked for and not placed (no GPUs or power); a starting replica is placed.
      serviceShortS[si] = serviceShortS[si]! + Math.max(0, desiredNow[si]! - held) * dt;
    }
    serviceSince[si] = now;
  };
  /** Stop training jobs so that replica j fits: on the server (or whole servers, for a replica
   *  larger than one) whose jobs lose the least work; false when no place can be freed. */
  const preemptFor = (j: number, si: number): boolean => {
    const need = jobGpus[j]!;
    const n = cluster.servers.length;
    const stop = (x: number) => {
      if (runOf[x]! < 0) return;
      interrupt(x, false);
      servicePreempted[si] = servicePreempted[si]! + 1;
    };
    const byLoss = (list: readonly number[]) =>
      list
        .filter((x) => x < nJobs)
        .map((x) => ({ x, loss: lostIfStopped(x) }))
        .sort((a, b) => a.loss - b.loss || a.x - b.x);
    if (need <= g) {
      let best = -1;
      let bestLoss = Infinity;
      for (let s = 0; s < n; s++) {
        if (!alloc.up[s]) continue;
        let held = 0;
        let loss = 0;
        for (const x of serverJobs[s]!) {
          if (x >= nJobs) held += jobGpus[x]!;
          else loss += lostIfStopped(x);
        }
        if (g - held >= need && loss < bestLoss) {
          best = s;
          bestLoss = loss;
        }
      }
      if (best < 0) return false;
      for (const { x } of byLoss(serverJobs[best]!)) {
        if (alloc.wholeFree[best]! >= need) break;
        stop(x);
      }
      return true;
    }
    const m = Math.ceil(need / g);
    const free: { s: number; loss: number }[] = [];
    for (let s = 0; s < n; s++) {
      if (!alloc.up[s] || serverJobs[s]!.some((x) => x >= nJobs)) continue;
      let loss = 0;
      for (const x of serverJobs[s]!) loss += lostIfStopped(x);
      free.push({ s, loss });
    }
    if (free.length < m) return false;
    free.sort((a, b) => a.loss - b.loss || a.s - b.s);
    for (const { s } of free.slice(0, m)) for (const { x } of byLoss(serverJobs[s]!)) stop(x);
    return true;
  };
  /** Stop training jobs, least lost work per GPU first, until replica j fits the power cap. */
  const preemptForPower = (j: number, si: number): boolean => {
    const need = demandGpus(j) * WHOLE;
    if (need > maxBusyMilli) return false;
    const victims = running
      .map((r) => runJob[r]!)
      .filter((x) => x < nJobs)
      .map((x) => ({ x, loss: lostIfStopped(x) / Math.max(1e-9, demandGpus(x)) }))
      .sort((a, b) => a.loss - b.loss || a.x - b.x);
    for (const { x } of victims) {
      if (alloc.allocatedMilli + need <= maxBusyMilli) break;
      interrupt(x, false);
      servicePreempted[si] = servicePreempted[si]! + 1;
    }
    return alloc.allocatedMilli + need <= maxBusyMilli;
  };
  /** Place replica k of service si. A scaled-up replica serves after the service's start time
   *  (holding its GPUs meanwhile); one back from a failure serves at once, its restart time
   *  having covered the start. */
  const startReplica = (si: number, k: number, restarted = false): boolean => {
    const j = nJobs + firstSlot[si]! + k;
    const slot = j - nJobs;
    if (alloc.allocatedMilli + demandGpus(j) * WHOLE > maxBusyMilli && !preemptForPower(j, si))
      return false;
    if (!placeJob(j) && !(preemptFor(j, si) && placeJob(j))) return false;
    touchService(si);
    replicaOn[slot] = 1;
    heldReplicas[si] = heldReplicas[si]! + 1;
    runStart[runOf[j]!] = now;
    endAt[runOf[j]!] = Infinity;
    const startS = services[si]!.startS;
    if (restarted || startS <= 0) serveReplica(si, k);
    else {
      replicaStarting[slot] = 1;
      replicaReadyAt[slot] = now + startS;
      events.push(now + startS, REPLICA_READY, j, replicaEpoch[slot]!);
    }
    return true;
  };
  const serveReplica = (si: number, k: number) => {
    activeReplicas[si] = activeReplicas[si]! + 1;
    serviceChanges[si]!.push({ t: now, replica: k, up: true });
  };
  const stopReplica = (si: number, k: number) => {
    const j = nJobs + firstSlot[si]! + k;
    const slot = j - nJobs;
    touchService(si);
    releaseJob(j);
    replicaOn[slot] = 0;
    heldReplicas[si] = heldReplicas[si]! - 1;
    if (replicaStarting[slot]) {
      // Stopped before it served: its start is called off.
      replicaStarting[slot] = 0;
      replicaEpoch[slot] = replicaEpoch[slot]! + 1;
      return;
    }
    activeReplicas[si] = activeReplicas[si]! - 1;
    serviceChanges[si]!.push({ t: now, replica: k, up: false });
  };
  /** Start every replica the autoscaler wants that is neither serving nor restarting; at once
   *  (`atOnce`) for the replicas serving when the simulated period begins. */
  const fillService = (si: number, atOnce = false) => {
    for (let k = 0; k < desiredNow[si]!; k++) {
      const slot = firstSlot[si]! + k;
      if (!replicaOn[slot] && !replicaRestarting[slot]) startReplica(si, k, atOnce);
    }
  };
  /** A failure stopped replica j: it restarts, elsewhere if need be, after the restart time. */
  const replicaFailed = (j: number) => {
    const slot = j - nJobs;
    const si = slotService[slot]!;
    stopReplica(si, slot - firstSlot[si]!);
    replicaRestarting[slot] = 1;
    replicaEpoch[slot] = replicaEpoch[slot]! + 1;
    events.push(now + restartS, REPLICA_RESTART, j, replicaEpoch[slot]!);
  };
  services.forEach((_svc, si) => events.push(0, SCALE, si, 0));

  const sampleEveryS =
    input.sampleEveryS ?? Math.max(3600, Math.ceil(horizonS / MAX_SAMPLES / 3600) * 3600);
  const series = {
    tHours: [] as number[],
    busyGpus: [] as number[],
    pendingJobs: [] as number[],
    powerMW: [] as number[],
    itPowerMW: [] as number[],
  };
  const pue = power.pue ?? 1;
  const powerMW = (busy: number) =>
    (busy * power.busyKWPerGpu + (cluster.totalGpus - busy) * power.idleKWPerGpu) / 1000;
  /** Facility MW drawn with `busy` GPUs busy: throttled GPUs hold the cluster at the cap. */
  const drawMW = (busy: number) =>
    throttle ? Math.min(powerMW(busy), capKW / 1000) : powerMW(busy);
  // Under throttling: facility kW-seconds of each day, and the throttle's time integrals.
  const dayKWS = new Float64Array(throttle ? dayMilliSLength(horizonS) : 0);
  let drawDay = 0;
  let drawDayEnd = 86_400;
  let throttledS = 0;
  let deferringS = 0;
  let lowestFraction = 1;
  let rateMilliS = 0;
  /** The jobs' clock and the throttle's integrals over [from, to), at the draw of now. */
  const advanceThrottle = (from: number, to: number, busyMilli: number) => {
    const dt = to - from;
    work += rate * dt;
    rateMilliS += rate * busyMilli * dt;
    if (drawFraction < 1) throttledS += dt;
    if (busyMilli + WHOLE > maxBusyMilli) deferringS += dt;
    const kw = drawMW(busyMilli / WHOLE) * 1000;
    while (from < to) {
      const end = Math.min(to, drawDayEnd);
      dayKWS[drawDay] = dayKWS[drawDay]! + kw * (end - from);
      from = end;
      if (end === drawDayEnd) {
        drawDay++;
        drawDayEnd += 86_400;
      }
    }
  };
  /** After an event changed the busy capacity: the cap's draw share, the jobs' throughput, and
   *  each running job's finish at the new throughput. */
  const retime = () => {
    if (!throttle) return;
    rateAtMilli = alloc.allocatedMilli;
    const f = throttledFraction(
      capKW,
      cluster.totalGpus,
      alloc.allocatedMilli / WHOLE,
      power.busyKWPerGpu,
      power.idleKWPerGpu,
    );
    drawFraction = f;
    if (f < lowestFraction) lowestFraction = f;
    const r = f >= 1 ? 1 : throughputAt(throttle.curve, f);
    if (r === rate) return;
    rate = r;
    for (const r of running) {
      if (runJob[r]! >= nJobs) continue;
      runEpoch[r] = runEpoch[r]! + 1;
      const end = now + Math.max(0, workEnd[r]! - work) / rate;
      endAt[r] = end;
      events.push(end, FINISH, r, runEpoch[r]!);
    }
  };
  // Busy GPU-seconds of each day, and the most GPU capacity busy at any moment (peak power).
  const dayMilliS = new Float64Array(dayMilliSLength(horizonS));
  let day = 0;
  let dayEnd = 86_400;
  let peakMilli = 0;
  /** Busy capacity over [from, to) into the days it spans. */
  const addToDays = (from: number, to: number, busyMilli: number) => {
    while (from < to) {
      const end = Math.min(to, dayEnd);
      dayMilliS[day] = dayMilliS[day]! + busyMilli * (end - from);
      from = end;
      if (end === dayEnd) {
        day++;
        dayEnd += 86_400;
      }
    }
  };
  events.push(0, SAMPLE, 0, 0);

  // The next job to arrive waits outside the event queue (the jobs come in submission order),
  // with the sequence number a push would have given it: `arrivalSeq`, -1 when none is left.
  let nextArrival = 0;
  let arrivalSeq = -1;
  const pushNextArrival = () => {
    arrivalSeq =
      nextArrival < nJobs && jobSubmit[nextArrival]! < horizonS ? events.reserveSequence() : -1;
  };
  pushNextArrival();

  const ev: PoppedEvent = { time: 0, kind: 0, a: 0, b: 0 };
  let count = 0;
  let last = 0;
  /** The earliest event, the next arrival or the queue's, into `ev`; false when none is left. */
  const nextEvent = (): boolean => {
    if (arrivalSeq < 0) return events.pop(ev);
    if (events.popBefore(jobSubmit[nextArrival]!, arrivalSeq, ev)) return true;
    ev.time = jobSubmit[nextArrival]!;
    ev.kind = ARRIVAL;
    ev.a = nextArrival;
    ev.b = 0;
    arrivalSeq = -1;
    return true;
  };
  while (nextEvent()) {
    if (ev.time > horizonS) break;
    count++;
    const t = ev.time;
    const dt = t - last;
    if (dt > 0) {
      const busyMilli = alloc.allocatedMilli;
      if (busyMilli > peakMilli) peakMilli = busyMilli;
      if (t <= dayEnd) dayMilliS[day] = dayMilliS[day]! + busyMilli * dt;
      else addToDays(last, t, busyMilli);
      allocatedMilliS += busyMilli * dt;
      if (t > warmupS) windowMilliS += alloc.allocatedMilli * (t - Math.max(last, warmupS));
      if (throttle) advanceThrottle(last, t, busyMilli);
      last = t;
    }
    now = t;
    switch (ev.kind) {
      case ARRIVAL: {
        const j = ev.a;
        nextArrival = j + 1;
        pushNextArrival();
        submitted++;
        const demand = demandGpus(j);
        const t = jobTeam[j]!;
        // Larger than the cluster, than the power cap allows, or than its team's quota.
        if (
          demand > cluster.totalGpus ||
          demand * WHOLE > maxBusyMilli ||
          (t >= 0 && demand > teamQuota[t]! + 1e-9)
        )
          rejected++;
        else {
          enqueue(j);
          schedulePass();
        }
        break;
      }
      case FINISH: {
        const r = ev.a;
        if (ev.b !== runEpoch[r]) break;
        const j = runJob[r]!;
        usefulGpuS += runWork[r]!;
        releaseJob(j, r);
        finish[j] = now;
        completed++;
        schedulePass();
        break;
      }
      case FAIL: {
        const s = ev.a;
        serverFailures++;
        for (const j of [...serverJobs[s]!]) {
          if (j >= nJobs) replicaFailed(j);
          else interrupt(j, true);
        }
        if (failRandom() < failures!.hardwareShare) {
          serverDown(alloc, s);
          upGpus -= g;
          events.push(now + failures!.repairS, REPAIR, s, 0);
        } else events.push(now + exponential(failRandom, failMeanS), FAIL, s, 0);
        schedulePass();
        break;
      }
      case REPAIR: {
        const s = ev.a;
        repairs++;
        serverUp(alloc, s);
        upGpus += g;
        events.push(now + exponential(failRandom, failMeanS), FAIL, s, 0);
        for (let si = 0; si < services.length; si++) fillService(si);
        schedulePass();
        break;
      }
      case SCALE: {
        const si = ev.a;
        const svc = services[si]!;
        touchService(si);
        if (ev.b === 1) {
          // A start time before the boundary: start what the next interval adds, stop nothing.
          const want = desiredReplicas(svc, now, svc.startS);
          if (want > desiredNow[si]!) {
            desiredNow[si] = want;
            fillService(si);
            schedulePass();
          }
          break;
        }
        const want = desiredReplicas(svc, now);
        desiredNow[si] = want;
        for (let k = svc.maxReplicas - 1; k >= want; k--) {
          const slot = firstSlot[si]! + k;
          if (replicaOn[slot]) stopReplica(si, k);
          if (replicaRestarting[slot]) {
            replicaRestarting[slot] = 0;
            replicaEpoch[slot] = replicaEpoch[slot]! + 1;
          }
        }
        // The service is running when the simulated period begins: its first replicas serve at 0.
        fillService(si, now === 0);
        const next = now + svc.intervalS;
        if (next < horizonS) {
          if (svc.startS > 0) events.push(Math.max(now, next - svc.startS), SCALE, si, 1);
          events.push(next, SCALE, si, 0);
        }
        schedulePass();
        break;
      }
      case REPLICA_RESTART: {
        const j = ev.a;
        const slot = j - nJobs;
        if (ev.b !== replicaEpoch[slot]) break;
        const si = slotService[slot]!;
        replicaRestarting[slot] = 0;
        const k = slot - firstSlot[si]!;
        if (k < desiredNow[si]!) startReplica(si, k, true);
        schedulePass();
        break;
      }
      case REPLICA_READY: {
        const slot = ev.a - nJobs;
        if (ev.b !== replicaEpoch[slot] || !replicaStarting[slot]) break;
        const si = slotService[slot]!;
        touchService(si);
        replicaStarting[slot] = 0;
        serveReplica(si, slot - firstSlot[si]!);
        break;
      }
      case SAMPLE: {
        const busy = alloc.allocatedMilli / WHOLE;
        for (let si = 0; si < services.length; si++) {
          // A replica that serves from this instant counts, whichever of the two events at the
          // same time comes first.
          let ready = 0;
          for (let slot = firstSlot[si]!; slot < firstSlot[si]! + services[si]!.maxReplicas; slot++)
            if (replicaStarting[slot] && replicaReadyAt[slot]! <= now) ready++;
          serviceSeries[si]!.replicas.push(activeReplicas[si]! + ready);
          serviceSeries[si]!.desired.push(desiredNow[si]!);
        }
        series.tHours.push(now / 3600);
        series.busyGpus.push(busy);
        series.pendingJobs.push(qTail - qHead);
        series.powerMW.push(drawMW(busy));
        series.itPowerMW.push(drawMW(busy) / pue);
        const free = upGpus - busy;
        if (free > 0) {
          const onWholeFreeServers = alloc.bucketSize[g]! * g;
          fragmentationSum += (free - onWholeFreeServers) / free;
          fragmentationSamples++;
        }
        if (now + sampleEveryS <= horizonS) events.push(now + sampleEveryS, SAMPLE, 0, 0);
        break;
      }
    }
    if (throttle && alloc.allocatedMilli !== rateAtMilli) retime();
  }
  if (horizonS > last) {
    if (alloc.allocatedMilli > peakMilli) peakMilli = alloc.allocatedMilli;
    addToDays(last, horizonS, alloc.allocatedMilli);
    allocatedMilliS += alloc.allocatedMilli * (horizonS - last);
    windowMilliS += alloc.allocatedMilli * (horizonS - Math.max(last, warmupS));
    if (throttle) advanceThrottle(last, horizonS, alloc.allocatedMilli);
  }
  now = horizonS;
  // Work of jobs still running: what they have computed so far, checkpoint stalls excluded.
  let runningJobs = 0;
  for (const r of running) {
    const j = runJob[r]!;
    if (j >= nJobs) continue;
    runningJobs++;
    const team = jobTeam[j]!;
    if (team >= 0) teamGpuS[team] = teamGpuS[team]! + demandGpus(j) * (now - runStart[r]!);
    const elapsed = Math.max(0, ranFor(r) - runSetup[r]!);
    const tau = jobTau[j]!;
    const stall = jobStall[j]!;
    const computed = tau > 0 ? elapsed - Math.floor(elapsed / (tau + stall)) * stall : elapsed;
    usefulGpuS += Math.min(remaining[j]!, computed) * workGpus(j);
  }

  // The remaining work is not needed from here: its array holds the delays, then the slowdowns.
  const delays = remaining.subarray(0, nJobs);
  const jct = new Float64Array(nJobs);
  let nDelays = 0;
  let nDone = 0;
  let failedJobs = 0;
  // The started jobs' priorities: more than one, and their delays are grouped by priority below.
  let firstPriority = 0;
  let mixedPriorities = false;
  const delaysByTeam = table.teams.map((): number[] => []);
  const teamJobs = new Int32Array(table.teams.length);
  for (let j = 0; j < nJobs; j++) {
    if (interruptions[j]! > 0) failedJobs++;
    const submitS = jobSubmit[j]!;
    if (submitS < warmupS) continue;
    if (jobTeam[j]! >= 0) teamJobs[jobTeam[j]!] = teamJobs[jobTeam[j]!]! + 1;
    if (!Number.isNaN(firstStart[j]!)) {
      delays[nDelays++] = firstStart[j]! - submitS;
      if (jobTeam[j]! >= 0) delaysByTeam[jobTeam[j]!]!.push(firstStart[j]! - submitS);
      const p = jobPriority[j]!;
      if (nDelays === 1) firstPriority = p;
      else if (p !== firstPriority && !(Number.isNaN(p) && Number.isNaN(firstPriority)))
        mixedPriorities = true;
    }
    if (!Number.isNaN(finish[j]!)) jct[nDone++] = finish[j]! - submitS;
  }
  const queueDelayS = distributionInPlace(delays.subarray(0, nDelays));
  const slowdown = delays;
  for (let j = 0, done = 0; j < nJobs; j++) {
    if (jobSubmit[j]! < warmupS || Number.isNaN(finish[j]!)) continue;
    slowdown[done] = Math.max(1, jct[done]! / Math.max(table.durationS[j]!, SLOWDOWN_BOUND_S));
    done++;
  }
  const delaysByPriority = new Map<number, number[]>();
  if (mixedPriorities)
    for (let j = 0; j < nJobs; j++) {
      if (jobSubmit[j]! < warmupS || Number.isNaN(firstStart[j]!)) continue;
      const p = jobPriority[j]!;
      let list = delaysByPriority.get(p);
      if (!list) delaysByPriority.set(p, (list = []));
      list.push(firstStart[j]! - jobSubmit[j]!);
    }
  let serviceGpuTotalS = 0;
  const serviceResults: ServiceReplicas[] = services.map((svc, si) => {
    touchService(si);
    serviceGpuTotalS += serviceGpuS[si]!;
    return {
      workload: svc.workload,
      replicas: serviceSeries[si]!.replicas,
      desired: serviceSeries[si]!.desired,
      changes: serviceChanges[si]!,
      gpuHours: serviceGpuS[si]! / 3600,
      lentGpuHours: serviceLentGpuS[si]! / 3600,
      preemptions: servicePreempted[si]!,
      shortfallReplicaHours: serviceShortS[si]! / 3600,
    };
  });
  let preemptedJobs = 0;
  for (let j = 0; j < nJobs; j++) if (preemptions[j]! > 0) preemptedJobs++;
  const capacityMilliS = cluster.totalGpus * WHOLE;
  const busyGpuS = allocatedMilliS / WHOLE;
  const idleGpuS = cluster.totalGpus * horizonS - busyGpuS;
  const energyMWh = throttle
    ? dayKWS.reduce((a, b) => a + b, 0) / 3.6e6
    : (busyGpuS * power.busyKWPerGpu + idleGpuS * power.idleKWPerGpu) / 3600 / 1000;
  const result: SimulationResult = {
    events: count,
    simulatedDays: horizonS / 86_400,
    utilization: windowMilliS / (capacityMilliS * Math.max(1e-9, horizonS - warmupS)),
    queueDelayS,
    ...(delaysByPriority.size > 1
      ? {
          queueDelayByPriorityS: Object.fromEntries(
            [...delaysByPriority.entries()]
              .sort((a, b) => b[0] - a[0])
              .map(([p, list]) => [String(p), distribution(list)]),
          ),
        }
      : {}),
    ...(table.teams.length > 0
      ? {
          teams: Object.fromEntries(
            table.teams.map((name, t) => {
              const quota = teamQuota[t]!;
              const gpuHours = teamGpuS[t]! / 3600;
              return [
                name,
                {
                  jobs: teamJobs[t]!,
                  gpuHours,
                  ...(Number.isFinite(quota)
                    ? { quotaGpus: quota, quotaUse: gpuHours / (quota * (horizonS / 3600)) }
                    : {}),
                  queueDelayS: distribution(delaysByTeam[t]!),
                },
              ];
            }),
          ),
        }
      : {}),
    jctS: distributionInPlace(jct.subarray(0, nDone)),
    slowdown: distributionInPlace(slowdown.subarray(0, nDone)),
    // Rounding in the sums can put a run with no lost work a hair above 1.
    // Of the jobs' GPU time: the services' replicas are not jobs.
    goodput:
      busyGpuS - serviceGpuTotalS > 0 ? Math.min(1, usefulGpuS / (busyGpuS - serviceGpuTotalS)) : 0,
    fragmentation: fragmentationSamples > 0 ? fragmentationSum / fragmentationSamples : 0,
    jobs: {
      submitted,
      completed,
      failed: failedJobs,
      preempted: preemptedJobs,
      pending: qTail - qHead,
      // The services' replicas sit in the running list too; they are not jobs.
      running: runningJobs,
      rejected,
    },
    failures: { serverFailures, jobInterruptions, repairs },
    placement: {
      multiServerJobs,
      meanLeafGroups: multiServerJobs > 0 ? leafGroupsSum / multiServerJobs : 0,
      meanDomains: multiServerJobs > 0 ? domainsSum / multiServerJobs : 0,
    },
    energyMWh,
    itEnergyMWh: energyMWh / pue,
    energyPerDayMWh: throttle
      ? Array.from(dayKWS, (kws) => kws / 3.6e6)
      : Array.from(dayMilliS, (milliS, d) => {
          const busy = milliS / WHOLE;
          const span = Math.min(86_400, horizonS - d * 86_400);
          return (
            (busy * power.busyKWPerGpu + (cluster.totalGpus * span - busy) * power.idleKWPerGpu) /
            3.6e6
          );
        }),
    peakPowerMW: drawMW(peakMilli / WHOLE),
    timeseries: series,
    services: serviceResults,
    ...(throttle
      ? {
          powerThrottle: {
            floorPowerFraction: throttle.floorFraction,
            floorThroughput: throughputAt(throttle.curve, throttle.floorFraction),
            throttledHours: throttledS / 3600,
            deferringHours: deferringS / 3600,
            lowestPowerFraction: lowestFraction,
            meanThroughputFactor: allocatedMilliS > 0 ? rateMilliS / allocatedMilliS : 1,
          },
        }
      : {}),
  };
  return {
    result,
    outcomes: {
      firstStartS: firstStart.subarray(0, nJobs),
      finishS: finish,
      interruptions: interruptions.subarray(0, nJobs),
      preemptions: preemptions.subarray(0, nJobs),
    },
  };
}

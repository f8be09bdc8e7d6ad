// Interruptions of a training job and what they cost: the job's failure rate by cause (every GPU,
// NIC, link and host of the job can stop it), its MTBF, the checkpoint stall the run sees (a
// synchronous save waits for storage, an asynchronous one only stages shards in host memory), the
// optimal checkpoint interval (Daly 2006) from that stall unless fixed, goodput and the wall time
// including lost work and restarts, hot-spare servers, and a seeded Monte Carlo of the finish time.
import {
  FAILURE_CAUSES,
  FAILURE_RATES,
  type FailureCatalog,
  type FailureCause,
} from '../catalog/failure-rates.js';
import { FACILITY } from '../catalog/facility.js';
import { dalyInterval, expectedWallTime } from './checkpoint.js';
import { checkpointCost, type CheckpointFigures, type CheckpointSave } from './checkpoint-stall.js';
import { simulateRun } from './monte-carlo.js';
import { poissonQuantile } from './poisson.js';

/** GPUs per node in the clusters the rates were observed on (DGX-class A100/H100 servers). */
export const REFERENCE_GPUS_PER_NODE = 8;
/** Causes that scale with hosts rather than GPUs. */
const HOST_CAUSES: ReadonlySet<FailureCause> = new Set(['host']);
/**
 * Causes in the scale-out (back-end) fabric: a job on one server runs its collectives over the
 * server's own NVLink and is not stopped by them.
 */
const FABRIC_CAUSES: ReadonlySet<FailureCause> = new Set(['nic', 'networkSwitchCable']);
/** Causes that take a server out of service until repaired (software faults do not). */
const HARDWARE_CAUSES: ReadonlySet<FailureCause> = new Set(
  FAILURE_CAUSES.filter((c) => c !== 'software'),
);

/** The servers a workload runs on and the failure assumptions, shared by training and serving. */
export interface FleetInput {
  /** GPUs sharing one host (CPU, memory, PSU): 8 for DGX, 4 for a GB200 compute tray. */
  readonly gpusPerHost: number;
  readonly gpusPerServer: number;
  /**
   * GPUs joined by the scale-up link (NVLink domain): a job within one talks over it alone and
   * does not see scale-out fabric failures. Default: one server.
   */
  readonly scaleUpDomainGpus?: number | undefined;
  readonly repairHours?: number | undefined;
  /** Minutes from a failure to running again (detection + restart); default the catalog's. */
  readonly restartMin?: number | undefined;
  /** Probability that the spares cover every server out for repair at any moment. */
  readonly spareConfidence?: number | undefined;
  readonly rates?: FailureCatalog;
  /** Overrides the catalog's failures per 1000 node-days (a fleet's own observation). */
  readonly failuresPer1000NodeDays?: number | undefined;
  /** Overrides the catalog's failure shares by cause (a fleet's own; normalised here). */
  readonly failureShares?: Readonly<Partial<Record<FailureCause, number>>> | undefined;
}

export interface ReliabilityInput extends FleetInput {
  readonly gpus: number;
  readonly idealHours: number;
  readonly checkpointGB: number;
  /** The storage's rated aggregate write bandwidth. */
  readonly writeGBps: number;
  /** How checkpoints are saved; default the catalog's (asynchronous, as current frameworks do). */
  readonly checkpointSave?: CheckpointSave | undefined;
  readonly checkpointFigures?: CheckpointFigures;
  /** Fixed checkpoint interval, minutes; undefined = optimal. */
  readonly intervalMin?: number | undefined;
  readonly seed?: number | undefined;
  readonly trials?: number | undefined;
  /** Run the Monte Carlo of the finish time (default true; sweeps turn it off for speed). */
  readonly monteCarlo?: boolean;
}

export interface ReliabilityResult {
  readonly interruptionsPerDay: number;
  readonly interruptionsPerDayByCause: Readonly<Record<FailureCause, number>>;
  readonly mtbfHours: number;
  /** Expected interruptions over the whole run (wall time x rate). */
  readonly interruptionsExpected: number;
  readonly checkpointGB: number;
  readonly checkpointSave: CheckpointSave;
  /** Training stopped per checkpoint: the delta of Daly's interval and wall time. */
  readonly checkpointStallS: number;
  /** Until the checkpoint is complete on storage (in the background when asynchronous). */
  readonly checkpointWriteS: number;
  readonly checkpointIntervalMin: number;
  readonly intervalChosen:
    'optimal (Daly 2006)' | 'fixed by the scenario' | 'the previous save still writing';
  /** Detection + restart per interruption. */
  readonly restartMin: number;
  /** Useful compute time / wall time. */
  readonly goodput: number;
  readonly days: number;
  /** Mean servers of the job out for repair at any moment. */
  readonly meanServersInRepair: number;
  /** Hot spares, in hosts of `spareUnitGpus` GPUs (a DGX server, a GB200 compute tray). */
  readonly spareServers: number;
  readonly spareUnitGpus: number;
  readonly spareConfidence: number;
  readonly monteCarlo?: {
    readonly seed: number;
    readonly trials: number;
    readonly p10Days: number;
    readonly p50Days: number;
    readonly p90Days: number;
    readonly meanDays: number;
    /** events: each failure simulated; intervals: the sum of simulated checkpoint intervals taken
     *  as normal (many failures per run); closed-form: Daly's expected time, no spread. */
    readonly method: 'events' | 'intervals' | 'closed-form';
  };
}

/**
 * Interruptions per day of a job on `gpus`, by cause. The catalog's rate and shares were observed
 * on jobs spanning many servers; a job within one scale-up domain (`scaleUpDomainGpus`, default
 * one host: a DGX server, a whole NVL72 rack) talks over its NVLink alone and has no scale-out
 * fabric to lose.
 */
export function interruptionRates(
  gpus: number,
  gpusPerHost: number,
  rates: FailureCatalog = FAILURE_RATES,
  scaleUpDomainGpus: number = gpusPerHost,
): Record<FailureCause, number> {
  const perNodeDay = rates.nodeFailuresPer1000NodeDays.value / 1000;
  const singleServer = gpus <= scaleUpDomainGpus;
  const out = {} as Record<FailureCause, number>;
  for (const cause of FAILURE_CAUSES) {
    const exposed = !(singleServer && FABRIC_CAUSES.has(cause));
    const share = exposed ? (rates.shares.value[cause] ?? 0) : 0;
    // Per reference node of 8 GPUs; GPU-attached causes scale with GPUs, host causes with hosts.
    const units = HOST_CAUSES.has(cause) ? gpus / gpusPerHost : gpus / REFERENCE_GPUS_PER_NODE;
    out[cause] = units * perNodeDay * share;
  }
  return out;
}

/** Mean servers out for repair: hardware failures per hour x hours each is out (Little's law). */
function serversInRepair(byCause: Readonly<Record<FailureCause, number>>, repairHours: number) {
  return (perDayOf(byCause, true) / 24) * repairHours;
}

/** Failures per day of the hardware causes (true) or the others (false). */
function perDayOf(byCause: Readonly<Record<FailureCause, number>>, hardware: boolean): number {
  return FAILURE_CAUSES.filter((c) => HARDWARE_CAUSES.has(c) === hardware).reduce(
    (sum, c) => sum + byCause[c],
    0,
  );
}

/**
 * The catalog, with a fleet's own rate in place of its node failure rate, and its own shares by
 * cause (normalised to 1; a cause left out is 0) in place of the catalog's, when given.
 */
export function ratesWith(
  catalog: FailureCatalog,
  failuresPer1000NodeDays: number | undefined,
  failureShares?: Readonly<Partial<Record<FailureCause, number>>>,
): FailureCatalog {
  let out = catalog;
  if (failuresPer1000NodeDays !== undefined)
    out = {
      ...out,
      nodeFailuresPer1000NodeDays: {
        value: failuresPer1000NodeDays,
        source: 'reliability.failuresPer1000NodeDays',
      },
    };
  if (failureShares !== undefined) {
    const total = FAILURE_CAUSES.reduce((sum, c) => sum + (failureShares[c] ?? 0), 0);
    if (total > 0)
      out = {
        ...out,
        shares: {
          value: Object.fromEntries(
            FAILURE_CAUSES.map((c) => [c, (failureShares[c] ?? 0) / total]),
          ) as Record<FailureCause, number>,
          source: 'reliability.failureShares',
        },
      };
  }
  return out;
}

export interface ServiceReliabilityInput extends FleetInput {
  /** GPUs of the service, all replicas. */
  readonly gpus: number;
  /** GPUs of one replica (tp x pp): a failure anywhere in it stops that replica. */
  readonly replicaGpus: number;
  /**
   * Replicas beyond those the load needs (online), which absorb servers in repair; undefined for
   * an offline job, which runs on with fewer replicas and needs no spares.
   */
  readonly headroomReplicas?: number | undefined;
}

export interface ServiceReliabilityResult {
  /** Failures in the service's GPUs and servers per year (a host failure stops every replica on
   *  that host once). */
  readonly failuresPerYear: number;
  /** Mean days between stops of one replica (its server's hardware, its own software). */
  readonly replicaMtbfDays: number;
  /** Detection + engine restart (on a spare server when the failure is hardware). */
  readonly restartMin: number;
  /** Share of replica-time lost: restarts online; restarts and repairs offline (no spares). */
  readonly downtimeFraction: number;
  /** Mean servers out for repair at any moment. */
  readonly meanServersInRepair: number;
  /** Servers in repair the service's own headroom replicas absorb. */
  readonly headroomServers: number;
  /** Spares the service needs alone: 0 offline, else the quantile less the headroom. */
  readonly spareServers: number;
  /** GPUs of the host a spare is (a DGX server, a GB200 compute tray). */
  readonly spareUnitGpus: number;
  readonly spareConfidence: number;
}

/**
 * A serving fleet under failures: every failure in a replica's GPUs, NICs (when it spans scale-up
 * domains) or hosts stops that replica until the engine restarts, on a hot spare when a server
 * must be repaired. A replica smaller than a server also stops when its server is drained for a
 * hardware repair, whichever GPU failed. An online service holds its replica count with the
 * chosen confidence, as training does, counting the replicas it has beyond its load as spares
 * already; an offline job runs on with fewer replicas while a server is repaired.
 */
export function planServiceReliability(input: ServiceReliabilityInput): ServiceReliabilityResult {
  const rates = ratesWith(
    input.rates ?? FAILURE_RATES,
    input.failuresPer1000NodeDays,
    input.failureShares,
  );
  const domain = input.scaleUpDomainGpus ?? input.gpusPerServer;
  const replicas = input.gpus / input.replicaGpus;
  const rateOf = (gpus: number) => interruptionRates(gpus, input.gpusPerHost, rates, domain);
  // Failures in the service's GPUs and servers: each counted once.
  const perReplica = rateOf(input.replicaGpus);
  // What stops one replica: its own software, and the hardware of every server it sits on.
  const serverShare = rateOf(Math.max(input.replicaGpus, input.gpusPerServer));
  const hardwareStops = perDayOf(serverShare, true);
  const softwareStops = perDayOf(perReplica, false);
  const stopsPerDay = hardwareStops + softwareStops;
  const restartMin = input.restartMin ?? rates.detectionMin.value + rates.restartMin.value;
  const repairHours = input.repairHours ?? rates.repairHours.value;
  const confidence = input.spareConfidence ?? 0.99;
  const meanServersInRepair = replicas * serversInRepair(perReplica, repairHours);
  // A server in repair takes out every replica on it (one, for replicas of a server or more).
  const replicasPerServer = Math.max(1, Math.floor(input.gpusPerServer / input.replicaGpus));
  const headroomServers =
    input.headroomReplicas !== undefined
      ? Math.floor(Math.max(0, input.headroomReplicas) / replicasPerServer)
      : 0;
  const spareServers =
    input.headroomReplicas === undefined
      ? 0
      : Math.max(0, poissonQuantile(confidence, meanServersInRepair) - headroomServers);
  return {
    failuresPerYear: replicas * Object.values(perReplica).reduce((a, b) => a + b, 0) * 365,
    replicaMtbfDays: stopsPerDay > 0 ? 1 / stopsPerDay : Infinity,
    restartMin,
    // Online, a hot spare takes over after the restart; offline, a replica whose server failed
    // waits for the repair.
    downtimeFraction:
      (input.headroomReplicas === undefined
        ? hardwareStops * repairHours * 60 + softwareStops * restartMin
        : stopsPerDay * restartMin) /
      (24 * 60),
    meanServersInRepair,
    headroomServers,
    spareServers,
    spareUnitGpus: input.gpusPerHost,
    spareConfidence: confidence,
  };
}

export function planReliability(input: ReliabilityInput): ReliabilityResult {
  const rates = ratesWith(
    input.rates ?? FAILURE_RATES,
    input.failuresPer1000NodeDays,
    input.failureShares,
  );
  const byCause = interruptionRates(
    input.gpus,
    input.gpusPerHost,
    rates,
    input.scaleUpDomainGpus ?? input.gpusPerServer,
  );
  const perDay = Object.values(byCause).reduce((a, b) => a + b, 0);
  const mtbfHours = perDay > 0 ? 24 / perDay : Infinity;
  const c = FACILITY.checkpoint;
  const ckpt = checkpointCost(
    input.checkpointSave ?? c.save.value,
    input.checkpointGB,
    input.gpus,
    input.writeGBps,
    input.checkpointFigures ?? {
      coordinationS: c.coordinationS.value,
      hostCopyGBpsPerGpu: c.hostCopyGBpsPerGpu.value,
      sustainedWriteFraction: c.sustainedWriteFraction.value,
    },
  );
  const checkpointHours = ckpt.stallS / 3600;
  const restartMin = input.restartMin ?? rates.detectionMin.value + rates.restartMin.value;
  // A failure while the newest checkpoint is still being written rolls back to the one before:
  // on average its write time is lost work on top of the restart.
  const restartHours = (restartMin * 60 + ckpt.inFlightS) / 3600;
  const optimal = Number.isFinite(mtbfHours)
    ? dalyInterval(Math.max(checkpointHours, 1e-6), mtbfHours)
    : input.idealHours;
  // The next save cannot start before the previous one is on storage.
  const wanted = input.intervalMin !== undefined ? input.intervalMin / 60 : optimal;
  const writeBound = wanted < ckpt.persistS / 3600;
  const intervalHours = Math.min(input.idealHours, Math.max(wanted, ckpt.persistS / 3600));
  const wallHours = expectedWallTime(
    input.idealHours,
    intervalHours,
    checkpointHours,
    restartHours,
    mtbfHours,
  );
  // Hardware failures take a server out until repaired; spares keep the job at full size.
  const repairHours = input.repairHours ?? rates.repairHours.value;
  const confidence = input.spareConfidence ?? 0.99;
  const meanServersInRepair = serversInRepair(byCause, repairHours);
  const spareServers = poissonQuantile(confidence, meanServersInRepair);
  const seed = input.seed ?? 1;
  const trials = input.trials ?? 400;
  const mc =
    input.monteCarlo === false
      ? undefined
      : simulateRun(
          { workHours: input.idealHours, intervalHours, checkpointHours, restartHours, mtbfHours },
          trials,
          seed,
        );
  return {
    interruptionsPerDay: perDay,
    interruptionsPerDayByCause: byCause,
    mtbfHours,
    interruptionsExpected: (wallHours / 24) * perDay,
    checkpointGB: input.checkpointGB,
    checkpointSave: ckpt.save,
    checkpointStallS: ckpt.stallS,
    checkpointWriteS: ckpt.persistS,
    checkpointIntervalMin: intervalHours * 60,
    intervalChosen: writeBound
      ? 'the previous save still writing'
      : input.intervalMin !== undefined
        ? 'fixed by the scenario'
        : 'optimal (Daly 2006)',
    restartMin,
    goodput: input.idealHours / wallHours,
    days: wallHours / 24,
    meanServersInRepair,
    spareServers,
    spareUnitGpus: input.gpusPerHost,
    spareConfidence: confidence,
    ...(mc
      ? {
          monteCarlo: {
            seed,
            trials,
            p10Days: mc.p10Hours / 24,
            p50Days: mc.p50Hours / 24,
            p90Days: mc.p90Hours / 24,
            meanDays: mc.meanHours / 24,
            method: mc.method,
          },
        }
      : {}),
  };
}

// Shared storage for the cluster in tiers: a hot tier for what the jobs read and write at speed
// (datasets, retained checkpoints, model artefacts), a capacity tier up to what real clusters keep
// online (checkpoint history, raw data, logs, home: 240 PB for 24,576 GPUs, Llama 3 Sec. 3.3.1),
// and a backup of what cannot be regenerated, sized by its recovery point, retention and recovery
// time (NIST SP 800-34 Rev. 1, Sec. 3.2), optionally copied to a second site. Bandwidth from the
// per-GPU guidance for DGX SuperPOD-class storage, raised when a checkpoint target needs more; the
// number of parallel-file-system appliances that delivers capacity and bandwidth.
import type { StorageAppliance } from '../catalog/storage.js';

export interface StorageDemand {
  readonly gpus: number;
  /** Largest single checkpoint of the training workloads, GB. */
  readonly checkpointGB: number;
  /** All checkpoints of all training workloads at the retention count, TB. */
  readonly checkpointsTB: number;
  readonly datasetTB: number;
  /** Served models' weights and engines. */
  readonly artefactsTB: number;
}

export interface StorageGuidance {
  readonly readGBpsPerGpu: number;
  readonly writeGBpsPerGpu: number;
  /** Aggregate checkpoint write bandwidth asked for (reliability.checkpointWriteGBps). */
  readonly writeGBps?: number | undefined;
  /** Share of the rated write bandwidth a checkpoint burst sustains (1 when not given). */
  readonly sustainedWriteFraction?: number;
  /** Online capacity kept per GPU (default: none beyond the hot tier). */
  readonly onlineTBPerGpu?: number;
  /** Backup of the hot tier's data; absent: no backup planned. */
  readonly backup?: BackupPolicy;
}

export interface BackupPolicy {
  /** Hours between recovery points (recovery point objective). */
  readonly rpoHours: number;
  readonly retentionDays: number;
  /** Hours to restore the protected data (recovery time objective). */
  readonly rtoHours: number;
  /** Keep a copy of the backup at a second site. */
  readonly secondSite: boolean;
}

export interface BackupPlan extends BackupPolicy {
  /** Data that cannot be regenerated quickly: the hot tier's datasets, checkpoints and models. */
  readonly protectedTB: number;
  readonly recoveryPoints: number;
  /** One full copy plus the newest checkpoint at every recovery point. */
  readonly backupTB: number;
  readonly secondSiteTB: number;
  /** Read rate the backup must sustain to restore the protected data within the RTO. */
  readonly restoreGBps: number;
}

export interface StoragePlan {
  /** Online capacity: hot tier plus capacity tier. */
  readonly capacityTB: number;
  /** What the jobs read and write at speed: datasets, retained checkpoints, model artefacts. */
  readonly hotTB: number;
  /** Online capacity beyond the hot tier: checkpoint history, raw data, logs, home. */
  readonly capacityTierTB: number;
  /** Drive capacity of the appliances; rawTB / their usable TB is the parity overhead. */
  readonly rawTB: number;
  readonly backup?: BackupPlan;
  readonly datasetTB: number;
  readonly checkpointsTB: number;
  readonly artefactsTB: number;
  readonly readGBps: number;
  readonly writeGBps: number;
  /** Time to write the largest checkpoint at the write bandwidth a checkpoint burst sustains. */
  readonly checkpointWriteS: number;
  readonly appliance: string;
  /** All appliances: the performance tier's and the capacity tier's. */
  readonly appliances: number;
  /** Appliances sized for the hot data and the jobs' bandwidth. */
  readonly performanceAppliances: number;
  /** What set the performance tier's appliance count. */
  readonly sizedBy: 'capacity' | 'read bandwidth' | 'write bandwidth';
  readonly rackUnits: number;
  readonly powerKW: number;
}

export function planStorage(
  d: StorageDemand,
  g: StorageGuidance,
  appliance: StorageAppliance,
): StoragePlan {
  const hotTB = d.datasetTB + d.checkpointsTB + d.artefactsTB;
  const capacityTB = Math.max(hotTB, d.gpus * (g.onlineTBPerGpu ?? 0));
  const readGBps = d.gpus * g.readGBpsPerGpu;
  const writeGBps = Math.max(d.gpus * g.writeGBpsPerGpu, g.writeGBps ?? 0);
  // The performance tier: appliances for the hot data and the bandwidth the jobs draw.
  const byCapacity = Math.ceil(hotTB / appliance.usableTB.value);
  const byRead = Math.ceil(readGBps / appliance.readGBps.value);
  const byWrite = Math.ceil(writeGBps / appliance.writeGBps.value);
  const performance = Math.max(1, byCapacity, byRead, byWrite);
  const sizedBy =
    performance === byCapacity
      ? 'capacity'
      : performance === byWrite
        ? 'write bandwidth'
        : 'read bandwidth';
  // The capacity tier fills what the performance tier leaves free, then appliances of its own
  // (cold data: their bandwidth is not counted for the jobs).
  const freeTB = performance * appliance.usableTB.value - hotTB;
  const capacityAppliances = Math.max(
    0,
    Math.ceil((capacityTB - hotTB - freeTB) / appliance.usableTB.value),
  );
  const appliances = performance + capacityAppliances;
  // Delivered bandwidth is what the performance tier provides, at least the guidance.
  const deliveredWrite = performance * appliance.writeGBps.value;
  return {
    capacityTB,
    hotTB,
    capacityTierTB: capacityTB - hotTB,
    rawTB: appliances * appliance.rawTB.value,
    ...(g.backup ? { backup: planBackup(hotTB, d.checkpointGB, g.backup) } : {}),
    datasetTB: d.datasetTB,
    checkpointsTB: d.checkpointsTB,
    artefactsTB: d.artefactsTB,
    readGBps: performance * appliance.readGBps.value,
    writeGBps: deliveredWrite,
    // At the rate a checkpoint burst sustains, as the run's checkpoint cost reads it.
    checkpointWriteS:
      d.checkpointGB > 0 ? d.checkpointGB / (deliveredWrite * (g.sustainedWriteFraction ?? 1)) : 0,
    appliance: appliance.id,
    appliances,
    performanceAppliances: performance,
    sizedBy,
    rackUnits: appliances * appliance.rackUnits.value,
    powerKW: (appliances * appliance.maxPowerW.value) / 1000,
  };
}

/** Backup capacity and restore rate for the protected data under a backup policy. */
export function planBackup(protectedTB: number, checkpointGB: number, p: BackupPolicy): BackupPlan {
  const recoveryPoints = Math.ceil((p.retentionDays * 24) / p.rpoHours);
  const backupTB = protectedTB + (recoveryPoints * checkpointGB) / 1000;
  return {
    ...p,
    protectedTB,
    recoveryPoints,
    backupTB,
    secondSiteTB: p.secondSite ? backupTB : 0,
    restoreGBps: (protectedTB * 1000) / (p.rtoHours * 3600),
  };
}

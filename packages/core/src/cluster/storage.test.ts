import { describe, expect, it } from 'vitest';
import type { StorageAppliance } from '../catalog/storage.js';
import { CHECKPOINT_BYTES_PER_PARAM, datasetBytesPerToken } from '../training/checkpoint-size.js';
import { planBackup, planStorage } from './storage.js';

const appliance: StorageAppliance = {
  id: 'test',
  name: 'test appliance',
  rackUnits: { value: 2, source: 'test fixture' },
  readGBps: { value: 90, source: 'test fixture' },
  writeGBps: { value: 65, source: 'test fixture' },
  usableTB: { value: 500, source: 'test fixture' },
  rawTB: { value: 737, source: 'test fixture' },
  maxPowerW: { value: 2400, source: 'test fixture' },
};

describe('storage sizing', () => {
  it('a 405B checkpoint with Adam state is 14 bytes per parameter: 5.67 TB', () => {
    expect((405e9 * CHECKPOINT_BYTES_PER_PARAM) / 1e12).toBeCloseTo(5.67, 2);
  });

  it('dataset bytes per token: raw text + uint16 or int32 ids', () => {
    expect(datasetBytesPerToken(32_000)).toBe(6);
    expect(datasetBytesPerToken(128_256)).toBe(8);
  });

  it('Llama 3 405B on 16,384 GPUs: 15.6T tokens and 3 checkpoints, sized by capacity', () => {
    const ckptGB = (405e9 * 14) / 1e9;
    const s = planStorage(
      {
        gpus: 16_384,
        checkpointGB: ckptGB,
        checkpointsTB: (3 * ckptGB) / 1000,
        datasetTB: (15.6e12 * 8) / 1e12,
        artefactsTB: 0,
      },
      { readGBpsPerGpu: 0.156, writeGBpsPerGpu: 0.078 },
      appliance,
    );
    // 124.8 TB of data + 17.0 TB of checkpoints = 141.8 TB -> 1 appliance by capacity, but
    // 16,384 x 0.156 = 2,556 GB/s of reads -> 29 appliances; writes 1,278 GB/s -> 20.
    expect(s.capacityTB).toBeCloseTo(141.81, 1);
    expect(s.appliances).toBe(29);
    expect(s.sizedBy).toBe('read bandwidth');
    expect(s.writeGBps).toBe(29 * 65);
    expect(s.checkpointWriteS).toBeCloseTo(5670 / (29 * 65), 6);
  });

  it('a checkpoint write target beyond the guidance adds appliances', () => {
    const s = planStorage(
      { gpus: 64, checkpointGB: 100, checkpointsTB: 0.3, datasetTB: 1, artefactsTB: 0 },
      { readGBpsPerGpu: 0.156, writeGBpsPerGpu: 0.078, writeGBps: 1000 },
      appliance,
    );
    expect(s.appliances).toBe(Math.ceil(1000 / 65));
    expect(s.sizedBy).toBe('write bandwidth');
  });
});

describe('storage tiers and backup', () => {
  const ckptGB = (405e9 * 14) / 1e9;
  const demand = (gpus: number) => ({
    gpus,
    checkpointGB: ckptGB,
    checkpointsTB: (3 * ckptGB) / 1000,
    datasetTB: (15.6e12 * 8) / 1e12,
    artefactsTB: 0,
  });

  it("Meta's Llama 3 clusters: 9.77 TB per GPU keeps 240 PB online for 24,576 GPUs", () => {
    const s = planStorage(
      demand(24_576),
      { readGBpsPerGpu: 0.156, writeGBpsPerGpu: 0.078, onlineTBPerGpu: 9.77 },
      appliance,
    );
    expect(s.capacityTB / 1000).toBeCloseTo(240.1, 1);
    expect(s.hotTB).toBeCloseTo(141.81, 1);
    expect(s.capacityTierTB).toBeCloseTo(s.capacityTB - 141.81, 6);
    // The performance tier is sized by the jobs' reads (24,576 x 0.156 / 90 -> 43 appliances);
    // the capacity tier fills the rest at 500 TB each; raw drive capacity x 737/500.
    expect(s.performanceAppliances).toBe(43);
    expect(s.appliances).toBe(43 + Math.ceil((s.capacityTB - 43 * 500) / 500));
    expect(s.rawTB / (s.appliances * 500)).toBeCloseTo(737 / 500, 9);
    // The jobs see the performance tier's bandwidth only.
    expect(s.readGBps).toBe(43 * 90);
  });

  it('backup by RPO, retention and RTO: a full copy plus the newest checkpoint per point', () => {
    const s = planStorage(
      demand(16_384),
      {
        readGBpsPerGpu: 0.156,
        writeGBpsPerGpu: 0.078,
        backup: { rpoHours: 24, retentionDays: 30, rtoHours: 72, secondSite: false },
      },
      appliance,
    );
    const b = s.backup!;
    expect(b.protectedTB).toBeCloseTo(141.81, 1);
    expect(b.recoveryPoints).toBe(30);
    expect(b.backupTB).toBeCloseTo(141.81 + 30 * 5.67, 1);
    expect(b.secondSiteTB).toBe(0);
    // 141.8 TB in 72 hours: 0.547 GB/s of restore.
    expect(b.restoreGBps).toBeCloseTo(141_810 / (72 * 3600), 2);
    const twice = planBackup(b.protectedTB, ckptGB, { ...b, rpoHours: 12, secondSite: true });
    expect(twice.recoveryPoints).toBe(60);
    expect(twice.secondSiteTB).toBe(twice.backupTB);
  });
});

import { describe, expect, it } from 'vitest';
import { FAILURE_RATES } from '@aidc/core';
import { IncidentSchema, type Incident } from './incident-schema.js';
import { failureShares } from './failure-shares.js';
import { causeForXid } from './xid-causes.js';

const incident = (i: number, cause: Incident['cause']): Incident => ({
  id: `inc-${i}`,
  atMs: 1_700_000_000_000 + i,
  host: `gpu-${i}`,
  cause,
  note: '',
});

describe('IncidentSchema', () => {
  it('takes a GPU incident with its XID', () => {
    const ok = IncidentSchema.safeParse({
      id: 'inc-1',
      atMs: 1_700_000_000_000,
      host: 'gpu-017',
      gpuSlot: 3,
      cause: 'hbm',
      note: 'XID 48 then row remap',
      xid: 48,
    });
    expect(ok.success).toBe(true);
  });

  it('rejects an incident without a device, or with a cause outside the catalog', () => {
    const noDevice = IncidentSchema.safeParse({ id: 'a', atMs: 0, cause: 'gpu', note: '' });
    expect(noDevice.success).toBe(false);
    expect(noDevice.error?.issues[0]?.path).toEqual(['deviceId']);
    const badCause = IncidentSchema.safeParse({
      id: 'a',
      atMs: 0,
      host: 'h',
      cause: 'psu',
      note: '',
    });
    expect(badCause.success).toBe(false);
    expect(badCause.error?.issues[0]?.path).toEqual(['cause']);
  });
});

describe('failureShares', () => {
  it('keeps the catalog shares without incidents', () => {
    const s = failureShares([]);
    expect(s.shares.gpu).toBeCloseTo(0.3819, 4);
    expect(s.shares.hbm).toBeCloseTo(0.1718, 4);
    expect(s.fleetWeight).toBe(0);
  });

  it('blends 50 incidents with the catalog at weight 100', () => {
    // 30 GPU, 15 HBM, 5 software of 50.
    const incidents = [
      ...Array.from({ length: 30 }, (_, i) => incident(i, 'gpu')),
      ...Array.from({ length: 15 }, (_, i) => incident(100 + i, 'hbm')),
      ...Array.from({ length: 5 }, (_, i) => incident(200 + i, 'software')),
    ];
    const s = failureShares(incidents);
    // (100 × 0.3819 + 30) / 150 = 0.45460; (17.18 + 15) / 150 = 0.21453;
    // (15.04 + 5) / 150 = 0.13360; nic (1.67 + 0) / 150 = 0.01113.
    expect(s.shares.gpu).toBeCloseTo(0.4546, 4);
    expect(s.shares.hbm).toBeCloseTo(0.21453, 5);
    expect(s.shares.software).toBeCloseTo(0.1336, 4);
    expect(s.shares.nic).toBeCloseTo(0.011133, 5);
    expect(s.fleetWeight).toBeCloseTo(1 / 3, 9);
    expect(s.causes.find((c) => c.cause === 'gpu')!.fleetShare).toBeCloseTo(0.6, 9);
    const total = Object.values(s.shares).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 9);
  });

  it('lets hundreds of incidents dominate', () => {
    const incidents = Array.from({ length: 900 }, (_, i) => incident(i, 'hbm'));
    // (17.18 + 900) / 1000 = 0.91718.
    expect(failureShares(incidents).shares.hbm).toBeCloseTo(0.91718, 5);
    // With no prior the shares are the fleet's own.
    expect(
      failureShares(incidents, FAILURE_RATES.shares.value, { priorWeight: 0 }).shares.hbm,
    ).toBe(1);
  });
});

describe('causeForXid', () => {
  it('maps memory, bus, NVLink and GSP XIDs', () => {
    expect([48, 63, 64, 92, 94, 95].map(causeForXid)).toEqual(Array(6).fill('hbm'));
    expect(causeForXid(79)).toBe('gpu');
    expect(causeForXid(74)).toBe('gpu');
    expect(causeForXid(119)).toBe('gpuSystemProcessor');
    expect(causeForXid(13)).toBe('software');
    expect(causeForXid(45)).toBeUndefined();
  });
});

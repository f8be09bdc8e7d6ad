// The telemetry catalogs are valid, sourced, and agree with the incident table's XID causes.
import { describe, expect, it } from 'vitest';
import { XID_CAUSES } from '../incidents/xid-causes.js';
import {
  TELEMETRY_METRICS,
  XID_CATALOG,
  metricFor,
  metricInfo,
  telemetryCatalogProblems,
  xidClassOf,
  xidInfo,
} from './catalog.js';

describe('telemetry catalogs', () => {
  it('match their schemas and list no name or code twice', () => {
    expect(telemetryCatalogProblems()).toEqual([]);
  });

  it('know the DCGM fields the rules read, with units and kinds', () => {
    for (const name of [
      'DCGM_FI_DEV_GPU_UTIL',
      'DCGM_FI_DEV_POWER_USAGE',
      'DCGM_FI_DEV_GPU_TEMP',
      'DCGM_FI_DEV_MEMORY_TEMP',
      'DCGM_FI_DEV_XID_ERRORS',
      'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE',
      'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
      'DCGM_FI_DEV_ECC_DBE_VOL_TOTAL',
      'DCGM_FI_DEV_ROW_REMAP_FAILURE',
      'DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL',
      'DCGM_FI_DEV_FB_USED',
    ]) {
      expect(metricInfo(name), name).toBeDefined();
    }
    expect(metricInfo('DCGM_FI_DEV_XID_ERRORS')?.kind).toBe('gauge');
    expect(metricInfo('DCGM_FI_DEV_ECC_DBE_VOL_TOTAL')?.kind).toBe('counter');
    expect(metricInfo('DCGM_FI_DEV_POWER_USAGE')?.unit).toBe('W');
    expect(metricFor('inletTemperature')?.name).toBe('ipmi_temperature_celsius');
    expect(TELEMETRY_METRICS.every((m) => m.source.length > 20)).toBe(true);
  });

  it('classify the XIDs an operator acts on', () => {
    expect(xidClassOf(13)).toBe('application');
    expect(xidClassOf(48)).toBe('memory');
    expect(xidClassOf(74)).toBe('interconnect');
    expect(xidClassOf(79)).toBe('hardware');
    expect(xidClassOf(119)).toBe('driver');
    expect(xidClassOf(9999)).toBe('unknown');
    expect(xidInfo(79)?.immediate).toBe('RESTART_BM');
    expect(xidInfo(95)?.reset).toBe(true);
    expect(xidInfo(94)?.reset).toBe(false);
    expect(XID_CATALOG.every((x) => x.source.includes('docs.nvidia.com/deploy/xid-errors'))).toBe(
      true,
    );
  });

  it('agree with the incident table: every XID it maps to a cause is classified here', () => {
    for (const code of Object.keys(XID_CAUSES).map(Number)) {
      expect(xidInfo(code), `XID ${code}`).toBeDefined();
      const expected = XID_CAUSES[code]?.cause === 'software' ? 'application' : undefined;
      if (expected) expect(xidClassOf(code)).toBe(expected);
    }
  });
});

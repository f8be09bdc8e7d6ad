import { describe, expect, it } from 'vitest';
import { SMALL_INVENTORY } from '../inventory/small-inventory.fixture.js';
import { hostPowerKW, measureWindow, nonGpuKW } from './measure.js';
import type { Series } from '../telemetry-types.js';

const t0 = Date.UTC(2026, 11, 1);
const gpuPower = (host: string, watts: number[]): Series[] =>
  Array.from({ length: 8 }, (_, g) => ({
    metric: 'DCGM_FI_DEV_POWER_USAGE',
    labels: { Hostname: host, gpu: String(g) },
    points: watts.map((value, i) => ({ tsMs: t0 + i * 60_000, value })),
  }));

describe('measured host power', () => {
  it('adds the server’s planned non-GPU share to its GPUs’ power', () => {
    // DGX H100: 10.2 kW planned less 8 × 700 W H100 SXM TDP = 4.6 kW for the rest.
    const device = SMALL_INVENTORY.devices[0]!;
    expect(
      nonGpuKW(
        device,
        SMALL_INVENTORY.gpus.map((g) => g.model),
      ),
    ).toBeCloseTo(4.6, 9);
    // 8 GPUs at 500 W then 650 W: peak 5.2 kW of GPUs + 4.6 kW = 9.8 kW; mean 4.6 + 4.6 = 9.2 kW.
    const series = { gpuPower: gpuPower('gpu-001', [500, 650]), dcmiPower: [] };
    expect(hostPowerKW(SMALL_INVENTORY, series, 'peak').get('gpu-001')).toBeCloseTo(9.8, 9);
    expect(hostPowerKW(SMALL_INVENTORY, series, 'mean').get('gpu-001')).toBeCloseTo(9.2, 9);
  });

  it('prefers the BMC’s DCMI reading, and counts an unknown host’s GPUs only', () => {
    const series = {
      gpuPower: [...gpuPower('gpu-001', [500]), ...gpuPower('stray', [250])],
      dcmiPower: [
        {
          metric: 'ipmi_dcmi_power_consumption_watts',
          labels: { instance: 'gpu-001:9290' },
          points: [{ tsMs: t0, value: 8_700 }],
        },
      ],
    };
    const kw = hostPowerKW(SMALL_INVENTORY, series, 'last');
    expect(kw.get('gpu-001')).toBeCloseTo(8.7, 9);
    expect(kw.get('stray')).toBeCloseTo(2.0, 9);
  });
});

describe('a measured window', () => {
  it('averages power, utilisation and tensor activity, and counts node-days', () => {
    const w = measureWindow(
      SMALL_INVENTORY,
      { startMs: t0, endMs: t0 + 2 * 86_400_000 },
      {
        gpuPower: gpuPower('gpu-001', [500, 650]),
        dcmiPower: [],
        gpuUtil: [
          {
            metric: 'u',
            labels: { Hostname: 'gpu-001', gpu: '0' },
            points: [
              { tsMs: t0, value: 90 },
              { tsMs: t0 + 1, value: 100 },
            ],
          },
        ],
        tensorActive: [
          {
            metric: 't',
            labels: { Hostname: 'gpu-001', gpu: '0' },
            points: [
              { tsMs: t0, value: 0.4 },
              { tsMs: t0 + 1, value: 0.5 },
            ],
          },
        ],
        tokensPerS: [],
      },
    );
    // The one server at 9.2 kW mean; the inventory has no other device with power.
    expect(w.itPowerKW).toBeCloseTo(9.2, 9);
    expect([w.measuredServers, w.servers]).toEqual([1, 1]);
    expect(w.gpuUtil).toBeCloseTo(0.95, 9);
    expect(w.tensorActive).toBeCloseTo(0.45, 9);
    expect(w.nodeDays).toBe(2);
    expect(w.tokensPerS).toBeNull();
  });

  it('counts the servers that did not report at the mean of those that did', () => {
    const d1 = SMALL_INVENTORY.devices[0]!;
    const twoServers = {
      ...SMALL_INVENTORY,
      devices: [
        d1,
        { ...d1, id: 'd2', name: 'gpu-002', position: 9 },
        { ...d1, id: 'd3', name: 'gpu-003', position: 17, spare: true },
        {
          ...d1,
          id: 'sw',
          name: 'leaf-01',
          role: 'switch' as const,
          powerKW: 1.5,
          position: 25,
          heightU: 1,
        },
      ],
    };
    const w = measureWindow(
      twoServers,
      { startMs: t0, endMs: t0 + 86_400_000 },
      {
        gpuPower: gpuPower('gpu-001', [500, 650]),
        dcmiPower: [],
        gpuUtil: [],
        tensorActive: [],
        tokensPerS: [],
      },
    );
    // gpu-001 at 9.2 kW, gpu-002 at the same mean, the spare at its 10.2 kW rating (no design
    // draw given), the switch at 1.5 kW.
    expect(w.itPowerKW).toBeCloseTo(9.2 + 9.2 + 10.2 + 1.5, 9);
    expect([w.measuredServers, w.servers, w.nodeDays]).toEqual([1, 2, 2]);
    expect(w.gpuUtil).toBeNull();
  });
});

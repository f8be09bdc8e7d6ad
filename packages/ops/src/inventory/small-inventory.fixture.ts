// A one-rack inventory for the package's tests: a site, a hall, a row, a 41 kW rack on two
// 415 V 60 A feeds, one DGX H100
// (8 GPUs, 10.2 kW planned).
import type { Inventory } from '@aidc/core';

export const SMALL_INVENTORY: Inventory = {
  schemaVersion: 1,
  origin: { kind: 'manual', detail: 'test' },
  sites: [{ id: 's1', name: 'Site 1' }],
  halls: [{ id: 'h1', siteId: 's1', name: 'Hall 1' }],
  rows: [{ id: 'r1', hallId: 'h1', name: 'Row 1', index: 1 }],
  racks: [
    {
      id: 'k1',
      rowId: 'r1',
      name: 'Rack 1',
      position: 1,
      role: 'compute',
      units: 48,
      powerLimitKW: 41,
      coolingLimitKW: 41,
    },
  ],
  coolingLoops: [],
  devices: [
    {
      id: 'd1',
      name: 'gpu-001',
      role: 'server',
      model: 'dgx-h100',
      rackId: 'k1',
      position: 1,
      heightU: 8,
      powerKW: 10.2,
    },
  ],
  gpus: Array.from({ length: 8 }, (_, slot) => ({
    id: `d1-gpu${slot}`,
    deviceId: 'd1',
    slot,
    model: 'h100-sxm-80gb',
    serial: null,
  })),
  panels: [{ id: 'p1', hallId: 'h1', name: 'RPP-A', path: 'A' }],
  feeds: [
    {
      id: 'k1-A',
      panelId: 'p1',
      rackId: 'k1',
      name: 'k1 A',
      side: 'A',
      volts: 415,
      amps: 60,
      phases: 3,
      derating: 0.8,
      powerFactor: 1,
    },
  ],
  links: [],
};

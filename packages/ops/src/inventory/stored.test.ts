import { describe, expect, it } from 'vitest';
import type { Inventory } from '@aidc/core';
import {
  inventoryFromObjects,
  inventoryObjects,
  inventoryProblems,
  itemProblems,
} from './stored.js';

const small: Inventory = {
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
  gpus: [{ id: 'd1-gpu0', deviceId: 'd1', slot: 0, model: 'h100-sxm-80gb', serial: null }],
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

describe('an inventory as stored rows', () => {
  it('round-trips through rows with each thing under its parent', () => {
    const rows = inventoryObjects(small);
    expect(rows.find((r) => r.id === 'd1')).toMatchObject({
      kind: 'devices',
      name: 'gpu-001',
      parentId: 'k1',
    });
    expect(rows.find((r) => r.id === 'd1-gpu0')).toMatchObject({ name: 'd1-gpu0', parentId: 'd1' });
    expect(inventoryFromObjects(rows, small.origin)).toEqual(small);
  });

  it('finds duplicate ids and dangling references, with their paths', () => {
    expect(inventoryProblems(small)).toEqual([]);
    const broken = {
      ...small,
      devices: [...small.devices, { ...small.devices[0]!, rackId: 'k9' }],
    };
    expect(inventoryProblems(broken)).toEqual([
      { path: 'devices.1.id', expected: 'an id not used before in devices', found: 'd1' },
      { path: 'devices.1.rackId', expected: "the id of one of the inventory's racks", found: 'k9' },
    ]);
    const wrongType = { ...small, racks: [{ ...small.racks[0]!, powerLimitKW: 'lots' }] };
    expect(inventoryProblems(wrongType)[0]).toMatchObject({
      path: 'racks.0.powerLimitKW',
      found: '"lots"',
    });
  });

  it('checks one edited thing against the schema and what is stored', () => {
    const has = (kind: string, id: string) => kind === 'racks' && id === 'k1';
    expect(itemProblems('devices', small.devices[0], has)).toEqual([]);
    expect(itemProblems('devices', { ...small.devices[0], rackId: 'k2' }, has)).toEqual([
      { path: 'rackId', expected: "the id of one of the inventory's racks", found: 'k2' },
    ]);
    expect(itemProblems('devices', { ...small.devices[0], heightU: 0 }, has)[0]?.path).toBe(
      'heightU',
    );
  });
});

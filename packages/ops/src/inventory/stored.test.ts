import { describe, expect, it } from 'vitest';
import { SMALL_INVENTORY } from './small-inventory.fixture.js';
import {
  inventoryFromObjects,
  inventoryObjects,
  inventoryProblems,
  itemProblems,
} from './stored.js';

const small = SMALL_INVENTORY;

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

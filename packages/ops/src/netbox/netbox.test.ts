import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InventorySchema } from '@aidc/core';
import { headroom } from '../headroom/headroom.js';
import { inventoryToNetbox } from './netbox-export.js';
import { deviceRoleOf, inventoryFromNetbox } from './netbox-import.js';

const fixture = (): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL('../../test-fixtures/netbox-dcim.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

// 415 V three-phase 63 A at NetBox's max_utilization 80 %, unity power factor.
const threePhase63A = (415 * 63 * Math.sqrt(3) * 0.8) / 1000;

describe('inventoryFromNetbox', () => {
  const { inventory, problems } = inventoryFromNetbox(fixture());

  it('reads the fixture site without problems', () => {
    expect(problems).toEqual([]);
    expect(InventorySchema.safeParse(inventory).success).toBe(true);
    expect(inventory.origin.kind).toBe('netbox');
    expect(inventory.sites).toEqual([{ id: 'netbox:sites:1', name: 'ASH1', region: 'us-east' }]);
    expect(inventory.halls.map((h) => h.name)).toEqual(['Hall 1', 'Hall 2']);
    // Racks directly in a location: one row per hall.
    expect(inventory.rows.map((r) => [r.id, r.index])).toEqual([
      ['netbox:locations:10/row', 1],
      ['netbox:locations:11/row', 1],
    ]);
    expect(inventory.racks).toHaveLength(4);
    expect(inventory.devices).toHaveLength(12);
    expect(inventory.panels.map((p) => [p.name, p.path])).toEqual([
      ['RPP-1A', 'A'],
      ['RPP-1B', 'B'],
    ]);
    expect(inventory.feeds).toHaveLength(8);
  });

  it('maps feeds, rack limits and roles', () => {
    const rack = (name: string) => inventory.racks.find((r) => r.name === name)!;
    expect(threePhase63A).toBeCloseTo(36.2276, 4);
    expect(rack('R101').powerLimitKW).toBeCloseTo(threePhase63A, 9);
    expect(rack('R101').coolingLimitKW).toBeCloseTo(threePhase63A, 9);
    expect(rack('R101').position).toBe(1);
    expect(rack('R102').position).toBe(2);
    // 230 V single-phase 32 A at 80 %.
    expect(rack('R202').powerLimitKW).toBeCloseTo(5.888, 9);
    expect(rack('R201').role).toBe('network');
    // No rack role in NetBox: inferred from its one storage appliance.
    expect(rack('R202').role).toBe('storage');
    const feed = inventory.feeds.find((f) => f.name === 'R101-B')!;
    expect(feed).toMatchObject({ side: 'B', volts: 415, amps: 63, phases: 3, derating: 0.8 });
  });

  it('maps devices: power from power ports, heights from device types', () => {
    const dev = (name: string) => inventory.devices.find((d) => d.name === name)!;
    // Six PSUs at 1,700 W allocated.
    expect(dev('gpu-a01')).toMatchObject({
      role: 'server',
      model: 'DGX H100',
      heightU: 8,
      position: 1,
    });
    expect(dev('gpu-a01').powerKW).toBeCloseTo(10.2, 9);
    // No allocation: two PSUs at 800 W maximum.
    expect(dev('leaf-a01').powerKW).toBeCloseTo(1.6, 9);
    // A management switch is a switch (the role names the device, the fabric its network).
    expect(dev('mgmt-01')).toMatchObject({ role: 'switch', serial: null });
    // Zero-U PDUs: no position, no load of their own.
    expect(dev('pdu-r101-a')).toMatchObject({
      role: 'pdu',
      position: null,
      heightU: 1,
      powerKW: 0,
    });
    expect(dev('stor-01').powerKW).toBeCloseTo(2.8, 9);
  });

  it('feeds headroom: each 2N feed of R101 carries the whole rack', () => {
    const h = headroom(inventory, { hostPowerKW: new Map() });
    const r101 = h.racks.find((r) => r.name === 'R101')!;
    expect(r101.plannedKW).toBeCloseTo(22, 9);
    const feed = h.feeds.find((f) => f.name === 'R101-A')!;
    expect(feed.loadKW).toBeCloseTo(22, 9);
    expect(feed.fraction).toBeCloseTo(22 / threePhase63A, 9);
  });

  it('accepts bare arrays and NetBox 3.x device_role', () => {
    const file = fixture();
    const devices = (file['devices'] as { results: Record<string, unknown>[] }).results.map(
      ({ role, ...d }) => ({ ...d, device_role: role }),
    );
    const { inventory: again, problems: p } = inventoryFromNetbox({ ...file, devices });
    expect(p).toEqual([]);
    expect(again).toEqual(inventory);
  });
});

describe('inventoryToNetbox', () => {
  it('round-trips: import, export, import gives the same inventory', () => {
    const first = inventoryFromNetbox(fixture()).inventory;
    const exported = inventoryToNetbox(first);
    expect(exported.racks.results[0]).toMatchObject({
      id: 101,
      location: { id: 10 },
      custom_fields: { aidc_power_limit_kw: first.racks[0]!.powerLimitKW },
    });
    expect(exported['power-feeds'].results[1]).toMatchObject({
      type: { value: 'redundant' },
      max_utilization: 80,
    });
    const second = inventoryFromNetbox(JSON.parse(JSON.stringify(exported)));
    expect(second.problems).toEqual([]);
    expect(second.inventory).toEqual(first);
  });

  it('exports an inventory that did not come from NetBox, rows as child locations', () => {
    const first = inventoryFromNetbox(fixture()).inventory;
    const manual = {
      ...first,
      origin: { kind: 'manual' as const, detail: 'hand' },
      rows: first.rows.map((r, i) => ({ ...r, id: `row-${i}`, name: `Row ${i + 1}` })),
      racks: first.racks.map((r) => ({ ...r, rowId: `row-${r.rowId.includes(':10/') ? 0 : 1}` })),
    };
    const exported = inventoryToNetbox(manual);
    const rows = exported.locations.results.filter((l) => l['parent'] !== null);
    expect(rows.map((l) => [l['name'], l['parent']])).toEqual([
      ['Row 1', { id: 10 }],
      ['Row 2', { id: 11 }],
    ]);
    const back = inventoryFromNetbox(exported);
    expect(back.problems).toEqual([]);
    expect(back.inventory.rows.map((r) => [r.name, r.hallId])).toEqual([
      ['Row 1', 'netbox:locations:10'],
      ['Row 2', 'netbox:locations:11'],
    ]);
    expect(back.inventory.racks.map((r) => r.powerLimitKW)).toEqual(
      first.racks.map((r) => r.powerLimitKW),
    );
  });
});

describe('bad input', () => {
  it('reports a file that is not an object of lists, without throwing', () => {
    const r = inventoryFromNetbox('racks');
    expect(r.problems[0]).toEqual({
      path: '$',
      expected: 'an object of NetBox lists keyed by endpoint (sites, racks, devices, ...)',
      found: '"racks"',
    });
    expect(r.inventory.racks).toEqual([]);
    expect(inventoryFromNetbox(null).problems.length).toBeGreaterThan(0);
  });

  it('names the path of a bad field and keeps the rest', () => {
    const file = fixture();
    const racks = file['racks'] as { results: Record<string, unknown>[] };
    racks.results[1]!['u_height'] = '42U';
    const feeds = file['power-feeds'] as { results: Record<string, unknown>[] };
    feeds.results[0]!['max_utilization'] = 120;
    const devices = file['devices'] as { results: Record<string, unknown>[] };
    devices.results[0]!['role'] = { slug: 'coffee-machine' };
    delete file['power-panels'];
    const { inventory, problems } = inventoryFromNetbox(file);
    const paths = problems.map((p) => p.path);
    expect(paths).toContain('$.racks.results[1].u_height');
    expect(paths).toContain('$["power-feeds"].results[0].max_utilization');
    expect(paths).toContain('$.devices.results[0].role.slug');
    expect(paths).toContain('$["power-panels"]');
    expect(problems.find((p) => p.path === '$.racks.results[1].u_height')!.found).toBe('"42U"');
    expect(problems.find((p) => p.path === '$["power-panels"]')!.found).toBe('nothing');
    // Without panels no feed survives, so no rack has a power limit: each is reported.
    expect(inventory.racks).toEqual([]);
    expect(problems.filter((p) => p.expected.startsWith('power feeds to the rack'))).toHaveLength(
      3,
    );
  });

  it('reports a list that is not complete and a dangling reference', () => {
    const file = fixture();
    (file['sites'] as { next: string | null }).next =
      'https://netbox.example.net/api/dcim/sites/?offset=50';
    const devices = file['devices'] as { results: Record<string, unknown>[] };
    devices.results[2]!['rack'] = { id: 999 };
    const { problems } = inventoryFromNetbox(file);
    expect(problems.map((p) => p.path)).toEqual(['$.sites.next', '$.devices.results[2].rack.id']);
  });
});

describe('deviceRoleOf', () => {
  it('maps common NetBox role slugs', () => {
    expect(
      ['gpu-server', 'leaf-switch', 'spine', 'storage-array', 'pdu', 'oob-mgmt', 'rdhx'].map(
        deviceRoleOf,
      ),
    ).toEqual(['server', 'switch', 'switch', 'storage', 'pdu', 'management', undefined]);
  });
});

import { describe, expect, it } from 'vitest';
import { InventorySchema, type Inventory, type InventoryDevice } from '@aidc/core';
import { headroom } from './headroom.js';
import { freeRuns } from './rack-units.js';
import { whereFits } from './where-fits.js';

const device = (
  name: string,
  rackId: string,
  position: number | null,
  heightU: number,
  powerKW: number,
  role: InventoryDevice['role'] = 'server',
): InventoryDevice => ({
  id: `dev-${name}`,
  name,
  role,
  model: role === 'server' ? 'dgx-h100' : 'switch',
  rackId,
  position,
  heightU,
  powerKW,
});

// 415 V three-phase 63 A, power factor 0.95, 80 % continuous: 34.416 kW per feed.
const feed = (id: string, panelId: string, rackId: string, side: 'A' | 'B') => ({
  id,
  panelId,
  rackId,
  name: id,
  side,
  volts: 415,
  amps: 63,
  phases: 3 as const,
  derating: 0.8,
  powerFactor: 0.95,
});

const smallHall: Inventory = InventorySchema.parse({
  schemaVersion: 1,
  origin: { kind: 'manual', detail: 'headroom test hall' },
  sites: [{ id: 's1', name: 'Site 1' }],
  halls: [{ id: 'h1', siteId: 's1', name: 'Hall 1' }],
  rows: [{ id: 'row1', hallId: 'h1', name: 'Row 1', index: 1 }],
  racks: [
    {
      id: 'rack-1',
      rowId: 'row1',
      name: 'R1',
      position: 1,
      role: 'compute',
      units: 42,
      powerLimitKW: 40.8,
      coolingLimitKW: 40.8,
      coolingLoopId: 'loop-1',
    },
    {
      id: 'rack-2',
      rowId: 'row1',
      name: 'R2',
      position: 2,
      role: 'compute',
      units: 42,
      powerLimitKW: 40.8,
      coolingLimitKW: 35,
      coolingLoopId: 'loop-1',
    },
    {
      id: 'rack-3',
      rowId: 'row1',
      name: 'R3',
      position: 3,
      role: 'network',
      units: 42,
      powerLimitKW: 20,
      coolingLimitKW: 20,
    },
  ],
  coolingLoops: [{ id: 'loop-1', hallId: 'h1', name: 'CRAH group 1', kind: 'air', capacityKW: 60 }],
  devices: [
    device('gpu-001', 'rack-1', 1, 8, 10.2),
    device('gpu-002', 'rack-1', 9, 8, 10.2),
    device('leaf-1', 'rack-1', 42, 1, 1.5, 'switch'),
    device('gpu-003', 'rack-2', 1, 8, 10.2),
    device('spine-1', 'rack-3', 1, 1, 2, 'switch'),
  ],
  gpus: [],
  panels: [
    { id: 'pa', hallId: 'h1', name: 'RPP-A', path: 'A' },
    { id: 'pb', hallId: 'h1', name: 'RPP-B', path: 'B' },
  ],
  feeds: [
    feed('f1a', 'pa', 'rack-1', 'A'),
    feed('f1b', 'pb', 'rack-1', 'B'),
    feed('f2a', 'pa', 'rack-2', 'A'),
    feed('f2b', 'pb', 'rack-2', 'B'),
    // A single-sided network rack: 230 V single-phase 32 A, unity power factor, 80 %.
    { ...feed('f3a', 'pa', 'rack-3', 'A'), volts: 230, amps: 32, phases: 1, powerFactor: 1 },
  ],
  links: [],
});

const measured = {
  hostPowerKW: new Map([
    ['gpu-001', 8.0],
    ['gpu-002', 8.4],
    ['ghost-host', 3],
  ]),
};

describe('headroom', () => {
  const h = headroom(smallHall, measured);
  const rack = (id: string) => h.racks.find((r) => r.rackId === id)!;
  const feedOf = (id: string) => h.feeds.find((f) => f.feedId === id)!;

  it('takes measured hosts at their peak and unmeasured devices at plan', () => {
    const r1 = rack('rack-1');
    expect(r1.plannedKW).toBeCloseTo(21.9, 9);
    expect(r1.measuredKW).toBeCloseTo(16.4, 9);
    // 8.0 + 8.4 measured + the leaf switch's planned 1.5.
    expect(r1.loadKW).toBeCloseTo(17.9, 9);
    expect(r1.basis).toBe('measured');
    expect(r1.headroomKW).toBeCloseTo(22.9, 9);
    expect(r1.fraction).toBeCloseTo(17.9 / 40.8, 9);
  });

  it('falls back to the plan for a rack without telemetry', () => {
    const r2 = rack('rack-2');
    expect(r2.measuredKW).toBeNull();
    expect(r2.basis).toBe('planned');
    expect(r2.headroomKW).toBeCloseTo(30.6, 9);
    expect(r2.coolingHeadroomKW).toBeCloseTo(24.8, 9);
  });

  it('uses the plan or the higher of the two when asked', () => {
    expect(headroom(smallHall, measured, { basis: 'planned' }).racks[0]!.loadKW).toBeCloseTo(21.9);
    expect(headroom(smallHall, measured, { basis: 'higher' }).racks[0]!.loadKW).toBeCloseTo(21.9);
  });

  it('loads each feed of a 2N rack with the whole rack', () => {
    const f = feedOf('f1a');
    expect(f.capacityKW).toBeCloseTo(34.416, 3);
    expect(f.loadKW).toBeCloseTo(17.9, 9);
    expect(f.normalKW).toBeCloseTo(8.95, 9);
    expect(f.fraction).toBeCloseTo(17.9 / 34.41619, 4);
    expect(feedOf('f3a').capacityKW).toBeCloseTo(5.888, 9);
    expect(feedOf('f3a').loadKW).toBeCloseTo(2, 9);
  });

  it('sums panels and cooling loops', () => {
    const [a, b] = h.panels;
    expect(a!.loadKW).toBeCloseTo(17.9 + 10.2 + 2, 9);
    expect(a!.normalKW).toBeCloseTo(8.95 + 5.1 + 2, 9);
    expect(b!.loadKW).toBeCloseTo(28.1, 9);
    const [loop] = h.loops;
    expect(loop!.loadKW).toBeCloseTo(28.1, 9);
    expect(loop!.headroomKW).toBeCloseTo(31.9, 9);
  });

  it('lists measured hosts the inventory does not know', () => {
    expect(h.unplacedHosts).toEqual(['ghost-host']);
  });

  it('rejects a measured power that is not a number of kW', () => {
    expect(() => headroom(smallHall, { hostPowerKW: new Map([['gpu-001', NaN]]) })).toThrow(
      /gpu-001/,
    );
  });
});

describe('freeRuns', () => {
  it('finds the units no device occupies', () => {
    expect(freeRuns(smallHall, smallHall.racks[0]!)).toEqual([{ from: 17, units: 25 }]);
    expect(freeRuns(smallHall, smallHall.racks[1]!)).toEqual([{ from: 9, units: 34 }]);
  });
});

describe('whereFits', () => {
  const h = headroom(smallHall, measured);
  const dgx = { model: 'dgx-h100', powerKW: 10.2, heightU: 8 };

  it('fills the tightest rack first and says what runs out', () => {
    const fit = whereFits(smallHall, h, dgx, 4);
    // R1: 3 by space, 2 by power, 1 by its feeds (34.42 − 17.9 = 16.5 kW), 2 by cooling.
    // R2: 4 by space, 3 by power, 2 by feeds (24.2 kW), 2 by cooling, 2 left in the loop.
    expect(fit.racks.map((r) => [r.name, r.fits, r.place, r.limitedBy])).toEqual([
      ['R1', 1, 1, 'feed'],
      ['R2', 2, 2, 'feed'],
    ]);
    expect(fit.fitsTotal).toBe(3);
    expect(fit.placed).toBe(3);
    expect(fit.short).toBe(1);
    expect(fit.totals).toEqual({ space: 7, power: 5, feed: 3, cooling: 4, coolingLoop: 3 });
    expect(fit.limitedBy).toEqual(['feed', 'coolingLoop']);
  });

  it('places only what is asked for', () => {
    const fit = whereFits(smallHall, h, dgx, 2);
    expect(fit.racks.map((r) => r.place)).toEqual([1, 1]);
    expect(fit.short).toBe(0);
    expect(fit.limitedBy).toEqual([]);
  });

  it('counts space alone for a small, low-power server', () => {
    const fit = whereFits(smallHall, h, { model: '1u', powerKW: 0.5, heightU: 1 }, 100);
    // Space 25 + 34 units; the loop's 31.9 kW takes 63; the feeds 33 + 48; cooling 45 + 49.
    expect(fit.totals).toEqual({ space: 59, power: 106, feed: 81, cooling: 94, coolingLoop: 63 });
    expect(fit.fitsTotal).toBe(59);
    expect(fit.limitedBy).toEqual(['space', 'coolingLoop', 'feed', 'cooling']);
  });
});

import { describe, expect, it } from 'vitest';
import siteComparison from '../../../../examples/expected/h100-site-comparison.plan.json' with { type: 'json' };
import deadline from '../../../../examples/expected/llama2-70b-deadline.plan.json' with { type: 'json' };
import llama16k from '../../../../examples/expected/llama3.1-405b-16k-h100.plan.json' with { type: 'json' };
import chatAndBatch from '../../../../examples/expected/llama3.1-70b-chat-and-batch.plan.json' with { type: 'json' };
import small from '../../../../examples/expected/llama3.1-8b-small.plan.json' with { type: 'json' };
import schedulers from '../../../../examples/expected/scheduler-comparison.plan.json' with { type: 'json' };
import { powerConvention } from '../catalog/power-distribution.js';
import { planScenario, type Plan } from '../plan.js';
import { PlanSchema } from '../plan-schema/plan.js';
import { parseScenario } from '../scenario/parse.js';
import { feedCapacityKW, InventorySchema, type Inventory } from './inventory-schema.js';
import { feedSizing, INVENTORY_FABRICS, planInventory } from './plan-inventory.js';

const examples: Record<string, Plan> = Object.fromEntries(
  Object.entries({
    'h100-site-comparison': siteComparison,
    'llama2-70b-deadline': deadline,
    'llama3.1-405b-16k-h100': llama16k,
    'llama3.1-70b-chat-and-batch': chatAndBatch,
    'llama3.1-8b-small': small,
    'scheduler-comparison': schedulers,
  }).map(([name, json]) => [name, PlanSchema.parse(json)]),
);

function planOf(scenario: Record<string, unknown>): Plan {
  const parsed = parseScenario(JSON.stringify(scenario));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return planScenario(parsed.scenario, { monteCarlo: false });
}

const training = {
  name: 'pretrain',
  type: 'training',
  model: 'llama3.1-405b',
  tokens: 15.6e12,
  seqLen: 8192,
  globalBatchTokens: 16e6,
  precision: 'bf16',
};

/** A GB200 NVL72 cluster: rack-scale units of 18 compute trays, liquid-cooled. */
const nvl72 = planOf({
  name: 'GB200 NVL72 cluster',
  site: { country: 'DE' },
  cluster: { gpu: 'gb200-nvl72', gpus: 4608 },
  workloads: [training],
});

const all: Record<string, Plan> = { ...examples, 'gb200-nvl72': nvl72 };

function countBy<T>(xs: readonly T[], key: (x: T) => string | undefined): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) {
    const k = key(x);
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function expectCounts(plan: Plan, inv: Inventory): void {
  const c = plan.cluster;
  const rd = c.rackDetail;
  if (!rd) throw new Error('plan without racks');
  const hosts = c.hostsPerServer ?? 1;
  const servers = inv.devices.filter((d) => d.role === 'server');
  expect(servers).toHaveLength(c.servers * hosts);
  // Spare units are whole servers (racks of trays), plus trays left free inside the workloads' racks.
  expect(servers.filter((d) => d.spare === true)).toHaveLength(
    (c.spareServers ?? 0) * hosts + (c.spareHostsInServers ?? 0),
  );
  expect(inv.gpus).toHaveLength(c.servers * c.gpusPerServer);
  const roles = countBy(inv.racks, (r) => r.role);
  expect(roles.get('compute') ?? 0).toBe(rd.compute);
  expect(roles.get('network') ?? 0).toBe(rd.network);
  expect(roles.get('storage') ?? 0).toBe(rd.storage);
  expect(inv.racks).toHaveLength(rd.total);
  expect(inv.rows).toHaveLength(rd.rows);
  expect(inv.halls).toHaveLength(Math.min(rd.rows, plan.facility?.lineups.needed ?? 1));
  const switches = countBy(
    inv.devices.filter((d) => d.role === 'switch'),
    (d) => `${d.fabric ?? '?'}/${d.tier ?? '-'}`,
  );
  const links = countBy(inv.links, (l) => `${l.fabric}/${l.level}`);
  const networks = { compute: c.fabric, storage: c.storageNetwork, inband: c.inbandNetwork };
  for (const fabric of INVENTORY_FABRICS) {
    const net = networks[fabric];
    for (const tier of ['leaf', 'spine', 'core'] as const) {
      expect(switches.get(`${fabric}/${tier}`) ?? 0, `${fabric} ${tier}`).toBe(
        net?.switches[tier] ?? 0,
      );
    }
    // linksByLevel.spineCore counts one level above the spines; a fabric of t tiers has t - 2.
    const levels = Math.max(1, (net?.tiers ?? 0) - 2);
    expect(links.get(`${fabric}/serverLeaf`) ?? 0).toBe(net?.linksByLevel.serverLeaf ?? 0);
    expect(links.get(`${fabric}/leafSpine`) ?? 0).toBe(net?.linksByLevel.leafSpine ?? 0);
    expect(links.get(`${fabric}/spineCore`) ?? 0).toBe((net?.linksByLevel.spineCore ?? 0) * levels);
    expect(inv.links.filter((l) => l.fabric === fabric)).toHaveLength(net?.links ?? 0);
  }
  expect(switches.get('management/-') ?? 0).toBe(c.managementNetwork?.switches ?? 0);
  expect(inv.devices.filter((d) => d.role === 'storage')).toHaveLength(c.storage?.appliances ?? 0);
}

function expectReferencesResolve(inv: Inventory): void {
  const ids = (xs: readonly { id: string }[]) => new Set(xs.map((x) => x.id));
  const sites = ids(inv.sites);
  const halls = ids(inv.halls);
  const rows = ids(inv.rows);
  const racks = ids(inv.racks);
  const loops = ids(inv.coolingLoops);
  const devices = ids(inv.devices);
  const panels = ids(inv.panels);
  const missing: string[] = [];
  const check = (set: Set<string>, id: string | null | undefined, what: string) => {
    if (id !== null && id !== undefined && !set.has(id)) missing.push(`${what} ${id}`);
  };
  for (const h of inv.halls) check(sites, h.siteId, 'site');
  for (const r of inv.rows) check(halls, r.hallId, 'hall');
  for (const r of inv.racks) {
    check(rows, r.rowId, 'row');
    check(loops, r.coolingLoopId, 'cooling loop');
  }
  for (const l of inv.coolingLoops) check(halls, l.hallId, 'hall');
  for (const d of inv.devices) check(racks, d.rackId, 'rack');
  for (const g of inv.gpus) check(devices, g.deviceId, 'device');
  for (const p of inv.panels) check(halls, p.hallId, 'hall');
  for (const f of inv.feeds) {
    check(panels, f.panelId, 'panel');
    check(racks, f.rackId, 'rack');
  }
  const ports = new Set<string>();
  const twice: string[] = [];
  for (const l of inv.links) {
    check(devices, l.aDeviceId, 'link end');
    check(devices, l.bDeviceId, 'link end');
    for (const port of [`${l.aDeviceId} ${l.aPort}`, `${l.bDeviceId} ${l.bPort}`]) {
      if (ports.has(port)) twice.push(port);
      ports.add(port);
    }
  }
  expect(missing).toEqual([]);
  expect(twice).toEqual([]);
}

describe('planInventory on every example plan', () => {
  for (const [name, plan] of Object.entries(all)) {
    describe(name, () => {
      const inv = planInventory(plan);

      it('is a valid inventory', () => {
        expect(() => InventorySchema.parse(inv)).not.toThrow();
        expect(inv.origin.kind).toBe('plan');
      });

      it("has the plan's counts", () => expectCounts(plan, inv));

      it('has unique ids across all kinds, and the same inventory byte for byte', () => {
        const everything = [
          ...inv.sites,
          ...inv.halls,
          ...inv.rows,
          ...inv.racks,
          ...inv.coolingLoops,
          ...inv.devices,
          ...inv.gpus,
          ...inv.panels,
          ...inv.feeds,
          ...inv.links,
        ].map((x) => x.id);
        expect(new Set(everything).size).toBe(everything.length);
        expect(JSON.stringify(planInventory(plan))).toBe(JSON.stringify(inv));
      });

      it('resolves every reference and cables no port twice', () => expectReferencesResolve(inv));

      it("carries every rack from either path alone (2N), within the rack's power limit", () => {
        const feeds = new Map<string, { A: number; B: number }>();
        for (const f of inv.feeds) {
          const sum = feeds.get(f.rackId ?? '') ?? { A: 0, B: 0 };
          sum[f.side] += feedCapacityKW(f);
          feeds.set(f.rackId ?? '', sum);
        }
        const load = new Map<string, number>();
        for (const d of inv.devices) {
          if (d.rackId !== null) load.set(d.rackId, (load.get(d.rackId) ?? 0) + d.powerKW);
        }
        for (const r of inv.racks) {
          const f = feeds.get(r.id);
          expect(f?.A ?? 0).toBeGreaterThanOrEqual(r.powerLimitKW);
          expect(f?.B ?? 0).toBeGreaterThanOrEqual(r.powerLimitKW);
          expect(load.get(r.id) ?? 0).toBeLessThanOrEqual(r.powerLimitKW + 1e-9);
          expect(inv.devices.filter((d) => d.rackId === r.id && d.role === 'pdu')).toHaveLength(
            inv.feeds.filter((x) => x.rackId === r.id).length,
          );
        }
      });

      it('places devices within their racks without overlap', () => {
        const units = new Map(inv.racks.map((r) => [r.id, r.units]));
        const used = new Set<string>();
        for (const d of inv.devices) {
          if (d.rackId === null || d.position === null) continue;
          for (let u = d.position; u < d.position + d.heightU; u++) {
            expect(u).toBeLessThanOrEqual(units.get(d.rackId) ?? 0);
            const key = `${d.rackId} ${u}`;
            expect(used.has(key), key).toBe(false);
            used.add(key);
          }
        }
        // Servers, switches and storage are all placed; only the fabric manager is not.
        const unplaced = inv.devices.filter((d) => d.rackId === null);
        expect(unplaced.every((d) => d.role === 'management')).toBe(true);
      });

      it('puts every rack on a cooling loop of its hall, liquid for liquid-cooled compute racks', () => {
        const loops = new Map(inv.coolingLoops.map((l) => [l.id, l]));
        const rows = new Map(inv.rows.map((r) => [r.id, r]));
        for (const r of inv.racks) {
          const loop = loops.get(r.coolingLoopId ?? '');
          expect(loop?.hallId).toBe(rows.get(r.rowId)?.hallId);
          const liquid = r.role === 'compute' && plan.facility?.cooling === 'liquid';
          expect(loop?.kind).toBe(liquid ? 'liquid' : 'air');
        }
      });

      // A liquid-cooled rack's heat is all counted on its liquid loop (its air share is not split
      // off), so the invariant is checked on air-cooled plans.
      it.skipIf(plan.facility?.cooling === 'liquid')(
        'shares the installed cooling among the halls by their heat: no loop over at design draw',
        () => {
          const heatOfRack = new Map<string, number>();
          for (const d of inv.devices)
            if (d.rackId !== null)
              heatOfRack.set(d.rackId, (heatOfRack.get(d.rackId) ?? 0) + (d.designKW ?? d.powerKW));
          for (const loop of inv.coolingLoops) {
            const heat = inv.racks
              .filter((r) => r.coolingLoopId === loop.id)
              .reduce((sum, r) => sum + (heatOfRack.get(r.id) ?? 0), 0);
            expect(heat).toBeLessThanOrEqual(loop.capacityKW * (1 + 1e-9));
          }
          const plant = plan.facility?.coolingPlant;
          const installedAir =
            plant && plant.crahs.units > 0 ? plant.crahs.units * plant.crahs.unitKW : null;
          const air = inv.coolingLoops
            .filter((l) => l.kind === 'air')
            .reduce((s, l) => s + l.capacityKW, 0);
          if (installedAir !== null) expect(air).toBeCloseTo(installedAir, 6);
        },
      );
    });
  }
});

describe('the 16k-GPU H100 plan', () => {
  const plan = examples['llama3.1-405b-16k-h100']!;
  const inv = planInventory(plan);

  it('uses the readable place ids', () => {
    expect(inv.sites[0]?.id).toBe('s1');
    expect(inv.halls.map((h) => h.id)).toContain('s1-h9');
    expect(inv.rows[0]?.id).toBe('s1-h1-r01');
    expect(inv.racks[0]?.id).toBe('s1-h1-r01-k01');
    const server = inv.devices.find((d) => d.role === 'server');
    expect(server).toMatchObject({
      id: 's1-h1-r01-k01-u01',
      name: 'gpu-h1-r01-k01-u01',
      heightU: 8,
      powerKW: 10.2,
    });
    expect(inv.gpus[3]?.id).toBe('s1-h1-r01-k01-u01-gpu3');
    expect(inv.feeds.map((f) => f.id)).toContain('s1-h1-r01-k01-feedA');
    expect(inv.feeds.map((f) => f.id)).toContain('s1-h1-r01-k01-feedB');
  });

  it('cables NIC i of every server to the rail-i leaf of its group (rail-optimised)', () => {
    const names = new Map(inv.devices.map((d) => [d.id, d.name]));
    const leafOf = new Map<string, string[]>();
    for (const l of inv.links) {
      if (l.fabric !== 'compute' || l.level !== 'serverLeaf' || !l.aPort.startsWith('rail'))
        continue;
      const rail = Number(l.aPort.slice(4));
      const leafNumber = Number((names.get(l.bDeviceId) ?? '').split('-').pop());
      expect((leafNumber - 1) % 8).toBe(rail);
      leafOf.set(l.aDeviceId, [...(leafOf.get(l.aDeviceId) ?? []), l.bDeviceId]);
    }
    expect(leafOf.size).toBe(plan.cluster.servers);
    for (const leaves of leafOf.values()) expect(new Set(leaves).size).toBe(8);
  });
});

describe('feeds', () => {
  const na = powerConvention('US');

  it('415 V x 60 A x sqrt 3 x 0.8 derating is 34.5 kW (times the power factor)', () => {
    const feed = {
      id: 'f',
      panelId: 'p',
      rackId: null,
      name: 'f',
      side: 'A' as const,
      volts: 415,
      amps: 60,
      phases: 3 as const,
      derating: 0.8,
      powerFactor: 1,
    };
    expect(feedCapacityKW(feed)).toBeCloseTo(34.5, 1);
    expect(feedCapacityKW({ ...feed, powerFactor: 0.95 })).toBeCloseTo(32.78, 2);
  });

  it('takes the smallest breaker whose one feed carries the rack, else several pairs', () => {
    expect(na.volts.value).toBe(415);
    expect(feedSizing(30, na, 0.95)).toMatchObject({ amps: 60, pairs: 1 });
    expect(feedSizing(40.8, na, 0.95)).toMatchObject({ amps: 100, pairs: 1 });
    expect(feedSizing(15, na, 0.95)).toMatchObject({ amps: 30, pairs: 1 });
    // A 140 kW liquid-cooled NVL72 rack: three pairs of 100 A (54.6 kW each).
    const nvl = feedSizing(140, na, 0.95);
    expect(nvl).toMatchObject({ amps: 100, pairs: 3 });
    expect(nvl.feedKW).toBeCloseTo(54.63, 2);
  });

  it('follows the site: 400 V IEC in Germany, 380 V in China, 415 V with no site', () => {
    expect(powerConvention('DE').volts.value).toBe(400);
    expect(powerConvention('CN').volts.value).toBe(380);
    expect(powerConvention(undefined).id).toBe('north-america');
    const inv = planInventory(nvl72);
    expect(inv.feeds[0]).toMatchObject({ volts: 400, amps: 125, phases: 3 });
  });
});

describe('rack-scale systems and empty plans', () => {
  it('lists the 18 compute trays of an NVL72 rack as servers in one NVLink domain', () => {
    const inv = planInventory(nvl72);
    const rack = inv.racks.find((r) => r.role === 'compute');
    const trays = inv.devices.filter((d) => d.role === 'server' && d.rackId === rack?.id);
    expect(trays).toHaveLength(18);
    expect(new Set(trays.map((t) => t.scaleUpDomain))).toEqual(new Set([rack?.id]));
    expect(inv.gpus.filter((g) => g.deviceId === trays[0]?.id)).toHaveLength(4);
    expect(rack?.units).toBe(48);
  });

  it('gives a plan without a built cluster an inventory holding only its site', () => {
    const plan = examples['llama3.1-8b-small']!;
    const { schemaVersion, aidcVersion, scenario, workloads, feasible, warnings } = plan;
    const { gpu, gpus, servers, gpusPerServer } = plan.cluster;
    const bare: Plan = {
      ...{ schemaVersion, aidcVersion, scenario, workloads, feasible, warnings },
      built: false,
      cluster: { gpu, gpus, servers, gpusPerServer },
    };
    const inv = InventorySchema.parse(planInventory(bare));
    expect(inv.sites).toHaveLength(1);
    expect(inv.racks).toHaveLength(0);
    expect(inv.devices).toHaveLength(0);
  });

  it('builds a 100k-GPU plan in a few hundred thousand objects', { timeout: 20_000 }, () => {
    const plan = planOf({
      name: '100k H100',
      site: { country: 'US' },
      cluster: { gpu: 'h100-sxm-80gb', gpus: 100_000, fabric: 'infiniband-ndr' },
      workloads: [training],
    });
    const inv = planInventory(plan);
    expectCounts(plan, inv);
    const objects =
      inv.racks.length + inv.devices.length + inv.gpus.length + inv.feeds.length + inv.links.length;
    expect(objects).toBeLessThan(1_000_000);
  });
});

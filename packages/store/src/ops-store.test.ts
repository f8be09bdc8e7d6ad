// The operations store on both databases: inventory writes with their audit, telemetry ingest
// and reads, roll-ups and retention, alert rules with versions, evaluations with their outbox,
// silences and incidents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from './store.js';
import { OpsStore, labelsKey } from './ops-store.js';
import { TEST_DATABASES, type TestDatabase } from './test-databases.js';

const system = { id: null, name: 'system' };
const hostOf = (labels: Readonly<Record<string, string>>) => ({
  host: labels['Hostname'] ?? null,
  gpu: labels['gpu'] === undefined ? null : Number(labels['gpu']),
});

describe.each(TEST_DATABASES)('operations store on $label', ({ make }) => {
  let database: TestDatabase;
  let store: Store;
  let ops: OpsStore;
  let project: string;
  let other: string;
  let olive: { id: string; name: string };

  beforeAll(async () => {
    database = await make();
    store = await Store.open(database.address);
    ops = new OpsStore(store);
    project = (await store.ensureProject('default', system)).id;
    other = (await store.ensureProject('other', system)).id;
    olive = (await store.createUser(
      { name: 'olive', role: 'operator', passwordHash: null, projectIds: [project] },
      system,
    ))!;
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('imports an inventory, replaces by id, edits and deletes one thing, all audited', async () => {
    const objects = [
      { kind: 'sites', id: 's1', name: 'site', parentId: null, doc: { id: 's1', name: 'site' } },
      { kind: 'racks', id: 'k1', name: 'rack 1', parentId: 'r1', doc: { id: 'k1', n: 1 } },
      { kind: 'devices', id: 'd1', name: 'gpu-001', parentId: 'k1', doc: { id: 'd1' } },
    ];
    await ops.importInventory(project, objects, { origin: { kind: 'manual' } }, olive, {
      replace: true,
      action: 'inventory.import',
    });
    expect((await ops.listObjects(project)).map((o) => o.id)).toEqual(['d1', 'k1', 's1']);
    expect(await ops.listObjects(other)).toEqual([]);
    // A second import of the same ids replaces them (no duplicates), without --replace.
    await ops.importInventory(
      project,
      [{ kind: 'racks', id: 'k1', name: 'rack one', parentId: 'r1', doc: { id: 'k1', n: 2 } }],
      { origin: { kind: 'manual' } },
      olive,
      { replace: false, action: 'inventory.import' },
    );
    const racks = await ops.listObjects(project, 'racks');
    expect(racks).toEqual([
      { kind: 'racks', id: 'k1', name: 'rack one', parentId: 'r1', doc: { id: 'k1', n: 2 } },
    ]);
    expect(
      await ops.putObject(
        project,
        { kind: 'devices', id: 'd2', name: 'gpu-002', parentId: 'k1', doc: { id: 'd2' } },
        olive,
      ),
    ).toBe(false);
    expect(
      await ops.putObject(
        project,
        { kind: 'devices', id: 'd2', name: 'gpu-002', parentId: 'k1', doc: { id: 'd2', x: 1 } },
        olive,
      ),
    ).toBe(true);
    expect((await ops.childrenOf(project, 'k1')).map((c) => c.id).sort()).toEqual(['d1', 'd2']);
    expect(await ops.deleteObject(project, 'devices', 'd2', olive)).toBe(true);
    expect(await ops.deleteObject(project, 'devices', 'd2', olive)).toBe(false);
    const actions = (await store.listAudit([project])).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'inventory.import',
        'inventory.create',
        'inventory.update',
        'inventory.delete',
      ]),
    );
    expect((await ops.getFacility(project))?.origin).toEqual({ kind: 'manual' });
  });

  it('stores ingested samples once per (series, time) and reads them back by window', async () => {
    const t0 = Date.UTC(2026, 11, 1, 12);
    const samples = [0, 1, 2].flatMap((i) => [
      {
        metric: 'DCGM_FI_DEV_POWER_USAGE',
        labels: { Hostname: 'gpu-001', gpu: '0' },
        value: 500 + i,
        tsMs: t0 + i * 15_000,
      },
      {
        metric: 'DCGM_FI_DEV_POWER_USAGE',
        labels: { gpu: '1', Hostname: 'gpu-001' },
        value: 600 + i,
        tsMs: t0 + i * 15_000,
      },
      {
        metric: 'DCGM_FI_DEV_POWER_USAGE',
        labels: { Hostname: 'stray-host', gpu: '0' },
        value: 100,
        tsMs: t0 + i * 15_000,
      },
    ]);
    const rec = await ops.ingest(
      project,
      samples,
      { source: 'test', rejected: 2, errors: [{ line: 3, reason: 'x' }] },
      olive,
      hostOf,
    );
    expect(rec.accepted).toBe(9);
    // The same file again: the same points, not twice as many; a corrected value replaces.
    await ops.ingest(
      project,
      [...samples.slice(0, 8), { ...samples[8]!, value: 101 }],
      { source: 'test', rejected: 0, errors: [] },
      olive,
      hostOf,
    );
    const series = await ops.seriesOf(project, 'DCGM_FI_DEV_POWER_USAGE', t0, t0 + 30_000);
    expect(series).toHaveLength(3);
    const gpu1 = series.find((s) => s.labels['gpu'] === '1' && s.host === 'gpu-001')!;
    expect(gpu1.gpu).toBe(1);
    expect(gpu1.points.map((p) => p.value)).toEqual([600, 601, 602]);
    const stray = series.find((s) => s.host === 'stray-host')!;
    expect(stray.points.map((p) => p.value)).toEqual([100, 100, 101]);
    expect(
      (await ops.seriesOf(project, 'DCGM_FI_DEV_POWER_USAGE', t0 + 1, t0 + 15_000))[0]!.points,
    ).toHaveLength(1);
    expect(await ops.seriesOf(other, 'DCGM_FI_DEV_POWER_USAGE', t0, t0 + 30_000)).toEqual([]);
    // gpu-001 is not in this project's inventory (d1 is named gpu-001: it is).
    expect(await ops.unplacedHosts(project)).toEqual([{ host: 'stray-host', series: 1 }]);
    expect(await ops.metrics(project)).toEqual([{ metric: 'DCGM_FI_DEV_POWER_USAGE', series: 3 }]);
    const stats = await ops.telemetryStats(project);
    expect(stats).toMatchObject({ series: 3, samples: 9, rollups: 0, newestMs: t0 + 30_000 });
    const [latest] = await ops.listIngests(project, 1);
    expect(latest).toMatchObject({ source: 'test', accepted: 9, rejected: 0 });
    const audit = await store.listAudit([project]);
    expect(audit.filter((e) => e.action === 'telemetry.ingest')).toHaveLength(2);
  });

  it('rolls raw samples past retention into five-minute buckets and drops old roll-ups', async () => {
    const p = (await store.ensureProject('rollups', system)).id;
    const day = 86_400_000;
    const now = Date.UTC(2026, 11, 8);
    const old = now - 8 * day; // past the 7-day raw retention
    const bucket = Math.floor(old / 300_000) * 300_000;
    const values = [10, 30, 20, 40];
    await ops.ingest(
      p,
      [
        ...values.map((value, i) => ({
          metric: 'm',
          labels: { Hostname: 'h' },
          value,
          tsMs: bucket + i * 60_000,
        })),
        { metric: 'm', labels: { Hostname: 'h' }, value: 99, tsMs: now - 1_000 },
        { metric: 'm', labels: { Hostname: 'h' }, value: 5, tsMs: now - 500 * day },
      ],
      { source: 'test', rejected: 0, errors: [] },
      olive,
      hostOf,
    );
    expect(await ops.compact(now)).toBe(5);
    const stats = await ops.telemetryStats(p);
    // The 500-day-old sample was rolled up, then its bucket dropped with the 400-day retention.
    expect(stats).toMatchObject({ samples: 1, rollups: 1 });
    const [s] = await ops.seriesOf(p, 'm', now - 9 * day, now);
    // The bucket's mean (25) at the bucket's start, then the raw sample.
    expect(s!.points).toEqual([
      { tsMs: bucket, value: 25 },
      { tsMs: now - 1_000, value: 99 },
    ]);
    // A late sample for the same old bucket merges into it.
    await ops.ingest(
      p,
      [{ metric: 'm', labels: { Hostname: 'h' }, value: 50, tsMs: bucket + 240_000 }],
      { source: 'test', rejected: 0, errors: [] },
      olive,
      hostOf,
    );
    expect(await ops.compact(now)).toBe(1);
    const [again] = await ops.seriesOf(p, 'm', now - 9 * day, now);
    expect(again!.points[0]).toEqual({ tsMs: bucket, value: 30 });
  });

  it('saves alert rules on a base version, conflicts on a stale one', async () => {
    expect(await ops.getAlertRules(project)).toBeUndefined();
    expect(await ops.putAlertRules(project, 'rules: []', 0, olive)).toEqual({
      ok: true,
      version: 1,
    });
    expect(await ops.putAlertRules(project, 'rules: [x]', 0, olive)).toEqual({
      ok: false,
      currentVersion: 1,
    });
    expect(await ops.putAlertRules(project, 'rules: [y]', 1, olive)).toEqual({
      ok: true,
      version: 2,
    });
    expect((await ops.getAlertRules(project))?.yaml).toBe('rules: [y]');
  });

  it('replaces alert instances with an evaluation and queues its webhooks with it', async () => {
    await ops.saveEvaluation(
      project,
      [{ key: 'a', rule: 'hot', state: 'pending', doc: { rule: 'hot' } }],
      [],
    );
    await ops.saveEvaluation(
      project,
      [
        { key: 'a', rule: 'hot', state: 'firing', doc: { rule: 'hot', state: 'firing' } },
        { key: 'b', rule: 'xid', state: 'pending', doc: { rule: 'xid' } },
      ],
      [{ url: 'http://127.0.0.1:9/hook', payload: { status: 'firing' } }],
    );
    expect((await ops.listAlerts(project)).map((a) => [a.key, a.state])).toEqual([
      ['a', 'firing'],
      ['b', 'pending'],
    ]);
    const due = await ops.dueNotifications(new Date(Date.now() + 1000).toISOString());
    const mine = due.filter((n) => n.projectId === project);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.payload).toEqual({ status: 'firing' });
    await ops.markFailed(mine[0]!.id, 'connection refused', '2999-01-01T00:00:00.000Z');
    expect(
      (await ops.dueNotifications(new Date().toISOString())).some((n) => n.id === mine[0]!.id),
    ).toBe(false);
    await ops.markDelivered(mine[0]!.id);
    const [row] = await ops.outbox(project);
    expect(row).toMatchObject({ attempts: 2, lastError: 'connection refused' });
    expect(row!.deliveredAt).not.toBeNull();
  });

  it('keeps silences until they end, and incidents in time order', async () => {
    const id = await ops.createSilence(
      project,
      { matchers: [], owner: 'olive', comment: 'maintenance', endsAt: '2999-01-01T00:00:00.000Z' },
      olive,
    );
    expect((await ops.listSilences(project, new Date().toISOString())).length).toBe(1);
    expect(await ops.expireSilence(project, id, olive)).toBe(true);
    expect(await ops.expireSilence(other, id, olive)).toBe(false);
    expect(await ops.listSilences(project, new Date(Date.now() + 1000).toISOString())).toEqual([]);
    await ops.createIncident(project, { at: '2026-12-02T10:00:00.000Z', cause: 'gpu' }, olive);
    await ops.createIncident(project, { at: '2026-12-01T10:00:00.000Z', cause: 'hbm' }, olive);
    const incidents = (await ops.listIncidents(project)) as { cause: string }[];
    expect(incidents.map((i) => i.cause)).toEqual(['hbm', 'gpu']);
    expect(await ops.listIncidents(project, '2026-12-02T00:00:00.000Z')).toHaveLength(1);
  });
});

describe('labelsKey', () => {
  it('is the same for the same labels in any order and quotes values', () => {
    expect(labelsKey({ b: '2', a: 'x"y' })).toBe('a="x\\"y",b="2"');
    expect(labelsKey({ a: 'x"y', b: '2' })).toBe(labelsKey({ b: '2', a: 'x"y' }));
    expect(labelsKey({})).toBe('');
  });
});

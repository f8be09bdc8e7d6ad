// Operations through the API, on SQLite and on PostgreSQL: an operator imports the plan's
// inventory and a NetBox export, edits it, records incidents; everyone reads headroom and plan
// versus actual; each write is audited, each bad request says what is wrong.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planInventory, type Plan } from '@aidc/core';
import { TEST_DATABASES, type TestDatabase } from '../../store/src/test-databases.js';
import { addUser } from './routes/accounts.js';
import { feedbackReadiness } from './ops/ops-service.js';
import { startServer, type RunningServer } from './serve.js';
import { Client } from './test-client.js';

const plan = JSON.parse(
  readFileSync(
    new URL('../../../examples/expected/llama3.1-8b-small.plan.json', import.meta.url),
    'utf8',
  ),
) as Plan;
const netbox = JSON.parse(
  readFileSync(new URL('../../ops/test-fixtures/netbox-dcim.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe.each(TEST_DATABASES)('operations API on $label', ({ make }) => {
  let database: TestDatabase;
  let server: RunningServer;
  let operator: Client;
  let viewer: Client;
  let planner: Client;

  beforeAll(async () => {
    database = await make();
    server = await startServer({
      db: database.address,
      port: 0,
      log: () => {},
      rateLimit: { perMinute: 60_000, burst: 1000 },
    });
    const system = { id: null, name: 'test' };
    const add = async (name: string, role: 'operator' | 'viewer' | 'planner') =>
      new Client(
        server.url,
        (await addUser(server.store, { name, role, projects: ['default', 'hall-b'] }, system))
          ?.token,
      );
    operator = await add('olive', 'operator');
    viewer = await add('vic', 'viewer');
    planner = await add('pat', 'planner');
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it('imports the plan’s inventory: counts as core builds them, readable by a viewer', async () => {
    const r = await operator.post<{ written: number; counts: Record<string, number> }>(
      '/api/v1/inventory/import-plan',
      { plan, project: 'default' },
    );
    expect(r.status).toBe(201);
    const expected = planInventory(plan);
    expect(r.body.counts['gpus']).toBe(expected.gpus.length);
    expect(r.body.counts['racks']).toBe(expected.racks.length);
    const c = plan.cluster as unknown as {
      gpus: number;
      spareServers: number;
      gpusPerServer: number;
    };
    expect(r.body.counts['gpus']).toBe(c.gpus + c.spareServers * c.gpusPerServer);
    const got = await viewer.get<{ devices: unknown[]; origin: { kind: string } }>(
      '/api/v1/inventory?project=default',
    );
    expect(got.status).toBe(200);
    expect(got.body.origin.kind).toBe('plan');
    expect(got.body.devices).toHaveLength(expected.devices.length);
    const racks = await viewer.get<{ racks: { id: string }[] }>(
      '/api/v1/inventory?project=default&kind=racks',
    );
    expect(racks.body.racks.map((k) => k.id).sort()).toEqual(
      expected.racks.map((k) => k.id).sort(),
    );
    expect((await viewer.get('/api/v1/inventory?project=default&kind=nonsense')).status).toBe(404);
    // One rack's devices, one server's GPUs: what a rack view needs, not the whole inventory.
    const rack = expected.racks.find((k) => k.role === 'compute')!;
    const inRack = await viewer.get<{ devices: { id: string; role: string }[] }>(
      `/api/v1/inventory?project=default&kind=devices&parent=${rack.id}`,
    );
    expect(inRack.body.devices.map((d) => d.id).sort()).toEqual(
      expected.devices
        .filter((d) => d.rackId === rack.id)
        .map((d) => d.id)
        .sort(),
    );
    const server1 = inRack.body.devices.find((d) => d.role === 'server')!;
    const gpus = await viewer.get<{ gpus: unknown[] }>(
      `/api/v1/inventory?project=default&kind=gpus&parent=${server1.id}`,
    );
    expect(gpus.body.gpus).toHaveLength(
      expected.gpus.filter((g) => g.deviceId === server1.id).length,
    );
    expect(gpus.body.gpus.length).toBeGreaterThan(0);
    expect((await viewer.get(`/api/v1/inventory?project=default&parent=${rack.id}`)).status).toBe(
      400,
    );
  });

  it('refuses inventory writes from a planner and from a viewer', async () => {
    for (const c of [planner, viewer]) {
      const r = await c.post('/api/v1/inventory/import-plan', { plan, project: 'default' });
      expect(r.status).toBe(403);
    }
  });

  it('edits one thing, checking its references; refuses to delete what still holds things', async () => {
    const inv = await viewer.get<{
      devices: { id: string; rackId: string | null; role: string; serial?: string | null }[];
      gpus: { id: string; deviceId: string }[];
    }>('/api/v1/inventory?project=default');
    const server1 = inv.body.devices.find((d) => d.role === 'server')!;
    const edited = await operator.put<{ created: boolean }>(
      `/api/v1/inventory/devices/${server1.id}?project=default`,
      { ...server1, serial: 'SN-1234' },
    );
    expect(edited.status).toBe(200);
    expect(edited.body.created).toBe(false);
    const dangling = await operator.put<{ error: { problems: { path: string; found: string }[] } }>(
      `/api/v1/inventory/devices/${server1.id}?project=default`,
      { ...server1, rackId: 'no-such-rack' },
    );
    expect(dangling.status).toBe(400);
    expect(dangling.body.error.problems[0]).toMatchObject({
      path: 'rackId',
      found: 'no-such-rack',
    });
    const mismatch = await operator.put(`/api/v1/inventory/devices/other?project=default`, server1);
    expect(mismatch.status).toBe(400);
    const busy = await operator.call(
      'DELETE',
      `/api/v1/inventory/racks/${server1.rackId}?project=default`,
    );
    expect(busy.status).toBe(409);
    const gpu = inv.body.gpus.find((g) => g.deviceId === server1.id)!;
    const del = await operator.call('DELETE', `/api/v1/inventory/gpus/${gpu.id}?project=default`);
    expect(del.status).toBe(204);
    expect(
      (await operator.call('DELETE', `/api/v1/inventory/gpus/${gpu.id}?project=default`)).status,
    ).toBe(404);
    expect(
      (await operator.call('DELETE', `/api/v1/inventory/widgets/x?project=default`)).status,
    ).toBe(404);
    const audit = await operator.get<{ entries: { action: string; user: string }[] }>(
      '/api/v1/audit',
    );
    const actions = audit.body.entries.filter((e) => e.user === 'olive').map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['inventory.import-plan', 'inventory.update', 'inventory.delete']),
    );
  });

  it('imports a NetBox export into another project and exports it back the same', async () => {
    const r = await operator.post<{ counts: Record<string, number> }>(
      '/api/v1/inventory/import-netbox',
      { netbox, project: 'hall-b', replace: true },
    );
    expect(r.status).toBe(201);
    expect(r.body.counts['racks']).toBe(4);
    const out = await viewer.get<Record<string, unknown>>(
      '/api/v1/inventory/netbox?project=hall-b',
    );
    expect(out.status).toBe(200);
    const again = await operator.post<{ counts: Record<string, number> }>(
      '/api/v1/inventory/import-netbox',
      { netbox: out.body, project: 'hall-b', replace: true },
    );
    expect(again.body.counts).toEqual(r.body.counts);
    const bad = await operator.post<{ error: { problems: { path: string }[] } }>(
      '/api/v1/inventory/import-netbox',
      { netbox: { sites: 'nope' }, project: 'hall-b' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems.length).toBeGreaterThan(0);
  });

  it('gives headroom from the plan before telemetry, and where the next servers fit', async () => {
    const r = await viewer.get<{
      headroom: { racks: { basis: string; limitKW: number; plannedKW: number }[] };
      fit: { requested: number; placed: number; limitedBy: string[] };
    }>('/api/v1/headroom?project=default&fitPowerKW=10.2&fitHeightU=8&n=1000');
    expect(r.status).toBe(200);
    expect(r.body.headroom.racks.every((k) => k.basis === 'planned')).toBe(true);
    expect(r.body.headroom.racks.every((k) => k.plannedKW <= k.limitKW + 1e-9)).toBe(true);
    expect(r.body.fit.requested).toBe(1000);
    expect(r.body.fit.placed).toBeLessThan(1000);
    expect(r.body.fit.limitedBy.length).toBeGreaterThan(0);
    const half = await viewer.get('/api/v1/headroom?project=default&n=3');
    expect(half.status).toBe(400);
  });

  it('records incidents with a catalog cause and folds them into the fleet’s shares', async () => {
    const ok = await operator.post<{ id: string }>('/api/v1/incidents', {
      cause: 'hbm',
      host: 'gpu-h1-r01-k01-u01',
      xid: 48,
      note: 'double-bit ECC',
      project: 'default',
    });
    expect(ok.status).toBe(201);
    const bad = await operator.post<{ error: { problems: { path: string }[] } }>(
      '/api/v1/incidents',
      { cause: 'gremlins', host: 'x', project: 'default' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems[0]?.path).toBe('cause');
    const noHost = await operator.post('/api/v1/incidents', { cause: 'gpu', project: 'default' });
    expect(noHost.status).toBe(400);
    const list = await viewer.get<{
      incidents: { cause: string }[];
      shares: { incidents: number; shares: Record<string, number> };
    }>('/api/v1/incidents?project=default');
    expect(list.body.incidents.map((i) => i.cause)).toEqual(['hbm']);
    // One HBM incident against the catalog prior of weight 100: (100 × 0.1718 + 1) / 101.
    expect(list.body.shares.shares['hbm']).toBeCloseTo((100 * 0.1718 + 1) / 101, 3);
  });

  it('compares the facility with its plan, and says when it has none', async () => {
    const r = await viewer.get<{
      rows: { figure: string; planned: number | null; actual: number | null }[];
      feedback: { key: string; value: number };
    }>('/api/v1/plan-vs-actual?project=default&days=7');
    expect(r.status).toBe(200);
    const failures = r.body.rows.find((x) => x.figure === 'failureRate')!;
    expect(failures.actual).toBeGreaterThan(0);
    expect(r.body.rows.find((x) => x.figure === 'itPower')!.actual).toBeNull();
    expect(r.body.feedback.key).toBe('reliability.failuresPer1000NodeDays');
    const none = await viewer.get('/api/v1/plan-vs-actual?project=hall-b');
    expect(none.status).toBe(404);
  });

  describe('telemetry and alerts', () => {
    let hooks: Server;
    let hookUrl: string;
    const received: { status: string; alerts: { labels: Record<string, string> }[] }[] = [];
    let host: string;
    const temp = (gpu: number, value: number, extra = '') =>
      `DCGM_FI_DEV_GPU_TEMP{gpu="${gpu}",UUID="GPU-${gpu}",modelName="NVIDIA H100 80GB HBM3",Hostname="${host}"} ${value}${extra}`;
    const push = (text: string, client = operator, type = 'text/plain; version=0.0.4') =>
      client.call<{
        accepted: number;
        rejected: number;
        errors: { line: number; reason: string }[];
        unplacedHosts: string[];
        alerts: { firing: number; pending: number };
      }>('POST', '/api/v1/telemetry?project=default', text, { 'content-type': type });
    const alerts = async () =>
      (
        await viewer.get<{
          alerts: {
            rule: string;
            state: string;
            labels: Record<string, string>;
            silenced: boolean;
          }[];
        }>('/api/v1/alerts?project=default')
      ).body.alerts;

    beforeAll(async () => {
      hooks = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          received.push(JSON.parse(body) as (typeof received)[number]);
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
      hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
      const inv = await viewer.get<{ devices: { name: string; role: string }[] }>(
        '/api/v1/inventory?project=default',
      );
      host = inv.body.devices.find((d) => d.role === 'server')!.name;
    });
    afterAll(() => new Promise<void>((resolve) => hooks.close(() => resolve())));

    it('saves rules on a base version, with the problem’s line when they do not parse', async () => {
      const defaults = await viewer.get<{ version: number; isDefault: boolean; yaml: string }>(
        '/api/v1/alert-rules?project=default',
      );
      expect(defaults.body).toMatchObject({ version: 0, isDefault: true });
      expect(defaults.body.yaml).toContain('gpu_temperature_high');
      const yaml = [
        'rules:',
        '  - name: gpu_hot',
        '    expr: DCGM_FI_DEV_GPU_TEMP',
        '    threshold: 85',
        '    forMinutes: 0',
        '    severity: critical',
        `    webhook: ${hookUrl}`,
        '  - name: gpu_warm_for_a_while',
        '    expr: DCGM_FI_DEV_GPU_TEMP',
        '    threshold: 80',
        '    forMinutes: 30',
        '    severity: warning',
      ].join('\n');
      const saved = await operator.put<{ version: number; rules: number }>('/api/v1/alert-rules', {
        yaml,
        baseVersion: 0,
        project: 'default',
      });
      expect(saved.status).toBe(200);
      expect(saved.body).toEqual({ version: 1, rules: 2 });
      const stale = await operator.put('/api/v1/alert-rules', {
        yaml,
        baseVersion: 0,
        project: 'default',
      });
      expect(stale.status).toBe(409);
      const bad = await operator.put<{ error: { problems: { path: string }[] } }>(
        '/api/v1/alert-rules',
        {
          yaml: yaml.replace('threshold: 85', 'threshold: hot'),
          baseVersion: 1,
          project: 'default',
        },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.problems[0]!.path).toMatch(/^rules:4(:\d+)? rules\.0\.threshold$/);
      expect((await planner.put('/api/v1/alert-rules', { yaml, baseVersion: 1 })).status).toBe(403);
    });

    it('keeps good samples, rejects bad lines with their numbers, lists unplaced hosts', async () => {
      const future = Date.now() + 3 * 3600_000;
      const text = [
        '# HELP DCGM_FI_DEV_GPU_TEMP GPU temperature (in C).',
        '# TYPE DCGM_FI_DEV_GPU_TEMP gauge',
        temp(0, 91),
        temp(1, 60),
        'DCGM_FI_DEV_GPU_TEMP{gpu="0",Hostname="stray-01"} 55',
        'DCGM_FI_DEV_GPU_TEMP{gpu="2",Hostname=unquoted} 50',
        temp(3, 70, ` ${future}`),
        'this is not exposition',
      ].join('\n');
      const r = await push(text);
      expect(r.status).toBe(200);
      expect(r.body.accepted).toBe(3);
      expect(r.body.rejected).toBe(3);
      expect(r.body.errors.map((e) => e.line)).toEqual([6, 7, 8]);
      expect(r.body.errors[1]!.reason).toMatch(/timestamp|clock/i);
      expect(r.body.unplacedHosts).toEqual(['stray-01']);
      // gpu 0 at 91 °C: gpu_hot fires at once, the 30-minute rule waits.
      expect(r.body.alerts).toMatchObject({ firing: 1 });
      const now = await alerts();
      expect(now.find((a) => a.rule === 'gpu_hot' && a.labels['gpu'] === '0')?.state).toBe(
        'firing',
      );
      expect(now.filter((a) => a.rule === 'gpu_warm_for_a_while').map((a) => a.state)).toContain(
        'pending',
      );
      expect(received.map((p) => [p.status, p.alerts[0]!.labels['gpu']])).toEqual([
        ['firing', '0'],
      ]);
      const held = await viewer.get<{
        metrics: { metric: string }[];
        unplacedHosts: { host: string }[];
      }>('/api/v1/telemetry?project=default');
      expect(held.body.metrics.map((m) => m.metric)).toEqual(['DCGM_FI_DEV_GPU_TEMP']);
      expect(held.body.unplacedHosts.map((h) => h.host)).toEqual(['stray-01']);
    });

    it('refuses pushes that are not exposition text, or from a viewer', async () => {
      expect((await push(temp(0, 50), operator, 'application/json')).status).toBe(400);
      expect((await push(temp(0, 50), viewer)).status).toBe(403);
    });

    it('silences by label, and tells the webhook when a firing alert resolves', async () => {
      const silence = await operator.post<{ id: string }>('/api/v1/silences', {
        matchers: [
          { label: 'alertname', value: 'gpu_hot' },
          { label: 'gpu', value: '1' },
        ],
        comment: 'GPU 1 fan being replaced',
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        project: 'default',
      });
      expect(silence.status).toBe(201);
      const noEnd = await operator.post('/api/v1/silences', {
        matchers: [{ label: 'alertname', value: 'gpu_hot' }],
        comment: 'x',
        endsAt: '2001-01-01T00:00:00Z',
        project: 'default',
      });
      expect(noEnd.status).toBe(400);
      await push([temp(0, 92), temp(1, 96)].join('\n'));
      const gpu1 = (await alerts()).find((a) => a.rule === 'gpu_hot' && a.labels['gpu'] === '1');
      expect(gpu1).toMatchObject({ state: 'firing', silenced: true });
      expect(received).toHaveLength(1);
      await push([temp(0, 50), temp(1, 50)].join('\n'));
      const gpu0 = (await alerts()).find((a) => a.rule === 'gpu_hot' && a.labels['gpu'] === '0');
      expect(gpu0?.state).toBe('resolved');
      expect(received.map((p) => [p.status, p.alerts[0]!.labels['gpu']])).toEqual([
        ['firing', '0'],
        ['resolved', '0'],
      ]);
      const ended = await operator.call(
        'DELETE',
        `/api/v1/silences/${silence.body.id}?project=default`,
      );
      expect(ended.status).toBe(204);
      const left = await viewer.get<{ silences: unknown[] }>('/api/v1/silences?project=default');
      expect(left.body.silences).toEqual([]);
    });

    it('shows it all in the status, headroom now measured for the host that reported', async () => {
      await push(
        Array.from(
          { length: 8 },
          (_, g) => `DCGM_FI_DEV_POWER_USAGE{gpu="${g}",Hostname="${host}"} 690`,
        ).join('\n'),
      );
      const s = await viewer.get<{
        alerts: { firing: unknown[] };
        headroom: { measuredRacks: number };
        telemetry: { unplacedHosts: { host: string }[]; samples: number };
      }>('/api/v1/ops/status?project=default');
      expect(s.status).toBe(200);
      expect(s.body.headroom.measuredRacks).toBe(1);
      expect(s.body.telemetry.unplacedHosts.map((h) => h.host)).toEqual(['stray-01']);
      expect(s.body.telemetry.samples).toBeGreaterThanOrEqual(8);
    });
  });
});

describe('when a measured failure rate is fit to plan with', () => {
  it('needs a day of operation and 1,000 node-days', () => {
    expect(feedbackReadiness(0.5, 5_000)).toMatchObject({ ok: false });
    expect(feedbackReadiness(0.5, 5_000).reason).toMatch(/12\.0 hours only/);
    expect(feedbackReadiness(30, 270)).toMatchObject({ ok: false });
    expect(feedbackReadiness(30, 270).reason).toMatch(
      /^270 node-days measured, fewer than the 1,000/,
    );
    expect(feedbackReadiness(1, 2_048)).toEqual({
      ok: true,
      reason: '2,048 node-days over 1.0 days',
    });
  });
});

// The API as a scripted client uses it, on SQLite and on PostgreSQL: real server, real sockets.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES, type TestDatabase } from '../../store/src/test-databases.js';
import { addUser } from './routes/accounts.js';
import { startServer, type RunningServer } from './serve.js';
import type { LogLine } from './log.js';
import { Client } from './test-client.js';

const example = (name: string) =>
  readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8');
const small = example('llama3.1-8b-small.yaml');

describe.each(TEST_DATABASES)('API on $label', ({ make }) => {
  let database: TestDatabase;
  let server: RunningServer;
  const logs: LogLine[] = [];
  let admin: Client;
  let planner: Client;
  let planToken: string;

  beforeAll(async () => {
    database = await make();
    server = await startServer({
      db: database.address,
      port: 0,
      log: (l) => logs.push(l),
      rateLimit: { perMinute: 60_000, burst: 1000 },
    });
    const made = await addUser(
      server.store,
      { name: 'ada', role: 'admin', projects: ['default'] },
      { id: null, name: 'test' },
    );
    admin = new Client(server.url, made?.token);
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it('is up: /healthz is public and names the store', async () => {
    const r = await new Client(server.url).get('/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, store: database.address.dialect });
  });

  it('an admin adds a planner, whose token works once issued', async () => {
    const r = await admin.post<{ user: { role: string }; token: string }>('/api/v1/users', {
      name: 'lin',
      role: 'planner',
    });
    expect(r.status).toBe(201);
    expect(r.body.user.role).toBe('planner');
    planToken = r.body.token;
    planner = new Client(server.url, planToken);
    const me = await planner.get<{ user: { name: string }; projects: { name: string }[] }>(
      '/api/v1/me',
    );
    expect(me.body.user.name).toBe('lin');
    expect(me.body.projects.map((p) => p.name)).toEqual(['default']);
    expect((await admin.post('/api/v1/users', { name: 'lin', role: 'viewer' })).status).toBe(409);
  });

  it('saves, versions, diffs and refuses a stale save with 409', async () => {
    const created = await planner.post<{ id: string; version: number }>('/api/v1/scenarios', {
      name: '8b',
      yaml: small,
    });
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(1);
    const id = created.body.id;
    const edited = small.replace(/gpus: (\d+)/, (_m, n: string) => `gpus: ${Number(n) * 2}`);
    expect(edited).not.toBe(small);
    const saved = await planner.put(`/api/v1/scenarios/${id}`, { yaml: edited, baseVersion: 1 });
    expect(saved).toMatchObject({ status: 200, body: { id, version: 2 } });
    const stale = await planner.put<{ error: { code: string; currentVersion: number } }>(
      `/api/v1/scenarios/${id}`,
      { yaml: small, baseVersion: 1 },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', currentVersion: 2 });
    const got = await planner.get<{ version: number; yaml: string; name: string }>(
      `/api/v1/scenarios/${id}`,
    );
    expect(got.body).toMatchObject({ id, name: '8b', version: 2, yaml: edited });
    expect((await planner.get(`/api/v1/scenarios/${id}?version=1`)).body).toMatchObject({
      version: 1,
      yaml: small,
    });
    const diff = await planner.get<{ diff: string }>(`/api/v1/scenarios/${id}/diff?from=1&to=2`);
    expect(diff.body.diff).toMatch(/^-.*gpus: \d+$/m);
    expect(diff.body.diff).toMatch(/^\+.*gpus: \d+$/m);
    const versions = await planner.get<{ versions: { version: number }[] }>(
      `/api/v1/scenarios/${id}/versions`,
    );
    expect(versions.body.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('answers a scenario that does not validate with 400 and each problem’s path and line', async () => {
    const r = await planner.post<{ error: { code: string; problems: Record<string, unknown>[] } }>(
      '/api/v1/scenarios',
      { name: 'bad', yaml: small.replace(/gpu: \S+/, 'gpu: h100-sxm-80g') },
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid-scenario');
    const problem = r.body.error.problems[0];
    expect(problem).toMatchObject({ path: 'cluster.gpu', found: '"h100-sxm-80g"' });
    expect(problem?.['line']).toBeGreaterThan(0);
    expect(String(problem?.['hint'])).toMatch(/h100-sxm-80gb/);
    const shape = await planner.post<{ error: { problems: { path: string }[] } }>(
      '/api/v1/scenarios',
      { name: '', yaml: 3 },
    );
    expect(shape.status).toBe(400);
    expect(shape.body.error.problems.map((p) => p.path).sort()).toEqual(['name', 'yaml']);
    const notJson = await planner.call('POST', '/api/v1/scenarios', '{"name":', {
      'content-type': 'application/json',
    });
    expect(notJson.status).toBe(400);
  });

  it('plans a stored version: the plan is what aidc plan --json prints, kept with its versions', async () => {
    const { body } = await planner.post<{ id: string }>('/api/v1/scenarios', {
      name: 'plan me',
      yaml: small,
    });
    const r = await planner.post<{
      id: string;
      plan: { schemaVersion: string; feasible: boolean };
    }>('/api/v1/plans', { scenarioId: body.id });
    expect(r.status).toBe(201);
    expect(r.body.plan.schemaVersion).toBe('0.2');
    expect(r.body.plan.feasible).toBe(true);
    const { planScenario, parseScenario } = await import('@aidc/core');
    const parsed = parseScenario(small);
    if (!parsed.ok) throw new Error('example does not parse');
    expect(r.body.plan).toEqual(JSON.parse(JSON.stringify(planScenario(parsed.scenario))));
    const stored = await planner.get<{
      scenarioVersion: number;
      aidcVersion: string;
      plan: unknown;
    }>(`/api/v1/plans/${r.body.id}`);
    expect(stored.body).toMatchObject({ scenarioVersion: 1, aidcVersion: '0.1.0' });
    expect(stored.body.plan).toEqual(r.body.plan);
    const list = await planner.get<{ plans: { id: string }[] }>(
      `/api/v1/scenarios/${body.id}/plans`,
    );
    expect(list.body.plans.map((p) => p.id)).toEqual([r.body.id]);
  });

  it('runs a sweep as a job: 202, progress and the rows by server-sent events', async () => {
    const { body } = await planner.post<{ id: string }>('/api/v1/scenarios', {
      name: 'sweep me',
      yaml: small,
    });
    const r = await planner.post<{ id: string; status: string; progress: { total: number } }>(
      '/api/v1/sweeps',
      { scenarioId: body.id, vary: ['cluster.gpus=64,128,256'] },
    );
    expect(r.status).toBe(202);
    expect(r.body.progress.total).toBe(3);
    const events = await planner.events(r.body.id);
    const end = events.at(-1);
    expect(end?.event).toBe('end');
    expect(end?.data).toMatchObject({ status: 'succeeded', progress: { done: 3, total: 3 } });
    const result = end?.data['result'] as { rows: Record<string, unknown>[]; columns: string[] };
    expect(result.rows.map((row) => row['cluster.gpus'])).toEqual([64, 128, 256]);
    expect(result.columns).toContain('usdPerGpuHour');
    const polled = await planner.get<{ status: string }>(`/api/v1/sweeps/${r.body.id}`);
    expect(polled.body.status).toBe('succeeded');
    for (const vary of ['cluster.gpus', 'workloads[7].name=a,b']) {
      const bad = await planner.post<{ error: { message: string } }>('/api/v1/sweeps', {
        scenarioId: body.id,
        vary: [vary],
      });
      expect(bad.status, vary).toBe(400);
      expect(bad.body.error.message).toContain(vary.slice(0, 10));
    }
  });

  it('runs a simulation as a job, with the same document as aidc simulate --json', async () => {
    const { body } = await planner.post<{ id: string }>('/api/v1/scenarios', {
      name: 'simulate me',
      yaml: example('scheduler-comparison.yaml'),
    });
    const r = await planner.post<{ id: string }>('/api/v1/simulations', {
      scenarioId: body.id,
      days: 2,
      seed: 7,
    });
    expect(r.status).toBe(202);
    const end = (await planner.events(r.body.id)).at(-1);
    expect(end?.data['status']).toBe('succeeded');
    const doc = end?.data['result'] as {
      simulation: { simulatedDays: number; events: number; settings: { seed: number } };
    };
    expect(doc.simulation.simulatedDays).toBe(2);
    expect(doc.simulation.settings.seed).toBe(7);
    expect(doc.simulation.events).toBeGreaterThan(0);
    const noSim = await planner.post('/api/v1/simulations', {
      scenarioId: (
        await planner.post<{ id: string }>('/api/v1/scenarios', { name: 'x', yaml: small })
      ).body.id,
    });
    expect(noSim.status).toBe(400);
  });

  it('keeps every write in the audit log: who, what, when', async () => {
    const r = await admin.get<{
      entries: { user: string; action: string; resource: string; at: string }[];
    }>('/api/v1/audit');
    expect(r.status).toBe(200);
    const actions = r.body.entries.map((e) => `${e.user} ${e.action}`);
    for (const expected of [
      'ada user.create',
      'lin scenario.create',
      'lin scenario.update',
      'lin plan.create',
      'lin sweep.create',
      'lin simulation.create',
    ])
      expect(actions).toContain(expected);
    expect(r.body.entries.every((e) => /^\d{4}-\d\d-\d\dT/.test(e.at) && e.resource !== '')).toBe(
      true,
    );
    // A planner reads their projects' entries, not account administration.
    const theirs = await planner.get<{ entries: { action: string }[] }>('/api/v1/audit');
    expect(theirs.body.entries.length).toBeGreaterThan(0);
    expect(theirs.body.entries.some((e) => e.action.startsWith('user.'))).toBe(false);
  });

  it('keeps projects apart: a viewer of another project sees none of these scenarios', async () => {
    const made = await admin.post<{ token: string }>('/api/v1/users', {
      name: 'outsider',
      role: 'viewer',
      projects: ['hall-b'],
    });
    const outsider = new Client(server.url, made.body.token);
    const mine = await planner.get<{ scenarios: { id: string }[] }>('/api/v1/scenarios');
    expect(mine.body.scenarios.length).toBeGreaterThan(0);
    expect(
      (await outsider.get<{ scenarios: unknown[] }>('/api/v1/scenarios')).body.scenarios,
    ).toEqual([]);
    const someone = mine.body.scenarios[0]?.id ?? '';
    expect((await outsider.get(`/api/v1/scenarios/${someone}`)).status).toBe(404);
    expect((await outsider.get('/api/v1/jobs')).body).toEqual({ jobs: [] });
    const seen = (await outsider.get<{ entries: { project: string }[] }>('/api/v1/audit')).body;
    const hallB = (
      await outsider.get<{ projects: { id: string; name: string }[] }>('/api/v1/projects')
    ).body.projects;
    expect(hallB.map((p) => p.name)).toEqual(['hall-b']);
    expect(seen.entries.every((e) => e.project === hallB[0]?.id)).toBe(true);
  });

  it('refuses oversize bodies with 413 before reading them', async () => {
    // node:http rather than fetch: the server answers before the body is sent, and fetch
    // reports the closed upload instead of the answer.
    const body = JSON.stringify({ name: 'big', yaml: 'x'.repeat(3_000_000) });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${server.url}/api/v1/scenarios`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${planToken}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? undefined : reject(e)));
      req.end(body);
    });
    expect(status).toBe(413);
  });

  it('revoked tokens stop working', async () => {
    const t = await planner.post<{ id: string; token: string }>('/api/v1/tokens', { name: 'ci' });
    expect(t.status).toBe(201);
    const ci = new Client(server.url, t.body.token);
    expect((await ci.get('/api/v1/me')).status).toBe(200);
    expect((await planner.call('DELETE', `/api/v1/tokens/${t.body.id}`)).status).toBe(204);
    expect((await ci.get('/api/v1/me')).status).toBe(401);
  });

  it('logs each request without tokens, cookies or bodies', () => {
    const text = logs.map((l) => JSON.stringify(l)).join('\n');
    expect(logs.some((l) => l.msg === 'request' && l['path'] === '/api/v1/scenarios/:id')).toBe(
      true,
    );
    expect(text).not.toContain(planToken);
    expect(text).not.toContain('aidc_');
    expect(text).not.toContain('gpus:');
  });
});

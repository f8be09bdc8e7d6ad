// Every route refuses the callers it should: a test walks the route table, so a new route
// cannot forget its role. Then the cookie sign-in (HttpOnly, SameSite=Strict, Secure, CSRF) and
// the per-user rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES, type TestDatabase } from '../../store/src/test-databases.js';
import type { Role } from '@aidc/store';
import { addUser } from './routes/accounts.js';
import { ROUTES } from './routes/index.js';
import { mayCall } from './route.js';
import { startServer, type RunningServer } from './serve.js';
import { Client } from './test-client.js';

const ROLES: Role[] = ['viewer', 'planner', 'operator', 'admin'];
const concrete = (path: string) => path.replace(/:(\w+)/g, 'no-such-$1');

describe.each(TEST_DATABASES)('access on $label', ({ make }) => {
  let database: TestDatabase;
  let server: RunningServer;
  const clients = {} as Record<Role, Client>;

  beforeAll(async () => {
    database = await make();
    server = await startServer({
      db: database.address,
      port: 0,
      log: () => {},
      rateLimit: { perMinute: 60, burst: 400 },
    });
    for (const role of ROLES) {
      const made = await addUser(
        server.store,
        {
          name: `${role}-1`,
          role,
          projects: ['default'],
          ...(role === 'planner' ? { password: 'correct horse battery staple' } : {}),
        },
        { id: null, name: 'test' },
      );
      clients[role] = new Client(server.url, made?.token);
    }
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it('every route names its role, and the table has no duplicate route', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of ROUTES)
      expect(['public', 'viewer', 'planner', 'operator', 'admin']).toContain(r.access);
    // The writes a planner makes, and the admin-only account routes, are what interface.md §7 says.
    const access = Object.fromEntries(ROUTES.map((r) => [`${r.method} ${r.path}`, r.access]));
    expect(access['post /api/v1/scenarios']).toBe('planner');
    expect(access['put /api/v1/scenarios/:id']).toBe('planner');
    expect(access['post /api/v1/plans']).toBe('planner');
    expect(access['post /api/v1/sweeps']).toBe('planner');
    expect(access['post /api/v1/simulations']).toBe('planner');
    expect(access['post /api/v1/users']).toBe('admin');
    expect(access['get /api/v1/users']).toBe('admin');
    expect(access['get /api/v1/scenarios/:id']).toBe('viewer');
  });

  it('refuses every non-public route without credentials (401) or with a bad token (401)', async () => {
    const anonymous = new Client(server.url);
    const forged = new Client(server.url, 'aidc_not-a-token');
    for (const r of ROUTES.filter((x) => x.access !== 'public')) {
      const path = concrete(r.path);
      const a = await anonymous.call(r.method.toUpperCase(), path, r.body ? {} : undefined);
      expect(a.status, `${r.method} ${r.path}`).toBe(401);
      expect(a.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const f = await forged.call(r.method.toUpperCase(), path, r.body ? {} : undefined);
      expect(f.status, `${r.method} ${r.path} forged`).toBe(401);
    }
  });

  it('refuses every route to each role below it (403), and lets the others past the role check', async () => {
    let checked = 0;
    for (const r of ROUTES.filter((x) => x.access !== 'public')) {
      for (const role of ROLES) {
        const res = await clients[role].call(
          r.method.toUpperCase(),
          concrete(r.path),
          r.body ? {} : undefined,
        );
        const label = `${role} ${r.method} ${r.path}`;
        if (mayCall(role, r.access)) expect(res.status, label).not.toBe(403);
        else {
          expect(res.status, label).toBe(403);
          expect((res.body as { error: { code: string } }).error.code).toBe('forbidden');
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('signs in with a cookie that scripts cannot read, and wants the CSRF token on writes', async () => {
    const browser = new Client(server.url);
    const wrong = await browser.post('/api/v1/auth/sign-in', {
      name: 'planner-1',
      password: 'nope',
    });
    expect(wrong.status).toBe(401);
    const r = await browser.post<{ csrfToken: string }>('/api/v1/auth/sign-in', {
      name: 'planner-1',
      password: 'correct horse battery staple',
    });
    expect(r.status).toBe(200);
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^aidc_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Secure/i);
    expect((await browser.get('/api/v1/me')).status).toBe(200);
    const yaml = 'name: x\n';
    const noCsrf = await browser.post('/api/v1/scenarios', { name: 'x', yaml });
    expect(noCsrf.status).toBe(403);
    expect((noCsrf.body as { error: { code: string } }).error.code).toBe('csrf');
    const withCsrf = await browser.call(
      'POST',
      '/api/v1/scenarios',
      { name: 'x', yaml },
      { 'x-csrf-token': r.body.csrfToken },
    );
    // Past the CSRF check: the scenario itself is what is refused.
    expect(withCsrf.status).toBe(400);
    const out = await browser.call(
      'POST',
      '/api/v1/auth/sign-out',
      {},
      { 'x-csrf-token': r.body.csrfToken },
    );
    expect(out.status).toBe(204);
    expect((await browser.get('/api/v1/me')).status).toBe(401);
    const audit = await clients.admin.get<{ entries: { action: string; user: string }[] }>(
      '/api/v1/audit',
    );
    const actions = audit.body.entries.map((e) => `${e.user} ${e.action}`);
    expect(actions).toContain('planner-1 session.refused');
    expect(actions).toContain('planner-1 session.create');
    expect(actions).toContain('planner-1 session.delete');
  });

  it('throttles password guessing per address and name', async () => {
    const guesser = new Client(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (await guesser.post('/api/v1/auth/sign-in', { name: 'viewer-1', password: `guess-${i}` }))
          .status,
      );
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('limits each user’s request rate with 429 and Retry-After, without touching other users', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 420; i++) statuses.push((await clients.operator.get('/api/v1/me')).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const last = await clients.operator.get('/api/v1/me');
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await clients.viewer.get('/api/v1/me')).status).toBe(200);
  });

  it('describes every route in /api/v1/openapi.json, with its role and schemas', async () => {
    const doc = (
      await new Client(server.url).get<{
        openapi: string;
        paths: Record<
          string,
          Record<
            string,
            { 'x-aidc-role': string; requestBody?: unknown; responses: Record<string, unknown> }
          >
        >;
      }>('/api/v1/openapi.json')
    ).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const r of ROUTES) {
      const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      expect(op?.['x-aidc-role']).toBe(r.access);
      expect(op?.requestBody !== undefined).toBe(r.body !== undefined);
      if (r.access !== 'public')
        expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403']));
    }
    const create = doc.paths['/api/v1/scenarios']?.['post'] as unknown as {
      requestBody: { content: { 'application/json': { schema: { required: string[] } } } };
    };
    expect(create.requestBody.content['application/json'].schema.required).toEqual([
      'name',
      'yaml',
    ]);
  });
});

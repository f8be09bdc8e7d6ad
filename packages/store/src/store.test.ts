// One suite, both databases: what the service relies on the store for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Store } from './store.js';
import { parseDbAddress } from './dialect.js';
import { TEST_DATABASES, postgresTestDatabase, type TestDatabase } from './test-databases.js';

const system = { id: null, name: 'system' };

describe.each(TEST_DATABASES)('store on $label', ({ make }) => {
  let database: TestDatabase;
  let store: Store;
  let project: { id: string; name: string };
  let alice: { id: string; name: string };
  let bob: { id: string; name: string };

  beforeAll(async () => {
    database = await make();
    store = await Store.open(database.address);
    project = await store.ensureProject('default', system);
    alice = (await store.createUser(
      { name: 'alice', role: 'planner', passwordHash: null, projectIds: [project.id] },
      system,
    ))!;
    bob = (await store.createUser(
      { name: 'bob', role: 'planner', passwordHash: null, projectIds: [project.id] },
      system,
    ))!;
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('applies its migrations once: a second open finds nothing to do', async () => {
    const again = await Store.open(database.address);
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(again.db);
    expect(rows.rows.map((r) => r.name)).toEqual([
      '0001-initial',
      '0002-sweep-chunks',
      '0003-operations',
    ]);
    await again.close();
  });

  it('refuses a second user of the same name', async () => {
    const twin = await store.createUser(
      { name: 'alice', role: 'viewer', passwordHash: null, projectIds: [] },
      system,
    );
    expect(twin).toBeUndefined();
  });

  it('versions a scenario: each save a new version, older versions kept', async () => {
    const created = await store.createScenario(
      { projectId: project.id, name: 'h100', yaml: 'a: 1\n' },
      alice,
    );
    expect(created.version).toBe(1);
    const saved = await store.saveScenarioVersion(
      { id: created.id, yaml: 'a: 2\n', baseVersion: 1 },
      alice,
    );
    expect(saved).toEqual({ ok: true, version: 2 });
    expect((await store.getScenario(created.id))?.yaml).toBe('a: 2\n');
    expect((await store.getScenario(created.id, 1))?.yaml).toBe('a: 1\n');
    expect((await store.getScenario(created.id, 1))?.latestVersion).toBe(2);
    expect((await store.listScenarioVersions(created.id)).map((v) => v.version)).toEqual([1, 2]);
    expect(await store.getScenario(created.id, 9)).toBeUndefined();
  });

  it('two writers on the same base version: one wins, the other gets a conflict', async () => {
    const { id } = await store.createScenario(
      { projectId: project.id, name: 'race', yaml: 'v: 0\n' },
      alice,
    );
    const results = await Promise.all([
      store.saveScenarioVersion({ id, yaml: 'v: alice\n', baseVersion: 1 }, alice),
      store.saveScenarioVersion({ id, yaml: 'v: bob\n', baseVersion: 1 }, bob),
    ]);
    const won = results.filter((r) => r.ok);
    const lost = results.filter((r) => !r.ok);
    expect(won).toHaveLength(1);
    expect(lost).toEqual([{ ok: false, reason: 'conflict', currentVersion: 2 }]);
    const latest = await store.getScenario(id);
    expect(latest?.version).toBe(2);
    expect(['v: alice\n', 'v: bob\n']).toContain(latest?.yaml);
    expect(
      await store.saveScenarioVersion({ id: 'nope', yaml: '', baseVersion: 1 }, alice),
    ).toEqual({ ok: false, reason: 'not-found' });
  });

  it('keeps plans with the scenario version and aidc version they came from', async () => {
    const { id } = await store.createScenario(
      { projectId: project.id, name: 'p', yaml: 'x: 1\n' },
      alice,
    );
    const plan = { schemaVersion: '0.2', feasible: true, figures: [1.5, 2] };
    const stored = await store.createPlan(
      { projectId: project.id, scenarioId: id, scenarioVersion: 1, aidcVersion: '0.1.0', plan },
      alice,
    );
    const read = await store.getPlan(stored.id);
    expect(read?.plan).toEqual(plan);
    expect(read?.scenarioVersion).toBe(1);
    expect((await store.listPlans(id)).map((p) => p.id)).toEqual([stored.id]);
  });

  it('runs a job through its states once: a second runner cannot start it, an ended job stays ended', async () => {
    const { id: scenarioId } = await store.createScenario(
      { projectId: project.id, name: 'j', yaml: 'x: 1\n' },
      alice,
    );
    const job = await store.createJob(
      {
        projectId: project.id,
        kind: 'sweep',
        scenarioId,
        scenarioVersion: 1,
        request: { vary: ['cluster.gpus=8,16'] },
        total: 2,
        aidcVersion: '0.1.0',
      },
      alice,
    );
    expect(job.status).toBe('queued');
    expect(await store.startJob(job.id)).toBe(true);
    expect(await store.startJob(job.id)).toBe(false);
    await store.jobProgress(job.id, 1, 2);
    expect((await store.getJob(job.id))?.progress).toEqual({ done: 1, total: 2 });
    expect(await store.finishJob(job.id, { status: 'succeeded', result: { rows: [1, 2] } })).toBe(
      true,
    );
    expect(await store.finishJob(job.id, { status: 'failed', error: 'late' })).toBe(false);
    const done = await store.getJob(job.id);
    expect(done?.status).toBe('succeeded');
    expect(done?.result).toEqual({ rows: [1, 2] });
    expect((await store.listJobs([project.id], { kind: 'sweep' })).map((j) => j.id)).toContain(
      job.id,
    );
    expect(await store.listJobs(['another-project'])).toEqual([]);
  });

  it('requeues the jobs a stopped server left running', async () => {
    const { id: scenarioId } = await store.createScenario(
      { projectId: project.id, name: 'r', yaml: 'x: 1\n' },
      alice,
    );
    const job = await store.createJob(
      {
        projectId: project.id,
        kind: 'simulation',
        scenarioId,
        scenarioVersion: 1,
        request: {},
        total: 1,
        aidcVersion: '0.1.0',
      },
      alice,
    );
    await store.startJob(job.id);
    expect(await store.requeueInterrupted()).toContain(job.id);
    expect((await store.getJob(job.id))?.status).toBe('queued');
  });

  it('stores a sweep chunk once however often it is put, and drops the chunks when the job ends', async () => {
    const { id: scenarioId } = await store.createScenario(
      { projectId: project.id, name: 'chunks', yaml: 'x: 1\n' },
      alice,
    );
    const job = await store.createJob(
      {
        projectId: project.id,
        kind: 'sweep',
        scenarioId,
        scenarioVersion: 1,
        request: { vary: ['cluster.gpus=8,16,32'] },
        total: 3,
        aidcVersion: '0.1.0',
      },
      alice,
    );
    await store.startJob(job.id);
    const second = { chunk: 1, start: 2, rows: [{ gpus: 32, feasible: true }], failures: 0 };
    const first = {
      chunk: 0,
      start: 0,
      rows: [
        { gpus: 8, feasible: false, reason: 'too small' },
        { gpus: 16, feasible: true },
      ],
      failures: 1,
    };
    expect(await store.putSweepChunk(job.id, second)).toBe('stored');
    // Two workers finishing the same chunk at once (a retried chunk): one row, the first kept.
    const twice = await Promise.all([
      store.putSweepChunk(job.id, first),
      store.putSweepChunk(job.id, { ...first, rows: [{ gpus: 0 }], failures: 9 }),
    ]);
    expect(twice.sort()).toEqual(['duplicate', 'stored']);
    expect(await store.sweepChunkIndexes(job.id)).toEqual([0, 1]);
    const chunks = await store.getSweepChunks(job.id);
    expect(chunks.map((c) => c.chunk)).toEqual([0, 1]);
    expect(chunks[1]).toEqual(second);
    expect([first.rows, [{ gpus: 0 }]]).toContainEqual(chunks[0]?.rows);
    expect(chunks[0]?.failures).toBe(chunks[0]?.rows.length === 2 ? 1 : 9);
    expect(await store.putSweepChunk('no-such-job', second)).toBe('no-job');
    expect(await store.finishJob(job.id, { status: 'succeeded', result: { rows: [] } })).toBe(true);
    expect(await store.sweepChunkIndexes(job.id)).toEqual([]);
    expect(await store.putSweepChunk(job.id, second)).toBe('ended');
    expect(await store.sweepChunkIndexes(job.id)).toEqual([]);
  });

  it('finds a live token by its hash and forgets a revoked one', async () => {
    const token = await store.createToken({ userId: alice.id, name: 'ci', hash: 'h-1' }, alice);
    expect((await store.useToken('h-1'))?.user.name).toBe('alice');
    expect(await store.useToken('h-2')).toBeUndefined();
    expect(await store.revokeToken(token.id, bob.id, bob)).toBe(false);
    expect(await store.revokeToken(token.id, alice.id, alice)).toBe(true);
    expect(await store.useToken('h-1')).toBeUndefined();
  });

  it('expires sessions', async () => {
    await store.createSession(
      { hash: 's-old', userId: alice.id, csrf: 'c', expiresAt: '2000-01-01T00:00:00.000Z' },
      alice,
    );
    await store.createSession(
      { hash: 's-new', userId: alice.id, csrf: 'c2', expiresAt: '2999-01-01T00:00:00.000Z' },
      alice,
    );
    expect(await store.findSession('s-old')).toBeUndefined();
    expect((await store.findSession('s-new'))?.csrf).toBe('c2');
    await store.deleteSession('s-new', alice);
    expect(await store.findSession('s-new')).toBeUndefined();
  });

  it('keeps an append-only audit log of every write, in order, which the database will not let anyone edit', async () => {
    const entries = await store.listAudit('all');
    const actions = entries.map((e) => e.action);
    expect(actions.slice(0, 3)).toEqual(['project.create', 'user.create', 'user.create']);
    expect(actions).toContain('scenario.update');
    expect(actions).toContain('plan.create');
    expect(actions).toContain('token.revoke');
    const seqs = entries.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    await expect(sql`update audit set action = 'nothing'`.execute(store.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit`.execute(store.db)).rejects.toThrow(/append-only/);
    // Scoped to projects: user management is admin-only (no project).
    const scoped = await store.listAudit([project.id]);
    expect(scoped.every((e) => e.projectId === project.id)).toBe(true);
    expect(scoped.length).toBeGreaterThan(0);
    expect(await store.listAudit([project.id], { afterSeq: seqs.at(-1)! })).toEqual([]);
  });

  it('lists only the projects a user is a member of', async () => {
    const other = await store.ensureProject('secret', system);
    expect((await store.listProjects(alice.id)).map((p) => p.name)).toEqual(['default']);
    await store.addMember(alice.id, other.id, system);
    await store.addMember(alice.id, other.id, system);
    expect((await store.listProjects(alice.id)).map((p) => p.name)).toEqual(['default', 'secret']);
    expect((await store.listProjects()).map((p) => p.name)).toEqual(['default', 'secret']);
  });
});

describe('--db addresses', () => {
  it('reads sqlite files, postgres URLs and the default', () => {
    expect(parseDbAddress(undefined)).toEqual({ dialect: 'sqlite', target: './aidc.db' });
    expect(parseDbAddress('sqlite:./x.db')).toEqual({ dialect: 'sqlite', target: './x.db' });
    expect(parseDbAddress('sqlite:///tmp/x.db')).toEqual({
      dialect: 'sqlite',
      target: '/tmp/x.db',
    });
    expect(parseDbAddress('plans.db')).toEqual({ dialect: 'sqlite', target: 'plans.db' });
    expect(parseDbAddress('postgres://u@h:5432/d')).toEqual({
      dialect: 'postgres',
      target: 'postgres://u@h:5432/d',
    });
    expect(() => parseDbAddress('mysql://h/d')).toThrow(/expected sqlite:FILE or postgres:/);
    expect(() => parseDbAddress('sqlite:')).toThrow(/needs a file/);
  });
});

describe('a PostgreSQL store whose idle connections the server ends', () => {
  it('keeps working: the pool replaces them instead of the process dying', async () => {
    const database = await postgresTestDatabase();
    const store = await Store.open(database.address);
    try {
      await store.ensureProject('default', { id: null, name: 'test' });
      // Two connections in the pool: one to run the termination, one idle to be ended.
      await Promise.all([0, 1].map(() => sql`SELECT pg_sleep(0.05)`.execute(store.db)));
      // End every other connection to the store's database, as a restart or an operator would.
      await sql`
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`.execute(store.db);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await store.findProject('default'))?.name).toBe('default');
      expect(await store.ping()).toBe(true);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});

// An acknowledged write survives `kill -9` of the server, on both databases: the real `aidc`
// command (the built one, as users run it) is started, written to, killed and started again.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES, type TestDatabase } from '../../store/src/test-databases.js';

const BIN = fileURLToPath(new URL('../bin/aidc.js', import.meta.url));
const example = readFileSync(
  new URL('../../../examples/llama3.1-8b-small.yaml', import.meta.url),
  'utf8',
);

function dbArg(d: TestDatabase): string {
  return d.address.dialect === 'sqlite' ? `sqlite:${d.address.target}` : d.address.target;
}

/** `aidc serve` on a free port; resolves with its URL once it listens. */
function serve(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /aidc serve: (http:\/\/\S+)/.exec(err);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`aidc serve exited ${code}: ${err}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function call(url: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.each(TEST_DATABASES)('aidc serve killed with SIGKILL, on $label', ({ make }) => {
  let database: TestDatabase | undefined;
  afterAll(async () => database?.drop());

  it('keeps every acknowledged write and finishes the sweep it was running', async () => {
    database = await make();
    const db = dbArg(database);
    const added = spawnSync(
      process.execPath,
      [BIN, 'users', 'add', 'ada', '--role', 'planner', '--db', db],
      {
        encoding: 'utf8',
      },
    );
    expect(added.status, added.stderr).toBe(0);
    const token = added.stdout.trim().split('\n').at(-1) ?? '';
    expect(token).toMatch(/^aidc_/);

    const first = await serve(db);
    const created = await call(first.url, token, 'POST', '/api/v1/scenarios', {
      name: '8b',
      yaml: example,
    });
    expect(created.status).toBe(201);
    const id = String(created.body['id']);
    const edited = example.replace(/gpus: (\d+)/, 'gpus: 512');
    const saved = await call(first.url, token, 'PUT', `/api/v1/scenarios/${id}`, {
      yaml: edited,
      baseVersion: 1,
    });
    expect(saved.status).toBe(200);
    const sweep = await call(first.url, token, 'POST', '/api/v1/sweeps', {
      scenarioId: id,
      vary: [`cluster.gpus=${Array.from({ length: 32 }, (_, i) => 64 * (i + 1)).join(',')}`],
    });
    expect(sweep.status).toBe(202);
    // Killed the moment the answers arrive: nothing gets a chance to flush later.
    await killed(first.child);

    const second = await serve(db);
    try {
      const read = await call(second.url, token, 'GET', `/api/v1/scenarios/${id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ version: 2, yaml: edited });
      expect(
        (await call(second.url, token, 'GET', `/api/v1/scenarios/${id}?version=1`)).body['yaml'],
      ).toBe(example);
      // The sweep the first server was running is queued again and runs to the end.
      const jobId = String(sweep.body['id']);
      let job: Record<string, unknown> = {};
      for (let i = 0; i < 600; i++) {
        job = (await call(second.url, token, 'GET', `/api/v1/sweeps/${jobId}`)).body;
        if (job['status'] !== 'queued' && job['status'] !== 'running') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(job['status']).toBe('succeeded');
      expect((job['result'] as { rows: unknown[] }).rows).toHaveLength(32);
      const audit = await call(second.url, token, 'GET', '/api/v1/audit');
      const actions = (audit.body['entries'] as { action: string }[]).map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining(['scenario.create', 'scenario.update', 'sweep.create']),
      );
    } finally {
      await killed(second.child);
    }
  });
});

describe.each(TEST_DATABASES)(
  'operations through aidc serve killed with SIGKILL, on $label',
  ({ make }) => {
    let database: TestDatabase | undefined;
    afterAll(async () => database?.drop());

    it('keeps every acknowledged push, rule and inventory edit', async () => {
      database = await make();
      const db = dbArg(database);
      const added = spawnSync(
        process.execPath,
        [BIN, 'users', 'add', 'olive', '--role', 'operator', '--db', db],
        { encoding: 'utf8' },
      );
      expect(added.status, added.stderr).toBe(0);
      const token = added.stdout.trim().split('\n').at(-1) ?? '';
      const plan = JSON.parse(
        readFileSync(
          new URL('../../../examples/expected/llama3.1-8b-small.plan.json', import.meta.url),
          'utf8',
        ),
      ) as unknown;

      const first = await serve(db);
      expect(
        (await call(first.url, token, 'POST', '/api/v1/inventory/import-plan', { plan })).status,
      ).toBe(201);
      const racks = (await call(first.url, token, 'GET', '/api/v1/inventory?kind=racks')).body[
        'racks'
      ] as { id: string }[];
      const rack = { ...racks[0], name: 'renamed on site' };
      expect(
        (await call(first.url, token, 'PUT', `/api/v1/inventory/racks/${rack.id}`, rack)).status,
      ).toBe(200);
      const rules =
        'rules:\n  - { name: hot, expr: DCGM_FI_DEV_GPU_TEMP, threshold: 85, forMinutes: 0, severity: warning }\n';
      expect(
        (
          await call(first.url, token, 'PUT', '/api/v1/alert-rules', {
            yaml: rules,
            baseVersion: 0,
          })
        ).status,
      ).toBe(200);
      const lines = Array.from(
        { length: 2_000 },
        (_, i) =>
          `DCGM_FI_DEV_GPU_TEMP{gpu="${i % 8}",Hostname="h-${Math.floor(i / 8)}"} ${60 + (i % 30)}`,
      );
      const pushed = await fetch(first.url + '/api/v1/telemetry', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
        body: lines.join('\n') + '\n',
      });
      expect(pushed.status).toBe(200);
      expect(((await pushed.json()) as { accepted: number }).accepted).toBe(2_000);
      // Killed the moment the answer arrives.
      await killed(first.child);

      const second = await serve(db);
      try {
        const held = await call(second.url, token, 'GET', '/api/v1/telemetry');
        expect(held.body['samples']).toBe(2_000);
        const again = (await call(second.url, token, 'GET', '/api/v1/inventory?kind=racks')).body[
          'racks'
        ] as { id: string; name: string }[];
        expect(again.find((r) => r.id === rack.id)?.name).toBe('renamed on site');
        const saved = await call(second.url, token, 'GET', '/api/v1/alert-rules');
        expect(saved.body).toMatchObject({ version: 1, yaml: rules });
        // The rule fired on the push, and the instances were stored with it.
        const alerts = (await call(second.url, token, 'GET', '/api/v1/alerts')).body[
          'alerts'
        ] as unknown[];
        expect(alerts.length).toBeGreaterThan(0);
      } finally {
        await killed(second.child);
      }
    });
  },
);

describe('aidc serve stopped with SIGTERM', () => {
  it('answers the request in flight, logs its stop, and exits 0', async () => {
    const database = await TEST_DATABASES[0]!.make();
    try {
      const db = dbArg(database);
      const added = spawnSync(
        process.execPath,
        [BIN, 'users', 'add', 'ada', '--role', 'planner', '--db', db],
        {
          encoding: 'utf8',
        },
      );
      const token = added.stdout.trim().split('\n').at(-1) ?? '';
      const { child, url } = await serve(db);
      let err = '';
      child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const created = await call(url, token, 'POST', '/api/v1/scenarios', {
        name: '8b',
        yaml: example,
      });
      // A plan of the 405B example keeps the server busy for a while; the signal comes meanwhile.
      const big = readFileSync(
        new URL('../../../examples/llama3.1-405b-16k-h100.yaml', import.meta.url),
        'utf8',
      );
      const second = await call(url, token, 'POST', '/api/v1/scenarios', {
        name: '405b',
        yaml: big,
      });
      const inFlight = call(url, token, 'POST', '/api/v1/plans', { scenarioId: second.body['id'] });
      await new Promise((r) => setTimeout(r, 20));
      const exited = new Promise<number | null>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', (code) => resolve(code));
      });
      child.kill('SIGTERM');
      const answer = await inFlight;
      expect(answer.status).toBe(201);
      expect(await exited).toBe(0);
      expect(err).toMatch(/SIGTERM, stopping/);
      expect(err).toMatch(/"msg":"stopped"/);
      expect(created.status).toBe(201);
    } finally {
      await database.drop();
    }
  });
});

describe('aidc users add and aidc serve refuse bad arguments', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  it('names the problem and exits 2', () => {
    const role = run('users', 'add', 'x', '--role', 'boss', '--db', 'sqlite::memory:');
    expect(role.status).toBe(2);
    expect(role.stderr).toMatch(/--role "boss": expected one of viewer, planner, operator, admin/);
    const db = run('serve', '--db', 'mysql://h/d');
    expect(db.status).toBe(2);
    expect(db.stderr).toMatch(/expected sqlite:FILE or postgres:/);
    const port = run('serve', '--port', 'http');
    expect(port.status).toBe(2);
    expect(port.stderr).toMatch(/--port "http"/);
  });
});

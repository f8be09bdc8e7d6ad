// The service's sweeps and simulations on queue workers, against the real Redis and a real store:
// `aidc serve`'s code with a queue, and two built `aidc worker` processes sharing its store.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  postgresTestDatabase,
  sqliteTestDatabase,
  type TestDatabase,
} from '../../store/src/test-databases.js';
import { computeSimulation, computeSweep } from '../../server/src/jobs/compute.js';
import { addUser } from '../../server/src/routes/accounts.js';
import { startServer, type RunningServer } from '../../server/src/serve.js';
import { Client } from '../../server/src/test-client.js';
import { parseQueueAddress } from './connection.js';
import { QUEUE_NAME } from './jobs.js';
import {
  dropPrefix,
  REDIS,
  SMALL,
  spawnWorker,
  stopWorker,
  testPrefix,
  VARY_2000,
  waitFor,
  type SpawnedWorker,
} from './test-workers.js';

const prefix = testPrefix();

describe('the service on queue workers (SQLite store, Redis)', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let planner: Client;
  let queue: Queue;
  let redis: Redis;
  const workers: SpawnedWorker[] = [];
  const worker = async (...extra: string[]) => {
    const w = await spawnWorker([
      '--queue',
      REDIS,
      '--queue-prefix',
      prefix,
      '--db',
      `sqlite:${database.address.target}`,
      '--concurrency',
      '1',
      '--stall-interval',
      '1000',
      ...extra,
    ]);
    workers.push(w);
    return w;
  };

  beforeAll(async () => {
    database = sqliteTestDatabase();
    server = await startServer({
      db: database.address,
      port: 0,
      log: () => {},
      queue: parseQueueAddress(REDIS, prefix),
    });
    const made = await addUser(
      server.store,
      { name: 'lin', role: 'planner', projects: ['default'] },
      { id: null, name: 'test' },
    );
    planner = new Client(server.url, made?.token);
    redis = new Redis(REDIS, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUE_NAME, { connection: redis, prefix });
  });
  afterAll(async () => {
    await Promise.all(workers.map(stopWorker));
    await server?.close();
    await queue?.close();
    redis?.disconnect();
    await dropPrefix(prefix);
    await database?.drop();
  });

  it(
    'two workers share a 2,000-variant sweep; one killed with SIGKILL mid-chunk, the sweep ends with the 2,000 rows of the in-process run',
    { timeout: 90_000 },
    async () => {
      const [a, b] = [await worker(), await worker()];
      const scenario = await planner.post<{ id: string }>('/api/v1/scenarios', {
        name: '8b',
        yaml: SMALL,
      });
      const started = await planner.post<{ id: string }>('/api/v1/sweeps', {
        scenarioId: scenario.body.id,
        vary: VARY_2000,
      });
      expect(started.status).toBe(202);
      const id = started.body.id;
      // Halfway, and while worker a holds a chunk: it dies without a word.
      await waitFor('half the sweep', async () => {
        const j = await server.store.getJob(id);
        return (j?.progress.done ?? 0) >= 900 ? true : undefined;
      });
      const held = await waitFor('a chunk held by worker a', async () => {
        const active = await queue.getActive();
        return active.find((j) => j.processedBy === a?.name)?.id;
      });
      a?.child.kill('SIGKILL');
      await a?.exited;

      const end = (await planner.events(id)).at(-1);
      expect(end?.event).toBe('end');
      expect(end?.data['status']).toBe('succeeded');
      const result = end?.data['result'] as {
        rows: unknown[];
        columns: string[];
        failures: number;
      };
      const local = await computeSweep(
        SMALL,
        { scenarioId: scenario.body.id, vary: VARY_2000 },
        { progress() {}, cancelled: () => false },
      );
      if (local === 'cancelled') throw new Error('the in-process sweep was cancelled');
      expect(result.rows).toHaveLength(2000);
      expect(result.failures).toBe(400);
      expect(result).toEqual(local);
      // The chunk worker a held was taken over by worker b after the stall interval.
      expect(b?.stderr()).toContain('job taken back from a worker that stopped');
      expect(b?.stderr()).toContain(held);
      // The job holds the whole result; its chunks are gone from the store and from Redis.
      expect(await server.store.sweepChunkIndexes(id)).toEqual([]);
      expect(await queue.getJobCounts('waiting', 'active', 'delayed', 'failed')).toEqual({
        waiting: 0,
        active: 0,
        delayed: 0,
        failed: 0,
      });
    },
  );

  it(
    "runs a simulation on a worker, with the in-process runner's document",
    { timeout: 60_000 },
    async () => {
      if (workers.every((w) => w.child.exitCode !== null || w.child.signalCode !== null))
        await worker();
      const yaml = readFileSync(
        new URL('../../../examples/scheduler-comparison.yaml', import.meta.url),
        'utf8',
      );
      const scenario = await planner.post<{ id: string }>('/api/v1/scenarios', {
        name: 'sim',
        yaml,
      });
      const r = await planner.post<{ id: string }>('/api/v1/simulations', {
        scenarioId: scenario.body.id,
        days: 2,
        seed: 7,
      });
      expect(r.status).toBe(202);
      const end = (await planner.events(r.body.id)).at(-1);
      expect(end?.data['status']).toBe('succeeded');
      expect(end?.data['result']).toEqual(
        computeSimulation(yaml, { scenarioId: scenario.body.id, days: 2, seed: 7 }),
      );
    },
  );

  it(
    'cancels a queued sweep: the job ends cancelled and its chunks leave the queue',
    { timeout: 60_000 },
    async () => {
      const scenario = await planner.post<{ id: string }>('/api/v1/scenarios', {
        name: 'cancel me',
        yaml: SMALL,
      });
      // Ten times the work, so that most of it is still queued when the cancel comes.
      const tokens = Array.from({ length: 100 }, (_, i) => `${i + 1}e12`).join(',');
      const vary = [
        'cluster.gpus=16,40,64,128,256',
        `workloads[0].tokens=${tokens}`,
        ...VARY_2000.slice(2),
      ];
      const started = await planner.post<{ id: string }>('/api/v1/sweeps', {
        scenarioId: scenario.body.id,
        vary,
      });
      const id = started.body.id;
      await waitFor('the sweep under way', async () => {
        const j = await server.store.getJob(id);
        return (j?.progress.done ?? 0) > 0 ? true : undefined;
      });
      const cancelled = await planner.post(`/api/v1/jobs/${id}/cancel`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body['status']).toBe('cancelled');
      await waitFor('the queue empty of the sweep', async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
        return counts['waiting'] === 0 && counts['active'] === 0 && counts['delayed'] === 0
          ? true
          : undefined;
      });
      expect((await server.store.getJob(id))?.status).toBe('cancelled');
      expect(await server.store.sweepChunkIndexes(id)).toEqual([]);
    },
  );
});

/** A Redis of this test's own on a free port (no persistence: a restart starts it empty). */
async function privateRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await waitFor('a private Redis', async () => {
    const probe = new Redis(`redis://127.0.0.1:${port}`, {
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    probe.on('error', () => {});
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG' ? true : undefined;
    } catch {
      return undefined;
    } finally {
      probe.disconnect();
    }
  });
  return child;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

// On PostgreSQL, the store of a fleet across machines (the test above runs on SQLite).
describe('Redis restarted empty mid-sweep (store on PostgreSQL)', () => {
  let database: TestDatabase | undefined;
  let redisServer: ChildProcess | undefined;
  let server: RunningServer | undefined;
  let w: SpawnedWorker | undefined;
  afterAll(async () => {
    await stopWorker(w);
    await server?.close();
    redisServer?.kill('SIGKILL');
    await database?.drop();
  });

  it(
    'loses no stored chunk: the sweep ends with its 800 rows, the chunks stored before the restart planned once',
    { timeout: 90_000 },
    async () => {
      const pg = await postgresTestDatabase();
      database = pg;
      const port = await freePort();
      const url = `redis://127.0.0.1:${port}`;
      redisServer = await privateRedis(port);
      server = await startServer({
        db: pg.address,
        port: 0,
        log: () => {},
        queue: parseQueueAddress(url, prefix),
      });
      const db = pg.address.target;
      w = await spawnWorker([
        '--queue',
        url,
        '--queue-prefix',
        prefix,
        '--db',
        db,
        '--concurrency',
        '1',
        '--stall-interval',
        '1000',
      ]);
      const made = await addUser(
        server.store,
        { name: 'lin', role: 'planner', projects: ['default'] },
        { id: null, name: 'test' },
      );
      const planner = new Client(server.url, made?.token);
      const scenario = await planner.post<{ id: string }>('/api/v1/scenarios', {
        name: '8b',
        yaml: SMALL,
      });
      const vary = [...VARY_2000.slice(0, 3), 'workloads[0].seqLen=4096,8192'];
      const started = await planner.post<{ id: string }>('/api/v1/sweeps', {
        scenarioId: scenario.body.id,
        vary,
      });
      const id = started.body.id;
      const stored = await waitFor('two chunks stored', async () => {
        const chunks = await server?.store.sweepChunkIndexes(id);
        return chunks && chunks.length >= 2 ? chunks : undefined;
      });
      redisServer.kill('SIGKILL');
      await new Promise((resolve) => redisServer?.once('exit', resolve));
      redisServer = await privateRedis(port);

      const end = (await planner.events(id)).at(-1);
      expect(end?.data['status']).toBe('succeeded');
      const result = end?.data['result'] as { rows: unknown[]; failures: number };
      const local = await computeSweep(
        SMALL,
        { scenarioId: scenario.body.id, vary },
        { progress() {}, cancelled: () => false },
      );
      expect(result.rows).toHaveLength(800);
      expect(result).toEqual(local);
      for (const chunk of stored) {
        const runs = w
          .stderr()
          .split('\n')
          .filter((l) => l.includes(`"job":"sweep.${id}.${chunk}"`));
        expect(runs.filter((l) => l.includes('"msg":"sweep-chunk completed"'))).toHaveLength(1);
      }
    },
  );
});

// `npm run bench:serve`: the service under load on 127.0.0.1 — the built `aidc serve` code
// (packages/*/dist) on a fresh SQLite store (or `-- --db postgres://…`), N concurrent
// `POST /api/v1/plans` of the 405B/16k-H100 example over real sockets. Reports errors, latency
// percentiles and plans per second for the first round (cold: nothing JIT-compiled yet) and the
// median of three warm rounds. Wall-clock time, so it lives here, not in a test.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Server = typeof import('@aidc/server');
const root = join(import.meta.dirname, '..');
const server = (await import(
  pathToFileURL(join(root, 'packages/server/dist/index.js')).href
)) as Server;

const args = process.argv.slice(2);
const flag = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const concurrency = Number(flag('--concurrency') ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'aidc-bench-'));
const db = flag('--db') ?? `sqlite:${join(dir, 'aidc.db')}`;
const yaml = readFileSync(join(root, 'examples/llama3.1-405b-16k-h100.yaml'), 'utf8');

const running = await server.startServer({
  db,
  port: 0,
  log: () => {},
  rateLimit: { perMinute: 1_000_000, burst: 100_000 },
});
const made = await server.addUser(
  running.store,
  { name: `bench-${Date.now()}`, role: 'planner', projects: ['default'] },
  { id: null, name: 'bench' },
);
const headers = {
  authorization: `Bearer ${made?.token ?? ''}`,
  'content-type': 'application/json',
};
const created = (await (
  await fetch(`${running.url}/api/v1/scenarios`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: '405b', yaml }),
  })
).json()) as { id: string };

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function round() {
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const t0 = performance.now();
      try {
        const res = await fetch(`${running.url}/api/v1/plans`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ scenarioId: created.id }),
        });
        await res.arrayBuffer();
        return { ms: performance.now() - t0, ok: res.status === 201 };
      } catch {
        return { ms: performance.now() - t0, ok: false };
      }
    }),
  );
  const wallS = (performance.now() - started) / 1000;
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    errors: results.filter((r) => !r.ok).length,
    p50: pct(ms, 50),
    p90: pct(ms, 90),
    p99: pct(ms, 99),
    max: ms.at(-1) ?? NaN,
    plansPerS: concurrency / wallS,
  };
}

const cold = await round();
const warm = [await round(), await round(), await round()].sort((a, b) => a.p99 - b.p99)[1]!;
await running.close();
rmSync(dir, { recursive: true, force: true });

const row = (name: string, r: typeof cold) =>
  `${name.padEnd(6)} ${String(r.errors).padStart(6)} ${[r.p50, r.p90, r.p99, r.max].map((x) => x.toFixed(0).padStart(8)).join('')} ${r.plansPerS.toFixed(1).padStart(9)}`;
console.log(
  `aidc serve: ${concurrency} concurrent POST /api/v1/plans (405B on 16,384 H100), store ${db.startsWith('postgres') ? 'postgres' : 'sqlite'}, ${availableParallelism()} cores`,
);
console.log(`round  errors   p50 ms   p90 ms   p99 ms   max ms   plans/s`);
console.log(row('cold', cold));
console.log(row('warm', warm));
if (cold.errors + warm.errors > 0) process.exitCode = 1;

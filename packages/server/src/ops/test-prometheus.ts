// A real Prometheus for tests (architecture rule 4): Debian's /usr/bin/prometheus (or
// PROMETHEUS_PATH) on 127.0.0.1 at a free port, with a temporary TSDB and a generated config
// that scrapes exporters this process serves (node:http on 127.0.0.1) every second. A missing
// binary is an Error saying how to install it; AIDC_SKIP_PROMETHEUS=1 lets a test file skip.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS_PATH = process.env['PROMETHEUS_PATH'] ?? '/usr/bin/prometheus';

/** Whether AIDC_SKIP_PROMETHEUS=1 asks the Prometheus tests to skip. */
export const SKIP_PROMETHEUS = process.env['AIDC_SKIP_PROMETHEUS'] === '1';

/** One scrape target: its `instance` label and the exposition text of its n-th scrape (from 0). */
export interface TestTarget {
  readonly instance: string;
  readonly metrics: (scrape: number) => string;
}

export interface TestPrometheus {
  /** The server's base URL, e.g. http://127.0.0.1:40123. */
  readonly url: string;
  /** How many times Prometheus has scraped the target with this `instance`. */
  scrapes(instance: string): number;
  /** What Prometheus wrote to stderr (warnings and errors only). */
  stderr(): string;
  /** SIGTERM, wait for the exit, close the exporter, remove the TSDB. */
  stop(): Promise<void>;
}

/**
 * The scrapes of a fixture that holds several exporters' text, each starting at a line
 * `# aidc-fixture: instance NAME` (a comment to Prometheus), in file order.
 */
export function fixtureTargets(path: string): { instance: string; text: string }[] {
  const targets: { instance: string; text: string }[] = [];
  let current: { instance: string; text: string } | undefined;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const start = /^# aidc-fixture: instance (\S+)\s*$/.exec(line);
    if (start?.[1]) targets.push((current = { instance: start[1], text: '' }));
    else if (current && line !== '') current.text += `${line}\n`;
  }
  return targets;
}

const INSTALL =
  "install Debian's prometheus (as root: apt-get update && apt-get install -y --no-install-recommends prometheus; `npm test` does this through scripts/ensure-prometheus.mjs), or set PROMETHEUS_PATH to a prometheus binary, or set AIDC_SKIP_PROMETHEUS=1 to skip the Prometheus tests";

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function json(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** The exporter: target i's text at /metrics/i, counting scrapes. */
async function serveExporter(targets: readonly TestTarget[], counts: number[]): Promise<Server> {
  const server = createServer((req, res) => {
    const index = Number(/^\/metrics\/(\d+)$/.exec(req.url ?? '')?.[1] ?? -1);
    const target = targets[index];
    if (!target) {
      res.writeHead(404).end('not found\n');
      return;
    }
    const n = counts[index] ?? 0;
    counts[index] = n + 1;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(target.metrics(n));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}

function config(exporterPort: number, targets: readonly TestTarget[], intervalS: number): string {
  const entries = targets
    .map(
      (t, i) =>
        `      - targets: ['127.0.0.1:${exporterPort}']\n` +
        `        labels: { instance: ${JSON.stringify(t.instance)}, __metrics_path__: '/metrics/${i}' }\n`,
    )
    .join('');
  return (
    `global:\n  scrape_interval: ${intervalS}s\n  scrape_timeout: ${intervalS}s\n` +
    `scrape_configs:\n  - job_name: dcgm-exporter\n    static_configs:\n${entries}`
  );
}

/** Waits for the exit of a child, SIGKILL after `graceMs`. */
async function terminate(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts Prometheus scraping `targets` every `intervalS` seconds and resolves once it is ready
 * and every target has been scraped successfully at least once (the samples are queryable).
 */
export async function startTestPrometheus(
  targets: readonly TestTarget[],
  { intervalS = 1, readyWithinMs = 15_000 }: { intervalS?: number; readyWithinMs?: number } = {},
): Promise<TestPrometheus> {
  if (!existsSync(PROMETHEUS_PATH))
    throw new Error(`the Prometheus tests need ${PROMETHEUS_PATH}, which is missing: ${INSTALL}`);
  const counts = targets.map(() => 0);
  const exporter = await serveExporter(targets, counts);
  const exporterPort = (exporter.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'aidc-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, config(exporterPort, targets, intervalS));

  let stderr = '';
  let child: ChildProcess | undefined;
  const cleanUp = async () => {
    if (child) await terminate(child);
    exporter.closeAllConnections();
    await new Promise<void>((resolve) => exporter.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    // The free port can be taken between finding it and Prometheus binding it: try again.
    for (let attempt = 1; ; attempt += 1) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      stderr = '';
      const started = spawn(
        PROMETHEUS_PATH,
        [
          `--config.file=${configFile}`,
          `--storage.tsdb.path=${join(dir, `data-${attempt}`)}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=warn',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      child = started;
      started.stderr?.setEncoding('utf8');
      started.stderr?.on('data', (chunk: string) => {
        if (stderr.length < 20_000) stderr += chunk;
      });
      const spawnError = new Promise<Error>((resolve) => started.once('error', resolve));
      let failure: Error | null = null;
      const deadline = Date.now() + readyWithinMs;
      for (;;) {
        if (started.exitCode !== null || started.signalCode !== null) {
          failure = new Error(
            `Prometheus (${PROMETHEUS_PATH}) exited with ${started.exitCode ?? started.signalCode} before it was ready: ${stderr.trim() || 'no output'}`,
          );
          break;
        }
        const spawned = await Promise.race([spawnError, sleep(100).then(() => null)]);
        if (spawned) {
          failure = new Error(`could not start ${PROMETHEUS_PATH}: ${spawned.message}; ${INSTALL}`);
          break;
        }
        if (await scraped(url, targets.length)) {
          return {
            url,
            scrapes: (instance) => counts[targets.findIndex((t) => t.instance === instance)] ?? 0,
            stderr: () => stderr,
            stop: cleanUp,
          };
        }
        if (Date.now() > deadline) {
          failure = new Error(
            `Prometheus at ${url} was not ready, or had not scraped its ${targets.length} targets, within ${readyWithinMs / 1000} s: ${stderr.trim() || 'no output'}`,
          );
          break;
        }
      }
      await terminate(started);
      child = undefined;
      if (!/address already in use/.test(stderr) || attempt >= 3) throw failure;
    }
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** Ready, every target up after a scrape, and its `up` sample queryable. */
async function scraped(url: string, targetCount: number): Promise<boolean> {
  try {
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
    if (!ready.ok) return false;
    const targets = (await json(`${url}/api/v1/targets?state=active`)) as {
      data?: { activeTargets?: { health?: string }[] };
    };
    const active = targets.data?.activeTargets ?? [];
    if (active.length < targetCount || active.some((t) => t.health !== 'up')) return false;
    const up = (await json(
      `${url}/api/v1/query?query=${encodeURIComponent('count(up == 1)')}`,
    )) as {
      data?: { result?: { value?: [number, string] }[] };
    };
    return Number(up.data?.result?.[0]?.value?.[1] ?? 0) >= targetCount;
  } catch {
    return false;
  }
}

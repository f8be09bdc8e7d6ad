// `aidc serve`: open the store (migrating it), queue again what a stopped server left running,
// and answer HTTP until told to stop; then stop taking connections, let requests in flight and
// the current job step finish, and close the store.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { AIDC_VERSION } from '@aidc/core';
import { OpsStore, Store, type DbAddress, type Retention } from '@aidc/store';
import type { QueueAddress } from '@aidc/workers';
import { createApp, type AppOptions } from './app.js';
import { inProcessRunner, type JobRunner } from './jobs/runner.js';
import { OpsService } from './ops/ops-service.js';
import { stderrLogger, type Logger } from './log.js';
import { DEFAULT_LIMITS, RateLimiter } from './rate-limit.js';
import type { Services } from './route.js';

export interface ServeOptions extends AppOptions {
  readonly db?: DbAddress | string | undefined;
  readonly host?: string;
  readonly port?: number;
  readonly log?: Logger;
  /** Set the session cookie's Secure flag (default on; browsers accept it on localhost). */
  readonly secureCookies?: boolean;
  /**
   * Run sweeps and simulations on `aidc worker`s through this Redis queue instead of in this
   * process (`aidc serve --queue redis://…`).
   */
  readonly queue?: QueueAddress | undefined;
  /** Variants per queued sweep chunk (default 200). */
  readonly chunkSize?: number;
  /** Read telemetry from this Prometheus server instead of the store (`--prometheus`). */
  readonly prometheus?: string | undefined;
  /** How long raw samples and roll-ups are kept. */
  readonly retention?: Retention;
  /** How often the alert rules are evaluated and webhooks retried (default 60 s). */
  readonly opsIntervalMs?: number;
}

/**
 * The operations timer: every interval, evaluate each active project's alert rules (so stale
 * telemetry fires without an ingest) and deliver due webhooks; every hour, roll up and drop
 * samples past the retention. A failing project is logged and the others go on.
 */
function watchOperations(services: Services, log: Logger, intervalMs: number): () => Promise<void> {
  let running: Promise<void> | undefined;
  let lastCompact = Date.now();
  const tick = async () => {
    for (const project of await services.ops.ops.activeProjects()) {
      try {
        await services.ops.evaluate(project);
      } catch (error) {
        log({
          at: new Date().toISOString(),
          level: 'error',
          msg: 'alert evaluation failed',
          project,
          error: (error as Error).message,
        });
      }
    }
    await services.ops.deliverNotifications();
    if (Date.now() - lastCompact >= 3_600_000) {
      lastCompact = Date.now();
      const rolled = await services.ops.compact();
      if (rolled > 0)
        log({
          at: new Date().toISOString(),
          level: 'info',
          msg: 'telemetry rolled up',
          samples: rolled,
        });
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((error: unknown) =>
        log({
          at: new Date().toISOString(),
          level: 'error',
          msg: 'operations timer failed',
          error: (error as Error).message,
        }),
      )
      .finally(() => (running = undefined));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

export interface RunningServer {
  readonly url: string;
  readonly store: Store;
  readonly services: Services;
  /** Stop gracefully (what SIGTERM and SIGINT do). */
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const log = options.log ?? stderrLogger;
  // A bad --prometheus address is refused before anything opens.
  const telemetry =
    options.prometheus !== undefined
      ? new (await import('./ops/prometheus-source.js')).PrometheusSource(options.prometheus)
      : undefined;
  const store = await Store.open(options.db);
  await store.ensureProject('default', { id: null, name: 'system' });
  let runner: JobRunner;
  try {
    runner = options.queue
      ? await (
          await import('./jobs/queue-runner.js')
        ).queueRunner(store, log, options.queue, {
          ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
        })
      : inProcessRunner(store, log);
  } catch (error) {
    await store.close();
    throw error;
  }
  const signIn = new RateLimiter(options.signInLimit ?? DEFAULT_LIMITS.signIn);
  const services: Services = {
    store,
    runner,
    ops: new OpsService(new OpsStore(store), {
      ...(options.retention ? { retention: options.retention } : {}),
      ...(telemetry ? { telemetry } : {}),
    }),
    log,
    version: AIDC_VERSION,
    secureCookies: options.secureCookies ?? true,
    signInLimit: (key) => signIn.take(key),
  };
  const app = createApp(services, options);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve(
      { fetch: app.fetch, hostname: options.host ?? '127.0.0.1', port: options.port ?? 8080 },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  for (const id of await store.requeueInterrupted()) runner.enqueue(id);
  const stopWatch = watchOperations(services, log, options.opsIntervalMs ?? 60_000);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log({
    at: new Date().toISOString(),
    level: 'info',
    msg: 'listening',
    url,
    store: store.dialect,
    jobs: options.queue ? `queue ${options.queue.display}` : 'in-process',
  });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      log({ at: new Date().toISOString(), level: 'info', msg: 'stopping' });
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      await stopWatch();
      await runner.stop();
      // Connections still busy after 10 s (a stream left open) are cut.
      const timer = setTimeout(() => {
        if ('closeAllConnections' in server) server.closeAllConnections();
      }, 10_000);
      await stopped;
      clearTimeout(timer);
      await store.close();
      log({ at: new Date().toISOString(), level: 'info', msg: 'stopped' });
    })());
  return { url, store, services, close };
}

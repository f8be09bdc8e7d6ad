// `aidc worker --queue redis://…` (interface.md §8): plan sweep chunks and run simulations from
// the queue until stopped. The workers, BullMQ and the store load only when it runs.
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { Io } from './io.js';

export interface WorkerHooks {
  exit(code: number): never;
  /** Calls the listener at each SIGINT or SIGTERM; returns the function that stops listening. */
  onSignal(listener: (signal: string) => void): () => void;
}

function whole(
  io: Io,
  hooks: WorkerHooks,
  option: string,
  text: string,
  min: number,
  max: number,
): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    io.err(`aidc worker: ${option} "${text}": expected a whole number from ${min} to ${max}`);
    return hooks.exit(2);
  }
  return n;
}

export function addWorkerCommand(program: Command, io: Io, hooks: WorkerHooks): void {
  program
    .command('worker')
    .description('plan sweep chunks and run simulations from a Redis queue, on any machine')
    .requiredOption('--queue <redis-url>', 'the queue, e.g. redis://127.0.0.1:6379')
    .option(
      '--concurrency <n>',
      `jobs run at once, one thread each (default: ${availableParallelism()}, the cores)`,
    )
    .option(
      '--db <address>',
      "the service's store (sqlite:FILE or postgres://…): its sweeps' rows are written there",
    )
    .option('--queue-prefix <name>', 'key prefix in Redis, to keep fleets apart (default aidc)')
    .option(
      '--stall-interval <ms>',
      "how long before another worker takes over a dead worker's job (default 30000)",
    )
    .option(
      '--grace <s>',
      'at SIGTERM, how long jobs in progress may finish before they go back to the queue (default 10)',
    )
    .option('--metrics-port <n>', 'serve Prometheus metrics at http://HOST:N/metrics')
    .option('--metrics-host <h>', 'address for --metrics-port', '127.0.0.1')
    .addHelpText(
      'after',
      `
Examples:
  aidc worker --queue redis://10.0.0.5:6379                       on each machine of the fleet
  aidc worker --queue redis://10.0.0.5:6379 --db postgres://aidc@10.0.0.5/aidc --metrics-port 9464
  aidc sweep a.yaml --vary cluster.gpus=8192,16384 --queue redis://10.0.0.5:6379

Logs are JSON lines on stderr. SIGTERM or SIGINT takes no new job and lets those in progress
finish (--grace); a second signal hands them back to the queue at once.`,
    )
    .action(
      async (opts: {
        queue: string;
        concurrency?: string;
        db?: string;
        queuePrefix?: string;
        stallInterval?: string;
        grace?: string;
        metricsPort?: string;
        metricsHost: string;
      }) => {
        const concurrency =
          opts.concurrency === undefined
            ? availableParallelism()
            : whole(io, hooks, '--concurrency', opts.concurrency, 1, 256);
        const stallIntervalMs =
          opts.stallInterval === undefined
            ? undefined
            : whole(io, hooks, '--stall-interval', opts.stallInterval, 100, 3_600_000);
        const graceMs =
          opts.grace === undefined
            ? 10_000
            : whole(io, hooks, '--grace', opts.grace, 0, 86_400) * 1000;
        const metricsPort =
          opts.metricsPort === undefined
            ? undefined
            : whole(io, hooks, '--metrics-port', opts.metricsPort, 0, 65535);
        const workers = await import('@aidc/workers');
        let address;
        try {
          address = workers.parseQueueAddress(opts.queue, opts.queuePrefix);
        } catch (error) {
          if (!(error instanceof workers.QueueAddressError)) throw error;
          io.err(`aidc worker: ${error.message}`);
          return hooks.exit(2);
        }
        let store;
        if (opts.db !== undefined) {
          const { Store, parseDbAddress, DbAddressError } = await import('@aidc/store');
          try {
            store = await Store.open(parseDbAddress(opts.db));
          } catch (error) {
            io.err(
              `aidc worker: ${error instanceof DbAddressError ? error.message : `cannot open the store: ${(error as Error).message}`}`,
            );
            return hooks.exit(2);
          }
        }
        let redis;
        let worker;
        try {
          redis = await workers.connectQueue(address);
          worker = await workers.startWorker({
            redis,
            queue: address,
            concurrency,
            ...(store ? { store } : {}),
            ...(stallIntervalMs !== undefined ? { stallIntervalMs } : {}),
            ...(metricsPort !== undefined
              ? { metrics: { host: opts.metricsHost, port: metricsPort } }
              : {}),
          });
        } catch (error) {
          redis?.disconnect();
          await store?.close();
          io.err(`aidc worker: ${(error as Error).message}`);
          return hooks.exit(2);
        }
        io.err(
          `aidc worker: ready on ${address.display} (prefix ${address.prefix}), concurrency ${concurrency}` +
            (store ? `, store ${store.dialect}` : ', no store') +
            (worker.metricsUrl ? `, metrics ${worker.metricsUrl}` : ''),
        );
        const running = worker;
        await new Promise<void>((resolve) => {
          let signals = 0;
          const stopListening = hooks.onSignal((signal) => {
            signals++;
            if (signals === 1) {
              io.err(
                `aidc worker: ${signal}, finishing ${running.metrics.active} job(s) in progress (a second signal hands them back)`,
              );
              void running.close(graceMs).then(() => {
                stopListening();
                resolve();
              });
            } else {
              io.err(`aidc worker: ${signal}, handing the jobs in progress back to the queue`);
              running.handBack();
            }
          });
        });
        redis.disconnect();
        await store?.close();
        io.err('aidc worker: stopped');
      },
    );
}

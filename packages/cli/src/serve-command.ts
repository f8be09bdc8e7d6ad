// `aidc serve` and `aidc users add` (interface.md §7). The service and the store load only when
// these commands run, so the planner's start stays quick.
import type { Command } from 'commander';
import type { Io } from './io.js';

export interface ServeHooks {
  exit(code: number): never;
  /** Resolves at SIGINT or SIGTERM (tests resolve it themselves). */
  stopSignal(): Promise<string>;
  /** The first line of standard input (a password). */
  readStdinLine(): Promise<string>;
}

const ROLE_NAMES = ['viewer', 'planner', 'operator', 'admin'] as const;
type RoleName = (typeof ROLE_NAMES)[number];

function port(text: string, hooks: ServeHooks, io: Io): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    io.err(`aidc serve: --port "${text}": expected a port from 0 to 65535`);
    return hooks.exit(2);
  }
  return n;
}

async function openStore(io: Io, hooks: ServeHooks, command: string, db: string | undefined) {
  const { Store, parseDbAddress, DbAddressError } = await import('@aidc/store');
  try {
    return await Store.open(parseDbAddress(db));
  } catch (error) {
    const why =
      error instanceof DbAddressError
        ? error.message
        : `cannot open the store: ${(error as Error).message}`;
    io.err(`aidc ${command}: ${why}`);
    return hooks.exit(2);
  }
}

export function addServeCommands(program: Command, io: Io, hooks: ServeHooks): void {
  program
    .command('serve')
    .description('serve the HTTP API (and later the web app) on a shared store')
    .option('--port <n>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <h>', 'address to listen on', '127.0.0.1')
    .option('--db <address>', 'sqlite:./aidc.db (default) or postgres://user@host:5432/db')
    .option('--insecure-cookies', 'leave Secure off the session cookie (plain HTTP on a LAN)')
    .option(
      '--queue <redis-url>',
      'run sweeps and simulations on `aidc worker`s through this Redis (default: in this process)',
    )
    .option('--queue-prefix <name>', "the workers' key prefix in Redis (default aidc)")
    .option(
      '--prometheus <url>',
      'read telemetry for alerts, headroom and plan vs actual from this Prometheus server',
    )
    .option('--raw-days <n>', 'keep raw telemetry samples this many days (default 7)')
    .option('--rollup-days <n>', 'keep five-minute roll-ups this many days (default 400)')
    .addHelpText(
      'after',
      `
Examples:
  aidc serve                                           SQLite in ./aidc.db, http://127.0.0.1:8080
  aidc serve --db postgres://postgres@127.0.0.1:5432/aidc --port 9000
  aidc serve --db postgres://aidc@10.0.0.5/aidc --queue redis://10.0.0.5:6379   sweeps on workers
  aidc serve --prometheus http://prometheus.dc1:9090   alerts and headroom from the site's Prometheus

Logs are JSON lines on stderr. SIGINT or SIGTERM stops it gracefully.`,
    )
    .action(
      async (opts: {
        port: string;
        host: string;
        db?: string;
        insecureCookies?: boolean;
        queue?: string;
        queuePrefix?: string;
        prometheus?: string;
        rawDays?: string;
        rollupDays?: string;
      }) => {
        const p = port(opts.port, hooks, io);
        const days = (flag: string, text: string | undefined, fallback: number) => {
          if (text === undefined) return fallback;
          const n = Number(text);
          if (!(n > 0 && n <= 36_500)) {
            io.err(
              `aidc serve: ${flag} "${text}": expected a number of days above 0, at most 36500`,
            );
            return hooks.exit(2);
          }
          return n;
        };
        const rawDays = days('--raw-days', opts.rawDays, 7);
        const rollupDays = days('--rollup-days', opts.rollupDays, 400);
        if (rollupDays < rawDays) {
          io.err('aidc serve: --rollup-days must be at least --raw-days');
          return hooks.exit(2);
        }
        let queue;
        if (opts.queue !== undefined) {
          const { parseQueueAddress, QueueAddressError } = await import('@aidc/workers');
          try {
            queue = parseQueueAddress(opts.queue, opts.queuePrefix);
          } catch (error) {
            if (!(error instanceof QueueAddressError)) throw error;
            io.err(`aidc serve: ${error.message}`);
            return hooks.exit(2);
          }
        } else if (opts.queuePrefix !== undefined) {
          io.err('aidc serve: --queue-prefix goes with --queue');
          return hooks.exit(2);
        }
        const { DbAddressError, parseDbAddress } = await import('@aidc/store');
        let db;
        try {
          db = parseDbAddress(opts.db);
        } catch (error) {
          if (!(error instanceof DbAddressError)) throw error;
          io.err(`aidc serve: ${error.message}`);
          return hooks.exit(2);
        }
        const { startServer } = await import('@aidc/server');
        let server;
        try {
          server = await startServer({
            db,
            host: opts.host,
            port: p,
            secureCookies: opts.insecureCookies !== true,
            queue,
            ...(opts.prometheus !== undefined ? { prometheus: opts.prometheus } : {}),
            retention: {
              rawMs: rawDays * 86_400_000,
              rollupMs: rollupDays * 86_400_000,
              bucketMs: 5 * 60_000,
            },
          });
        } catch (error) {
          io.err(`aidc serve: ${(error as Error).message}`);
          return hooks.exit(2);
        }
        io.err(
          `aidc serve: ${server.url} (store: ${db.dialect}${db.dialect === 'sqlite' ? ` ${db.target}` : ''}${queue ? `, jobs on the queue ${queue.display}` : ''})`,
        );
        const signal = await hooks.stopSignal();
        io.err(`aidc serve: ${signal}, stopping`);
        await server.close();
      },
    );

  const users = program.command('users').description('manage the accounts of a store');
  users
    .command('add')
    .description('add a user; prints their API token once, on the last line')
    .argument('<name>', 'user name')
    .requiredOption('--role <role>', ROLE_NAMES.join('|'))
    .option('--project <name...>', 'projects the user is a member of (created if new)', ['default'])
    .option('--password-stdin', 'read a sign-in password for the web app from standard input')
    .option('--db <address>', 'the same store as `aidc serve --db`')
    .addHelpText(
      'after',
      `
Examples:
  aidc users add ada --role admin
  echo 'a long passphrase' | aidc users add lin --role planner --project hall-b --password-stdin`,
    )
    .action(
      async (
        name: string,
        opts: { role: string; project: string[]; passwordStdin?: boolean; db?: string },
      ) => {
        if (!(ROLE_NAMES as readonly string[]).includes(opts.role)) {
          io.err(`aidc users add: --role "${opts.role}": expected one of ${ROLE_NAMES.join(', ')}`);
          return hooks.exit(2);
        }
        if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/.test(name)) {
          io.err(`aidc users add: "${name}": letters, digits and . _ @ -, up to 64 characters`);
          return hooks.exit(2);
        }
        let password: string | undefined;
        if (opts.passwordStdin) {
          password = (await hooks.readStdinLine()).replace(/\r?\n$/, '');
          const { MIN_PASSWORD_LENGTH } = await import('@aidc/server');
          if (password.length < MIN_PASSWORD_LENGTH) {
            io.err(`aidc users add: the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
            return hooks.exit(2);
          }
        }
        const store = await openStore(io, hooks, 'users add', opts.db);
        try {
          const { addUser } = await import('@aidc/server');
          const made = await addUser(
            store,
            { name, role: opts.role as RoleName, password, projects: opts.project },
            { id: null, name: 'aidc users add' },
          );
          if (!made) {
            io.err(`aidc users add: a user named ${name} exists`);
            return hooks.exit(1);
          }
          io.err(
            `added ${name} (${opts.role}) to ${opts.project.join(', ')}; the API token below is shown only now`,
          );
          io.out(made.token);
        } finally {
          await store.close();
        }
      },
    );
}

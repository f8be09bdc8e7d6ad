// The two databases the store runs on, and how a `--db` address names one.
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DbAddress {
  readonly dialect: Dialect;
  /** The SQLite file (or `:memory:`), or the PostgreSQL connection string. */
  readonly target: string;
}

/** A bad `--db` value, reported to the user as is. */
export class DbAddressError extends Error {}

/**
 * `sqlite:./aidc.db`, `sqlite::memory:`, a bare file path, or `postgres://…` /
 * `postgresql://…` (interface.md §7). The default is `./aidc.db`.
 */
export function parseDbAddress(text: string | undefined): DbAddress {
  const value = (text ?? '').trim();
  if (value === '') return { dialect: 'sqlite', target: './aidc.db' };
  if (/^postgres(ql)?:\/\//.test(value)) return { dialect: 'postgres', target: value };
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '') throw new DbAddressError('--db sqlite: needs a file, e.g. sqlite:./aidc.db');
    return { dialect: 'sqlite', target: file };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
    throw new DbAddressError(
      `--db ${value}: expected sqlite:FILE or postgres://user@host:port/database`,
    );
  return { dialect: 'sqlite', target: value };
}

export interface Connection {
  readonly db: Kysely<Database>;
  /** The SQLite handle under Kysely, for the telemetry ingest's prepared statements. */
  readonly sqlite?: import('better-sqlite3').Database;
}

/** A Kysely instance on the address, with the durability settings each database needs. */
export async function connect(address: DbAddress): Promise<Connection> {
  if (address.dialect === 'sqlite') {
    const { default: SQLite } = await import('better-sqlite3');
    const file = new SQLite(address.target);
    // WAL lets readers run beside the one writer; synchronous=FULL syncs the log at every
    // commit, so an acknowledged write survives a crash of the process or of the machine
    // (sqlite.org/pragma.html#pragma_synchronous). busy_timeout waits out another process's
    // write lock instead of failing at once.
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = FULL');
    file.pragma('foreign_keys = ON');
    file.pragma('busy_timeout = 5000');
    return {
      db: new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) }),
      sqlite: file,
    };
  }
  const { default: pg } = await import('pg');
  // PostgreSQL returns bigint (the audit sequence) as text unless told otherwise.
  pg.types.setTypeParser(20, (v) => Number(v));
  const pool = new pg.Pool({ connectionString: address.target, max: 10 });
  // An idle connection the server ends (a restart, an administrator, a dropped database) is an
  // 'error' on the pool; unheard, it would end the process. The pool drops that connection and
  // opens another on the next query, which reports its own failure if the server is gone
  // (node-postgres docs, "Pool": events, 'error').
  pool.on('error', () => undefined);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }) };
}

// Migrations are versioned in the repository (./migrations) and applied in order at start.
import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './dialect.js';
import * as initial from './migrations/0001-initial.js';
import * as sweepChunks from './migrations/0002-sweep-chunks.js';
import * as operations from './migrations/0003-operations.js';

interface MigrationModule {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Every migration, by name; names sort in the order they apply. */
export const MIGRATIONS: Readonly<Record<string, MigrationModule>> = {
  '0001-initial': initial,
  '0002-sweep-chunks': sweepChunks,
  '0003-operations': operations,
};

class InRepoMigrations implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(MIGRATIONS))
      out[name] = { up: (db) => m.up(db, this.dialect) };
    return Promise.resolve(out);
  }
}

/** Apply the migrations the database has not seen; the names applied, in order. */
export async function migrate(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InRepoMigrations(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'a migration';
    throw new Error(`the store could not apply ${failed}: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

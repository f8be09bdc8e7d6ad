// The databases the store's one test suite runs on: a SQLite file in a fresh temporary folder,
// and a fresh PostgreSQL database on 127.0.0.1:5432 (AIDC_TEST_POSTGRES overrides the server's
// address). Both are real; a PostgreSQL that is not running fails the suite with how to start it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { DbAddress } from './dialect.js';

export interface TestDatabase {
  readonly label: string;
  readonly address: DbAddress;
  drop(): Promise<void>;
}

const POSTGRES = process.env['AIDC_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432';

export function sqliteTestDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'aidc-store-'));
  return {
    label: 'sqlite',
    address: { dialect: 'sqlite', target: join(dir, 'aidc.db') },
    drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

export async function postgresTestDatabase(): Promise<TestDatabase> {
  const { default: pg } = await import('pg');
  const name = `aidc_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES} (${(error as Error).message}); start it with ` +
        `\`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\` ` +
        `(npm test does this through scripts/ensure-services.mjs)`,
    );
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    label: 'postgres',
    address: { dialect: 'postgres', target: `${POSTGRES}/${name}` },
    drop: async () => {
      const again = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

/** Both databases, for `describe.each`. */
export const TEST_DATABASES: readonly { label: string; make: () => Promise<TestDatabase> }[] = [
  { label: 'sqlite', make: () => Promise.resolve(sqliteTestDatabase()) },
  { label: 'postgres', make: postgresTestDatabase },
];

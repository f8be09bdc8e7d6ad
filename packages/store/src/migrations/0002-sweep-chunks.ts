// Sweep results by chunk: a sweep run on queue workers is stored a chunk at a time, keyed by the
// job and the chunk's index, so that a chunk run twice (a retried or re-queued chunk) is stored
// once, and a sweep whose queue was lost keeps the chunks that were done.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sweep_chunks')
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('chunk', 'integer', (c) => c.notNull())
    .addColumn('start_index', 'integer', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('rows_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sweep_chunks_pk', ['job_id', 'chunk'])
    .execute();
}

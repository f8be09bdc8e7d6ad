// Operations (interface.md §9): the facility's inventory, telemetry series with raw samples and
// their five-minute roll-ups, alert rules and alert instances, silences, incidents, the webhook
// outbox, and a record of each ingest with what it rejected.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const sqlite = dialect === 'sqlite';
  // The inventory: one row per thing, its kind (the inventory's list name), its parent's id,
  // and the thing itself as JSON, checked against core's inventory schema before it is written.
  await db.schema
    .createTable('ops_objects')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ops_objects_pk', ['project_id', 'kind', 'id'])
    .execute();
  await db.schema
    .createIndex('ops_objects_name')
    .on('ops_objects')
    .columns(['project_id', 'kind', 'name'])
    .execute();
  await db.schema
    .createIndex('ops_objects_parent')
    .on('ops_objects')
    .columns(['project_id', 'parent_id'])
    .execute();
  // Which plan the facility was built from, for plan versus actual.
  await db.schema
    .createTable('ops_facility')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id'))
    .addColumn('plan_id', 'text')
    .addColumn('plan_json', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A series is a metric and its full label set; host and gpu are read off the labels once.
  await (
    sqlite
      ? db.schema
          .createTable('ops_series')
          .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      : db.schema
          .createTable('ops_series')
          .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
  )
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('labels_key', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('host', 'text')
    .addColumn('gpu', 'integer')
    .addUniqueConstraint('ops_series_key', ['project_id', 'metric', 'labels_key'])
    .execute();
  await db.schema
    .createIndex('ops_series_host')
    .on('ops_series')
    .columns(['project_id', 'host'])
    .execute();
  const samples = db.schema
    .createTable('ops_samples')
    .addColumn('series_id', 'bigint', (c) => c.notNull())
    .addColumn('ts_ms', 'bigint', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('ops_samples_pk', ['series_id', 'ts_ms']);
  await (sqlite ? samples.modifyEnd(sql`without rowid`) : samples).execute();
  const rollups = db.schema
    .createTable('ops_rollups')
    .addColumn('series_id', 'bigint', (c) => c.notNull())
    .addColumn('bucket_ms', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('sum', 'double precision', (c) => c.notNull())
    .addColumn('min', 'double precision', (c) => c.notNull())
    .addColumn('max', 'double precision', (c) => c.notNull())
    .addColumn('last', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('ops_rollups_pk', ['series_id', 'bucket_ms']);
  await (sqlite ? rollups.modifyEnd(sql`without rowid`) : rollups).execute();
  await db.schema
    .createTable('ops_ingests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('accepted', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ops_alert_rules')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id'))
    .addColumn('yaml', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Alert instances as the evaluator returns them (a rule and a label set in one state).
  await db.schema
    .createTable('ops_alerts')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ops_alerts_pk', ['project_id', 'key'])
    .execute();
  await db.schema
    .createTable('ops_silences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ops_incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ops_incidents_at')
    .on('ops_incidents')
    .columns(['project_id', 'at'])
    .execute();
  // Webhook notifications written in the same transaction as the alert change that caused them,
  // and delivered (with retries) after it commits: a change is never notified twice or lost.
  await db.schema
    .createTable('ops_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('next_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
}

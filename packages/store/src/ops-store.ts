// The operations half of the store (interface.md §9): the facility's inventory, telemetry
// samples with their roll-ups, alert rules and instances, silences, incidents and the webhook
// outbox. It shares the Store's database and audit log; every user's write is audited in the
// same transaction. Telemetry is written in bulk: on SQLite by prepared statements inside one
// transaction (the ingest benchmark's path), on PostgreSQL by one multi-row statement per batch.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Actor, Store } from './store.js';
import { SeriesCache, seriesHash } from './series-cache.js';

/** One inventory thing as stored: its list, id, name, parent and the thing itself. */
export interface StoredObject {
  readonly kind: string;
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly doc: unknown;
}

/** A sample as the ingest gives it (the shape of @aidc/ops's Sample). */
export interface SampleIn {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly tsMs: number;
}

export interface SeriesOut {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly host: string | null;
  readonly gpu: number | null;
  readonly points: { tsMs: number; value: number }[];
}

export interface IngestRecord {
  readonly id: string;
  readonly at: string;
  readonly source: string;
  readonly accepted: number;
  readonly rejected: number;
  readonly errors: unknown;
  readonly createdBy: string;
}

export interface Facility {
  readonly planId: string | null;
  readonly plan: unknown;
  readonly origin: unknown;
  readonly updatedAt: string;
}

export interface StoredAlert {
  readonly key: string;
  readonly rule: string;
  readonly state: string;
  readonly doc: unknown;
}

export interface Notification {
  readonly id: string;
  readonly projectId: string;
  readonly url: string;
  readonly payload: unknown;
  readonly attempts: number;
}

export interface Retention {
  /** Raw samples older than this are rolled up and deleted (ms). */
  readonly rawMs: number;
  /** Roll-ups older than this are deleted (ms). */
  readonly rollupMs: number;
  /** The roll-up bucket (ms). */
  readonly bucketMs: number;
}

/**
 * Raw samples for 7 days, five-minute roll-ups (count, sum, min, max, last) for 400 days: a
 * week of full resolution covers an incident's investigation, and a year and a month of
 * roll-ups a year-on-year comparison. The same split as Prometheus' common recording-rule
 * practice; an operator sets their own with `aidc serve --retention`.
 */
export const DEFAULT_RETENTION: Retention = {
  rawMs: 7 * 86_400_000,
  rollupMs: 400 * 86_400_000,
  bucketMs: 5 * 60_000,
};

/** The identity of a label set: names sorted, `name="value"` (JSON-quoted) joined by commas. */
export function labelsKey(labels: Readonly<Record<string, string>>): string {
  let names = Object.keys(labels);
  // Exporters write their labels in one order every scrape; sort only when it is not sorted.
  for (let i = 1; i < names.length; i++)
    if ((names[i - 1] as string) > (names[i] as string)) {
      names = names.sort();
      break;
    }
  let key = '';
  for (let i = 0; i < names.length; i++) {
    const n = names[i] as string;
    const v = labels[n] as string;
    key += (i === 0 ? '' : ',') + n + '=' + (needsEscape(v) ? JSON.stringify(v) : '"' + v + '"');
  }
  return key;
}

/** Whether JSON quoting would change the value (a quote, a backslash or a control character). */
function needsEscape(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 34 || c === 92 || c < 32) return true;
  }
  return false;
}

const PG_BATCH = 5_000;
const OBJECT_BATCH = 400;

export class OpsStore {
  /** Each project's series ids, loaded in one query at its first ingest, then kept in memory. */
  private readonly series = new Map<string, SeriesCache>();

  private async seriesCache(projectId: string): Promise<SeriesCache> {
    const known = this.series.get(projectId);
    if (known) return known;
    const rows = await this.db
      .selectFrom('ops_series')
      .select(['id', 'metric', 'labels'])
      .where('project_id', '=', projectId)
      .execute();
    const cache = new SeriesCache();
    for (const r of rows) {
      const labels = JSON.parse(r.labels) as Record<string, string>;
      cache.set(r.metric, labels, seriesHash(r.metric, labels), Number(r.id));
    }
    this.series.set(projectId, cache);
    return cache;
  }

  constructor(private readonly store: Store) {}

  private get db(): Kysely<Database> {
    return this.store.db;
  }

  // Inventory ------------------------------------------------------------------------------

  /**
   * Write an inventory's things (insert or replace by id); with `replace`, the project's
   * earlier inventory goes first. The facility record keeps the origin (and the plan, when the
   * inventory came from one). One transaction and one audit entry.
   */
  async importInventory(
    projectId: string,
    objects: readonly StoredObject[],
    facility: { origin: unknown; planId?: string | null; plan?: unknown },
    actor: Actor,
    options: { replace: boolean; action: string },
  ): Promise<{ written: number }> {
    const now = this.store.now();
    return this.db.transaction().execute(async (trx) => {
      if (options.replace)
        await trx.deleteFrom('ops_objects').where('project_id', '=', projectId).execute();
      for (let i = 0; i < objects.length; i += OBJECT_BATCH) {
        const rows = objects.slice(i, i + OBJECT_BATCH).map((o) => ({
          project_id: projectId,
          kind: o.kind,
          id: o.id,
          name: o.name,
          parent_id: o.parentId,
          doc: JSON.stringify(o.doc),
          updated_at: now,
        }));
        await trx
          .insertInto('ops_objects')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['project_id', 'kind', 'id']).doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              parent_id: eb.ref('excluded.parent_id'),
              doc: eb.ref('excluded.doc'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
      const record = {
        plan_id: facility.planId ?? null,
        plan_json: facility.plan === undefined ? null : JSON.stringify(facility.plan),
        origin: JSON.stringify(facility.origin),
        updated_at: now,
      };
      await trx
        .insertInto('ops_facility')
        .values({ project_id: projectId, ...record })
        .onConflict((oc) =>
          oc
            .column('project_id')
            .doUpdateSet(
              facility.plan === undefined ? { origin: record.origin, updated_at: now } : record,
            ),
        )
        .execute();
      const counts: Record<string, number> = {};
      for (const o of objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
      await this.store.audit(trx, actor, options.action, `inventory/${projectId}`, projectId, {
        replace: options.replace,
        counts,
      });
      return { written: objects.length };
    });
  }

  async getFacility(projectId: string): Promise<Facility | undefined> {
    const row = await this.db
      .selectFrom('ops_facility')
      .selectAll()
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      planId: row.plan_id,
      plan: row.plan_json === null ? null : (JSON.parse(row.plan_json) as unknown),
      origin: JSON.parse(row.origin) as unknown,
      updatedAt: row.updated_at,
    };
  }

  /** A project's things, of one kind if given, and of those the ones under one parent. */
  async listObjects(projectId: string, kind?: string, parentId?: string): Promise<StoredObject[]> {
    let q = this.db
      .selectFrom('ops_objects')
      .select(['kind', 'id', 'name', 'parent_id', 'doc'])
      .where('project_id', '=', projectId);
    if (kind !== undefined) q = q.where('kind', '=', kind);
    if (parentId !== undefined) q = q.where('parent_id', '=', parentId);
    const rows = await q.orderBy('kind').orderBy('id').execute();
    return rows.map((r) => ({
      kind: r.kind,
      id: r.id,
      name: r.name,
      parentId: r.parent_id,
      doc: JSON.parse(r.doc) as unknown,
    }));
  }

  async getObject(projectId: string, kind: string, id: string): Promise<StoredObject | undefined> {
    const r = await this.db
      .selectFrom('ops_objects')
      .select(['kind', 'id', 'name', 'parent_id', 'doc'])
      .where('project_id', '=', projectId)
      .where('kind', '=', kind)
      .where('id', '=', id)
      .executeTakeFirst();
    return r
      ? { kind: r.kind, id: r.id, name: r.name, parentId: r.parent_id, doc: JSON.parse(r.doc) }
      : undefined;
  }

  /** Insert or replace one thing; whether it existed before. */
  async putObject(projectId: string, object: StoredObject, actor: Actor): Promise<boolean> {
    const now = this.store.now();
    return this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('ops_objects')
        .select('id')
        .where('project_id', '=', projectId)
        .where('kind', '=', object.kind)
        .where('id', '=', object.id)
        .executeTakeFirst();
      const row = {
        name: object.name,
        parent_id: object.parentId,
        doc: JSON.stringify(object.doc),
        updated_at: now,
      };
      if (before)
        await trx
          .updateTable('ops_objects')
          .set(row)
          .where('project_id', '=', projectId)
          .where('kind', '=', object.kind)
          .where('id', '=', object.id)
          .execute();
      else
        await trx
          .insertInto('ops_objects')
          .values({ project_id: projectId, kind: object.kind, id: object.id, ...row })
          .execute();
      await this.store.audit(
        trx,
        actor,
        before ? 'inventory.update' : 'inventory.create',
        `inventory/${object.kind}/${object.id}`,
        projectId,
        object.doc,
      );
      return before !== undefined;
    });
  }

  async deleteObject(projectId: string, kind: string, id: string, actor: Actor): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const gone = await trx
        .deleteFrom('ops_objects')
        .where('project_id', '=', projectId)
        .where('kind', '=', kind)
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) return false;
      await this.store.audit(trx, actor, 'inventory.delete', `inventory/${kind}/${id}`, projectId);
      return true;
    });
  }

  /** The things of a kind whose parent is the given id (what a delete would orphan). */
  async childrenOf(projectId: string, parentId: string): Promise<{ kind: string; id: string }[]> {
    return this.db
      .selectFrom('ops_objects')
      .select(['kind', 'id'])
      .where('project_id', '=', projectId)
      .where('parent_id', '=', parentId)
      .limit(20)
      .execute();
  }

  // Telemetry ------------------------------------------------------------------------------

  /**
   * Store accepted samples and the ingest's record (source, counts, the rejected lines' reasons)
   * in one transaction: when this returns, every sample is on disk. A sample at a time already
   * stored for its series replaces it (a file ingested twice is stored once). `targetOf` reads
   * a new series' host and GPU off its labels.
   */
  async ingest(
    projectId: string,
    samples: readonly SampleIn[],
    report: { source: string; rejected: number; errors: unknown },
    actor: Actor,
    targetOf: (labels: Readonly<Record<string, string>>) => {
      host: string | null;
      gpu: number | null;
    },
  ): Promise<IngestRecord> {
    const record: IngestRecord = {
      id: randomUUID(),
      at: this.store.now(),
      source: report.source,
      accepted: samples.length,
      rejected: report.rejected,
      errors: report.errors,
      createdBy: actor.name,
    };
    const cache = await this.seriesCache(projectId);
    const fresh = new SeriesCache();
    const row = {
      id: record.id,
      project_id: projectId,
      at: record.at,
      source: record.source,
      accepted: record.accepted,
      rejected: record.rejected,
      errors: JSON.stringify(record.errors),
      created_by: actor.name,
    };
    const sqlite = this.store.sqlite;
    if (sqlite) {
      // Kysely's connection holds its mutex for the duration, so no other query of this store
      // runs inside (or across) the synchronous transaction below.
      await this.db.connection().execute(async () => {
        const findSeries = sqlite.prepare(
          'SELECT id FROM ops_series WHERE project_id = ? AND metric = ? AND labels_key = ?',
        );
        const addSeries = sqlite.prepare(
          'INSERT INTO ops_series (project_id, metric, labels_key, labels, host, gpu) VALUES (?, ?, ?, ?, ?, ?)',
        );
        const addSample = sqlite.prepare(
          'INSERT OR REPLACE INTO ops_samples (series_id, ts_ms, value) VALUES (?, ?, ?)',
        );
        const addIngest = sqlite.prepare(
          'INSERT INTO ops_ingests (id, project_id, at, source, accepted, rejected, errors, created_by) VALUES (@id, @project_id, @at, @source, @accepted, @rejected, @errors, @created_by)',
        );
        const addAudit = sqlite.prepare(
          'INSERT INTO audit (at, user_id, user_name, action, resource, project_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
        );
        sqlite.transaction(() => {
          for (const s of samples) {
            const h = seriesHash(s.metric, s.labels);
            let id = cache.get(s.metric, s.labels, h) ?? fresh.get(s.metric, s.labels, h);
            if (id === undefined) {
              const lk = labelsKey(s.labels);
              // Another process (the CLI beside the server) may have made it since the load.
              const found = findSeries.get(projectId, s.metric, lk) as { id: number } | undefined;
              if (found) id = found.id;
              else {
                const t = targetOf(s.labels);
                id = Number(
                  addSeries.run(projectId, s.metric, lk, JSON.stringify(s.labels), t.host, t.gpu)
                    .lastInsertRowid,
                );
              }
              fresh.set(s.metric, s.labels, h, id);
            }
            addSample.run(id, s.tsMs, s.value);
          }
          addIngest.run(row);
          addAudit.run(
            record.at,
            actor.id,
            actor.name,
            'telemetry.ingest',
            `telemetry/${record.id}`,
            projectId,
            JSON.stringify({
              source: report.source,
              accepted: samples.length,
              rejected: report.rejected,
            }),
          );
        })();
      });
    } else {
      await this.db.transaction().execute(async (trx) => {
        const ids: number[] = [];
        for (const s of samples) {
          const h = seriesHash(s.metric, s.labels);
          let id = cache.get(s.metric, s.labels, h) ?? fresh.get(s.metric, s.labels, h);
          if (id === undefined) {
            const lk = labelsKey(s.labels);
            const t = targetOf(s.labels);
            const got = await trx
              .insertInto('ops_series')
              .values({
                project_id: projectId,
                metric: s.metric,
                labels_key: lk,
                labels: JSON.stringify(s.labels),
                host: t.host,
                gpu: t.gpu,
              })
              .onConflict((oc) =>
                oc
                  .columns(['project_id', 'metric', 'labels_key'])
                  .doUpdateSet({ metric: s.metric }),
              )
              .returning('id')
              .executeTakeFirstOrThrow();
            id = Number(got.id);
            fresh.set(s.metric, s.labels, h, id);
          }
          ids.push(id);
        }
        for (let i = 0; i < samples.length; i += PG_BATCH) {
          const part = samples.slice(i, i + PG_BATCH);
          await sql`
            INSERT INTO ops_samples (series_id, ts_ms, value)
            SELECT * FROM unnest(${ids.slice(i, i + PG_BATCH)}::bigint[], ${part.map((s) => s.tsMs)}::bigint[], ${part.map((s) => s.value)}::float8[])
            ON CONFLICT (series_id, ts_ms) DO UPDATE SET value = excluded.value`.execute(trx);
        }
        await trx.insertInto('ops_ingests').values(row).execute();
        await this.store.audit(
          trx,
          actor,
          'telemetry.ingest',
          `telemetry/${record.id}`,
          projectId,
          {
            source: report.source,
            accepted: samples.length,
            rejected: report.rejected,
          },
        );
      });
    }
    // Only ids that committed enter the cache.
    cache.merge(fresh);
    return record;
  }

  async listIngests(projectId: string, limit = 20): Promise<IngestRecord[]> {
    const rows = await this.db
      .selectFrom('ops_ingests')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      source: r.source,
      accepted: r.accepted,
      rejected: r.rejected,
      errors: JSON.parse(r.errors) as unknown,
      createdBy: r.created_by,
    }));
  }

  /**
   * The series of a metric with their points from `sinceMs` to `untilMs`: raw samples, and
   * before the oldest raw sample of a series, its roll-ups (each bucket's mean at the bucket's
   * start). Label matching is the caller's: this returns every series of the metric.
   */
  async seriesOf(
    projectId: string,
    metric: string,
    sinceMs: number,
    untilMs: number,
  ): Promise<SeriesOut[]> {
    const series = await this.db
      .selectFrom('ops_series')
      .select(['id', 'labels', 'host', 'gpu'])
      .where('project_id', '=', projectId)
      .where('metric', '=', metric)
      .execute();
    if (series.length === 0) return [];
    const byId = new Map<number, SeriesOut>();
    for (const s of series)
      byId.set(Number(s.id), {
        metric,
        labels: JSON.parse(s.labels) as Record<string, string>,
        host: s.host,
        gpu: s.gpu,
        points: [],
      });
    const ids = [...byId.keys()];
    const raws: { series_id: number; ts_ms: number; value: number }[] = [];
    const ups: { series_id: number; bucket_ms: number; sum: number; count: number }[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      raws.push(
        ...(await this.db
          .selectFrom('ops_samples')
          .select(['series_id', 'ts_ms', 'value'])
          .where('series_id', 'in', part)
          .where('ts_ms', '>=', sinceMs)
          .where('ts_ms', '<=', untilMs)
          .orderBy('series_id')
          .orderBy('ts_ms')
          .execute()),
      );
      ups.push(
        ...(await this.db
          .selectFrom('ops_rollups')
          .select(['series_id', 'bucket_ms', 'sum', 'count'])
          .where('series_id', 'in', part)
          .where('bucket_ms', '>=', sinceMs)
          .where('bucket_ms', '<=', untilMs)
          .orderBy('series_id')
          .orderBy('bucket_ms')
          .execute()),
      );
    }
    const firstRaw = new Map<number, number>();
    for (const r of raws) {
      const id = Number(r.series_id);
      if (!firstRaw.has(id)) firstRaw.set(id, Number(r.ts_ms));
    }
    for (const u of ups) {
      const id = Number(u.series_id);
      const first = firstRaw.get(id);
      if (first !== undefined && Number(u.bucket_ms) >= first) continue;
      byId.get(id)?.points.push({ tsMs: Number(u.bucket_ms), value: u.sum / u.count });
    }
    for (const r of raws)
      byId.get(Number(r.series_id))?.points.push({ tsMs: Number(r.ts_ms), value: r.value });
    return [...byId.values()];
  }

  /** The metrics stored for a project, and how many series each has. */
  async metrics(projectId: string): Promise<{ metric: string; series: number }[]> {
    const rows = await this.db
      .selectFrom('ops_series')
      .select(['metric', (eb) => eb.fn.countAll<number>().as('n')])
      .where('project_id', '=', projectId)
      .groupBy('metric')
      .orderBy('metric')
      .execute();
    return rows.map((r) => ({ metric: r.metric, series: Number(r.n) }));
  }

  /** Hosts that telemetry names and the inventory does not have, with their series count. */
  async unplacedHosts(projectId: string): Promise<{ host: string; series: number }[]> {
    const rows = await this.db
      .selectFrom('ops_series')
      .select(['host', (eb) => eb.fn.countAll<number>().as('n')])
      .where('project_id', '=', projectId)
      .where('host', 'is not', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('ops_objects')
              .select('id')
              .where('ops_objects.project_id', '=', projectId)
              .where('ops_objects.kind', '=', 'devices')
              .whereRef('ops_objects.name', '=', 'ops_series.host'),
          ),
        ),
      )
      .groupBy('host')
      .orderBy('host')
      .execute();
    return rows.map((r) => ({ host: r.host as string, series: Number(r.n) }));
  }

  /** Samples and series held, and the newest sample's time. */
  async telemetryStats(projectId: string): Promise<{
    series: number;
    samples: number;
    rollups: number;
    oldestMs: number | null;
    newestMs: number | null;
  }> {
    const series = await this.db
      .selectFrom('ops_series')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow();
    const inProject = this.db
      .selectFrom('ops_series')
      .select('id')
      .where('project_id', '=', projectId);
    const samples = await this.db
      .selectFrom('ops_samples')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.min('ts_ms').as('oldest'),
        eb.fn.max('ts_ms').as('newest'),
      ])
      .where('series_id', 'in', inProject)
      .executeTakeFirstOrThrow();
    const rollups = await this.db
      .selectFrom('ops_rollups')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('bucket_ms').as('oldest')])
      .where('series_id', 'in', inProject)
      .executeTakeFirstOrThrow();
    const oldest = [samples.oldest, rollups.oldest]
      .filter((v) => v !== null && v !== undefined)
      .map(Number);
    return {
      series: Number(series.n),
      samples: Number(samples.n),
      rollups: Number(rollups.n),
      oldestMs: oldest.length > 0 ? Math.min(...oldest) : null,
      newestMs: samples.newest === null ? null : Number(samples.newest),
    };
  }

  /**
   * Roll raw samples older than the raw retention up into buckets (merged with a bucket already
   * there) and delete them; delete roll-ups older than theirs. A batch at a time, so memory is
   * bounded by the batch, not the backlog. Returns how many raw samples were rolled up.
   */
  async compact(nowMs: number, retention: Retention = DEFAULT_RETENTION): Promise<number> {
    const cutoff = nowMs - retention.rawMs;
    const pg = this.store.dialect === 'postgres';
    let rolled = 0;
    for (;;) {
      const batch = await this.db
        .selectFrom('ops_samples')
        .select(['series_id', 'ts_ms', 'value'])
        .where('ts_ms', '<', cutoff)
        .orderBy('series_id')
        .orderBy('ts_ms')
        .limit(50_000)
        .execute();
      if (batch.length === 0) break;
      const buckets = new Map<
        string,
        {
          s: number;
          b: number;
          n: number;
          sum: number;
          min: number;
          max: number;
          last: number;
          lastTs: number;
        }
      >();
      for (const r of batch) {
        const s = Number(r.series_id);
        const t = Number(r.ts_ms);
        const b = Math.floor(t / retention.bucketMs) * retention.bucketMs;
        const key = `${s}:${b}`;
        const got = buckets.get(key);
        if (!got)
          buckets.set(key, {
            s,
            b,
            n: 1,
            sum: r.value,
            min: r.value,
            max: r.value,
            last: r.value,
            lastTs: t,
          });
        else {
          got.n++;
          got.sum += r.value;
          got.min = Math.min(got.min, r.value);
          got.max = Math.max(got.max, r.value);
          if (t >= got.lastTs) {
            got.last = r.value;
            got.lastTs = t;
          }
        }
      }
      await this.db.transaction().execute(async (trx) => {
        const rows = [...buckets.values()].map((v) => ({
          series_id: v.s,
          bucket_ms: v.b,
          count: v.n,
          sum: v.sum,
          min: v.min,
          max: v.max,
          last: v.last,
        }));
        for (let i = 0; i < rows.length; i += 1_000)
          await trx
            .insertInto('ops_rollups')
            .values(rows.slice(i, i + 1_000))
            .onConflict((oc) =>
              oc.columns(['series_id', 'bucket_ms']).doUpdateSet((eb) => ({
                count: eb('ops_rollups.count', '+', eb.ref('excluded.count')),
                sum: eb('ops_rollups.sum', '+', eb.ref('excluded.sum')),
                min: pg
                  ? sql<number>`least(ops_rollups.min, excluded.min)`
                  : sql<number>`min(ops_rollups.min, excluded.min)`,
                max: pg
                  ? sql<number>`greatest(ops_rollups.max, excluded.max)`
                  : sql<number>`max(ops_rollups.max, excluded.max)`,
                last: eb.ref('excluded.last'),
              })),
            )
            .execute();
        const last = batch[batch.length - 1] as { series_id: number; ts_ms: number };
        // Delete exactly the rows read: those before the batch's last (series, time), inclusive.
        await trx
          .deleteFrom('ops_samples')
          .where('ts_ms', '<', cutoff)
          .where((eb) =>
            eb.or([
              eb('series_id', '<', last.series_id),
              eb.and([eb('series_id', '=', last.series_id), eb('ts_ms', '<=', last.ts_ms)]),
            ]),
          )
          .execute();
      });
      rolled += batch.length;
    }
    await this.db
      .deleteFrom('ops_rollups')
      .where('bucket_ms', '<', nowMs - retention.rollupMs)
      .execute();
    return rolled;
  }

  /** Projects with any operations data (an inventory or telemetry): those the server watches. */
  async activeProjects(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('ops_series')
      .select('project_id')
      .distinct()
      .union(this.db.selectFrom('ops_objects').select('project_id').distinct())
      .execute();
    return [...new Set(rows.map((r) => r.project_id))].sort();
  }

  // Alert rules, alerts, silences ------------------------------------------------------------

  async getAlertRules(
    projectId: string,
  ): Promise<{ yaml: string; version: number; updatedBy: string; updatedAt: string } | undefined> {
    const r = await this.db
      .selectFrom('ops_alert_rules')
      .selectAll()
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    return r
      ? { yaml: r.yaml, version: r.version, updatedBy: r.updated_by, updatedAt: r.updated_at }
      : undefined;
  }

  /** Save the project's rules on top of `baseVersion` (0 for none yet); a conflict otherwise. */
  async putAlertRules(
    projectId: string,
    yaml: string,
    baseVersion: number,
    actor: Actor,
  ): Promise<{ ok: true; version: number } | { ok: false; currentVersion: number }> {
    return this.db.transaction().execute(async (trx) => {
      const cur = await trx
        .selectFrom('ops_alert_rules')
        .select('version')
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      const current = cur?.version ?? 0;
      if (current !== baseVersion) return { ok: false as const, currentVersion: current };
      const version = current + 1;
      const row = { yaml, version, updated_by: actor.name, updated_at: this.store.now() };
      if (cur)
        await trx
          .updateTable('ops_alert_rules')
          .set(row)
          .where('project_id', '=', projectId)
          .execute();
      else
        await trx
          .insertInto('ops_alert_rules')
          .values({ project_id: projectId, ...row })
          .execute();
      await this.store.audit(
        trx,
        actor,
        'alert-rules.save',
        `alert-rules/${projectId}`,
        projectId,
        {
          version,
        },
      );
      return { ok: true as const, version };
    });
  }

  async listAlerts(projectId: string): Promise<StoredAlert[]> {
    const rows = await this.db
      .selectFrom('ops_alerts')
      .select(['key', 'rule', 'state', 'doc'])
      .where('project_id', '=', projectId)
      .orderBy('rule')
      .orderBy('key')
      .execute();
    return rows.map((r) => ({ ...r, doc: JSON.parse(r.doc) as unknown }));
  }

  /**
   * Replace the project's alert instances with an evaluation's, and queue its notifications,
   * in one transaction: a state change and its webhook are written together or not at all.
   */
  async saveEvaluation(
    projectId: string,
    alerts: readonly StoredAlert[],
    notifications: readonly { url: string; payload: unknown }[],
  ): Promise<void> {
    const now = this.store.now();
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('ops_alerts').where('project_id', '=', projectId).execute();
      for (let i = 0; i < alerts.length; i += OBJECT_BATCH)
        await trx
          .insertInto('ops_alerts')
          .values(
            alerts.slice(i, i + OBJECT_BATCH).map((a) => ({
              project_id: projectId,
              key: a.key,
              rule: a.rule,
              state: a.state,
              doc: JSON.stringify(a.doc),
              updated_at: now,
            })),
          )
          .execute();
      for (const n of notifications)
        await trx
          .insertInto('ops_outbox')
          .values({
            id: randomUUID(),
            project_id: projectId,
            url: n.url,
            payload: JSON.stringify(n.payload),
            attempts: 0,
            created_at: now,
            next_at: now,
            delivered_at: null,
            last_error: null,
          })
          .execute();
    });
  }

  async createSilence(
    projectId: string,
    doc: { readonly endsAt: string } & Record<string, unknown>,
    actor: Actor,
  ): Promise<string> {
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('ops_silences')
        .values({
          id,
          project_id: projectId,
          doc: JSON.stringify({ ...doc, id }),
          ends_at: doc.endsAt,
          created_by: actor.name,
          created_at: this.store.now(),
        })
        .execute();
      await this.store.audit(trx, actor, 'silence.create', `silences/${id}`, projectId, doc);
    });
    return id;
  }

  /** Silences that have not ended by `atIso` (all of them with `all`). */
  async listSilences(projectId: string, atIso?: string): Promise<unknown[]> {
    let q = this.db.selectFrom('ops_silences').select('doc').where('project_id', '=', projectId);
    if (atIso !== undefined) q = q.where('ends_at', '>', atIso);
    const rows = await q.orderBy('created_at').execute();
    return rows.map((r) => JSON.parse(r.doc) as unknown);
  }

  /** End a silence now; false if there is none of that id in the project. */
  async expireSilence(projectId: string, id: string, actor: Actor): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('ops_silences')
        .select('doc')
        .where('project_id', '=', projectId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return false;
      const now = this.store.now();
      const doc = {
        ...(JSON.parse(row.doc) as Record<string, unknown>),
        endsAt: now,
        endsAtMs: Date.parse(now),
      };
      await trx
        .updateTable('ops_silences')
        .set({ ends_at: now, doc: JSON.stringify(doc) })
        .where('id', '=', id)
        .execute();
      await this.store.audit(trx, actor, 'silence.expire', `silences/${id}`, projectId);
      return true;
    });
  }

  // Incidents ------------------------------------------------------------------------------

  async createIncident(
    projectId: string,
    incident: { readonly id?: string; readonly at: string; readonly cause: string } & Record<
      string,
      unknown
    >,
    actor: Actor,
  ): Promise<string> {
    const id = incident.id ?? randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('ops_incidents')
        .values({
          id,
          project_id: projectId,
          at: incident.at,
          cause: incident.cause,
          doc: JSON.stringify({ ...incident, id }),
          created_by: actor.name,
        })
        .execute();
      await this.store.audit(trx, actor, 'incident.create', `incidents/${id}`, projectId, incident);
    });
    return id;
  }

  async listIncidents(projectId: string, sinceIso?: string): Promise<unknown[]> {
    let q = this.db.selectFrom('ops_incidents').select('doc').where('project_id', '=', projectId);
    if (sinceIso !== undefined) q = q.where('at', '>=', sinceIso);
    const rows = await q.orderBy('at').execute();
    return rows.map((r) => JSON.parse(r.doc) as unknown);
  }

  // The webhook outbox ------------------------------------------------------------------------

  async dueNotifications(nowIso: string, limit = 50): Promise<Notification[]> {
    const rows = await this.db
      .selectFrom('ops_outbox')
      .selectAll()
      .where('delivered_at', 'is', null)
      .where('next_at', '<=', nowIso)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      url: r.url,
      payload: JSON.parse(r.payload) as unknown,
      attempts: r.attempts,
    }));
  }

  async markDelivered(id: string): Promise<void> {
    await this.db
      .updateTable('ops_outbox')
      .set((eb) => ({ delivered_at: this.store.now(), attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  async markFailed(id: string, error: string, nextAtIso: string): Promise<void> {
    await this.db
      .updateTable('ops_outbox')
      .set((eb) => ({ last_error: error, next_at: nextAtIso, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  async outbox(projectId: string): Promise<
    {
      id: string;
      url: string;
      attempts: number;
      deliveredAt: string | null;
      lastError: string | null;
    }[]
  > {
    const rows = await this.db
      .selectFrom('ops_outbox')
      .select(['id', 'url', 'attempts', 'delivered_at', 'last_error'])
      .where('project_id', '=', projectId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      url: r.url,
      attempts: r.attempts,
      deliveredAt: r.delivered_at,
      lastError: r.last_error,
    }));
  }
}

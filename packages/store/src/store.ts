// The persistence port: every read and write the service makes, as one class over Kysely, so
// that SQLite and PostgreSQL run the same queries. Each write and its audit entry commit in one
// transaction: an acknowledged write is in the log, and the log has nothing that did not happen.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { connect, parseDbAddress, type DbAddress, type Dialect } from './dialect.js';
import { migrate } from './migrate.js';
import type { Database, JobKind, JobStatus, Role } from './schema.js';

export interface Actor {
  readonly id: string | null;
  readonly name: string;
}

export interface Project {
  readonly id: string;
  readonly name: string;
}

export interface User {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly passwordHash: string | null;
}

export interface TokenInfo {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

export interface ScenarioVersion {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  /** The version this text is. */
  readonly version: number;
  /** The scenario's latest version. */
  readonly latestVersion: number;
  readonly yaml: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface ScenarioSummary {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly version: number;
  readonly updatedAt: string;
}

export interface StoredPlan {
  readonly id: string;
  readonly projectId: string;
  readonly scenarioId: string;
  readonly scenarioVersion: number;
  readonly aidcVersion: string;
  readonly plan: unknown;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface Job {
  readonly id: string;
  readonly projectId: string;
  readonly kind: JobKind;
  readonly status: JobStatus;
  readonly scenarioId: string;
  readonly scenarioVersion: number;
  readonly request: unknown;
  readonly result: unknown;
  readonly error: string | null;
  readonly progress: { readonly done: number; readonly total: number };
  readonly aidcVersion: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** A chunk of a sweep's rows: rows `start` to `start + rows.length - 1` of the grid. */
export interface SweepChunk {
  readonly chunk: number;
  readonly start: number;
  readonly rows: readonly unknown[];
  readonly failures: number;
}

export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly user: string;
  readonly action: string;
  readonly resource: string;
  readonly projectId: string | null;
  readonly detail: unknown;
}

export type SaveResult =
  | { readonly ok: true; readonly version: number }
  | { readonly ok: false; readonly reason: 'conflict'; readonly currentVersion: number }
  | { readonly ok: false; readonly reason: 'not-found' };

export interface StoreOptions {
  /** The current time as ISO-8601 UTC (tests pass a fixed clock). */
  readonly now?: () => string;
}

type Db = Kysely<Database> | Transaction<Database>;

const toUser = (r: Database['users']): User => ({
  id: r.id,
  name: r.name,
  role: r.role,
  disabled: r.disabled !== 0,
  createdAt: r.created_at,
  passwordHash: r.password_hash,
});

const toJob = (r: Database['jobs']): Job => ({
  id: r.id,
  projectId: r.project_id,
  kind: r.kind,
  status: r.status,
  scenarioId: r.scenario_id,
  scenarioVersion: r.scenario_version,
  request: JSON.parse(r.request_json) as unknown,
  result: r.result_json === null ? null : (JSON.parse(r.result_json) as unknown),
  error: r.error,
  progress: { done: r.progress_done, total: r.progress_total },
  aidcVersion: r.aidc_version,
  createdBy: r.created_by,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

export class Store {
  /** The store's clock (ISO-8601 UTC). */
  readonly now: () => string;

  private constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    options: StoreOptions,
    /** The SQLite handle under Kysely (SQLite only), for bulk writes by prepared statement. */
    readonly sqlite?: import('better-sqlite3').Database,
  ) {
    this.now = options.now ?? (() => new Date().toISOString());
  }

  /** Open the database at the address and apply any migrations it has not seen. */
  static async open(address: DbAddress | string | undefined, options: StoreOptions = {}) {
    const where = typeof address === 'object' ? address : parseDbAddress(address);
    const { db, sqlite } = await connect(where);
    try {
      await migrate(db as Kysely<unknown>, where.dialect);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return new Store(db, where.dialect, options, sqlite);
  }

  close(): Promise<void> {
    return this.db.destroy();
  }

  /** One round trip to the database (for /healthz). */
  async ping(): Promise<boolean> {
    await this.db.selectFrom('projects').select('id').limit(1).execute();
    return true;
  }

  /** Append to the audit log inside the caller's transaction (companion stores use it too). */
  async audit(
    db: Db,
    actor: Actor,
    action: string,
    resource: string,
    projectId: string | null,
    detail?: unknown,
  ): Promise<void> {
    await db
      .insertInto('audit')
      .values({
        at: this.now(),
        user_id: actor.id,
        user_name: actor.name,
        action,
        resource,
        project_id: projectId,
        detail: detail === undefined ? null : JSON.stringify(detail),
      })
      .execute();
  }

  // Projects and members ---------------------------------------------------------------

  /** The project of that name, created (and audited) if it does not exist. */
  async ensureProject(name: string, actor: Actor): Promise<Project> {
    return this.db.transaction().execute(async (trx) => {
      const found = await trx
        .selectFrom('projects')
        .select(['id', 'name'])
        .where('name', '=', name)
        .executeTakeFirst();
      if (found) return found;
      const project = { id: randomUUID(), name };
      await trx
        .insertInto('projects')
        .values({ ...project, created_at: this.now() })
        .execute();
      await this.audit(trx, actor, 'project.create', `projects/${project.id}`, project.id, {
        name,
      });
      return project;
    });
  }

  async findProject(idOrName: string): Promise<Project | undefined> {
    return this.db
      .selectFrom('projects')
      .select(['id', 'name'])
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .executeTakeFirst();
  }

  /** Every project, or those the user is a member of. */
  async listProjects(userId?: string): Promise<Project[]> {
    let q = this.db.selectFrom('projects').select(['projects.id', 'projects.name']);
    if (userId !== undefined)
      q = q
        .innerJoin('memberships', 'memberships.project_id', 'projects.id')
        .where('memberships.user_id', '=', userId);
    return q.orderBy('projects.name').execute();
  }

  async addMember(userId: string, projectId: string, actor: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const there = await trx
        .selectFrom('memberships')
        .select('user_id')
        .where('user_id', '=', userId)
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      if (there) return;
      await trx
        .insertInto('memberships')
        .values({ user_id: userId, project_id: projectId })
        .execute();
      await this.audit(
        trx,
        actor,
        'member.add',
        `projects/${projectId}/members/${userId}`,
        projectId,
      );
    });
  }

  async memberProjectIds(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('memberships')
      .select('project_id')
      .where('user_id', '=', userId)
      .execute();
    return rows.map((r) => r.project_id);
  }

  // Users, tokens, sessions ------------------------------------------------------------

  /** A new user (a unique name), member of the given projects. Undefined if the name is taken. */
  async createUser(
    input: { name: string; role: Role; passwordHash: string | null; projectIds: string[] },
    actor: Actor,
  ): Promise<User | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('users')
        .select('id')
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (taken) return undefined;
      const row = {
        id: randomUUID(),
        name: input.name,
        role: input.role,
        password_hash: input.passwordHash,
        disabled: 0,
        created_at: this.now(),
      };
      await trx.insertInto('users').values(row).execute();
      for (const projectId of input.projectIds)
        await trx
          .insertInto('memberships')
          .values({ user_id: row.id, project_id: projectId })
          .execute();
      await this.audit(trx, actor, 'user.create', `users/${row.id}`, null, {
        name: input.name,
        role: input.role,
        projects: input.projectIds,
      });
      return toUser(row);
    });
  }

  async findUser(idOrName: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .executeTakeFirst();
    return row && toUser(row);
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('name').execute();
    return rows.map(toUser);
  }

  async updateUser(
    id: string,
    change: { role?: Role; disabled?: boolean; passwordHash?: string },
    actor: Actor,
  ): Promise<User | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const values: Partial<Database['users']> = {};
      if (change.role !== undefined) values.role = change.role;
      if (change.disabled !== undefined) values.disabled = change.disabled ? 1 : 0;
      if (change.passwordHash !== undefined) values.password_hash = change.passwordHash;
      if (Object.keys(values).length > 0)
        await trx.updateTable('users').set(values).where('id', '=', id).execute();
      const row = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      await this.audit(trx, actor, 'user.update', `users/${id}`, null, {
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        ...(change.passwordHash !== undefined ? { password: 'changed' } : {}),
      });
      if (change.disabled === true) {
        await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      }
      return toUser(row);
    });
  }

  async createToken(
    input: { userId: string; name: string; hash: string },
    actor: Actor,
  ): Promise<TokenInfo> {
    return this.db.transaction().execute(async (trx) => {
      const row = {
        id: randomUUID(),
        user_id: input.userId,
        name: input.name,
        hash: input.hash,
        created_at: this.now(),
        last_used_at: null,
        revoked_at: null,
      };
      await trx.insertInto('tokens').values(row).execute();
      await this.audit(trx, actor, 'token.create', `tokens/${row.id}`, null, {
        user: input.userId,
        name: input.name,
      });
      return { id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: null };
    });
  }

  /** The live token with that hash and its user, marking it used. */
  async useToken(hash: string): Promise<{ token: TokenInfo; user: User } | undefined> {
    const row = await this.db
      .selectFrom('tokens')
      .innerJoin('users', 'users.id', 'tokens.user_id')
      .selectAll('users')
      .select([
        'tokens.id as token_id',
        'tokens.name as token_name',
        'tokens.created_at as token_created_at',
        'tokens.last_used_at as token_last_used_at',
      ])
      .where('tokens.hash', '=', hash)
      .where('tokens.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    const now = this.now();
    // Last-use times are kept to the minute, so a busy script does not write on every call.
    if ((row.token_last_used_at ?? '').slice(0, 16) !== now.slice(0, 16))
      await this.db
        .updateTable('tokens')
        .set({ last_used_at: now })
        .where('id', '=', row.token_id)
        .execute();
    return {
      token: {
        id: row.token_id,
        name: row.token_name,
        createdAt: row.token_created_at,
        lastUsedAt: now,
      },
      user: toUser(row),
    };
  }

  async listTokens(userId: string): Promise<TokenInfo[]> {
    const rows = await this.db
      .selectFrom('tokens')
      .select(['id', 'name', 'created_at', 'last_used_at'])
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
    }));
  }

  /** Revoke a token of that user; false if there is none. */
  async revokeToken(id: string, userId: string, actor: Actor): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('tokens')
        .set({ revoked_at: this.now() })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await this.audit(trx, actor, 'token.revoke', `tokens/${id}`, null);
      return true;
    });
  }

  async createSession(
    input: { hash: string; userId: string; csrf: string; expiresAt: string },
    actor: Actor,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({
          hash: input.hash,
          user_id: input.userId,
          csrf: input.csrf,
          created_at: this.now(),
          expires_at: input.expiresAt,
        })
        .execute();
      await this.audit(trx, actor, 'session.create', `users/${input.userId}/sessions`, null);
    });
  }

  async findSession(hash: string): Promise<{ csrf: string; user: User } | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.csrf', 'sessions.expires_at'])
      .where('sessions.hash', '=', hash)
      .executeTakeFirst();
    if (!row || row.expires_at <= this.now()) return undefined;
    return { csrf: row.csrf, user: toUser(row) };
  }

  async deleteSession(hash: string, actor: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('sessions').where('hash', '=', hash).executeTakeFirst();
      if (Number(r.numDeletedRows) > 0)
        await this.audit(trx, actor, 'session.delete', `users/${actor.id}/sessions`, null);
    });
  }

  /** Note a refused action (a failed sign-in) in the audit log. */
  async recordRefusal(actor: Actor, action: string, resource: string): Promise<void> {
    await this.audit(this.db, actor, action, resource, null);
  }

  // Scenarios ---------------------------------------------------------------------------

  async createScenario(
    input: { projectId: string; name: string; yaml: string },
    actor: Actor & { id: string },
  ): Promise<{ id: string; version: number }> {
    return this.db.transaction().execute(async (trx) => {
      const id = randomUUID();
      const at = this.now();
      await trx
        .insertInto('scenarios')
        .values({
          id,
          project_id: input.projectId,
          name: input.name,
          version: 1,
          created_by: actor.id,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await trx
        .insertInto('scenario_versions')
        .values({
          scenario_id: id,
          version: 1,
          yaml: input.yaml,
          created_by: actor.id,
          created_at: at,
        })
        .execute();
      await this.audit(trx, actor, 'scenario.create', `scenarios/${id}`, input.projectId, {
        name: input.name,
        version: 1,
      });
      return { id, version: 1 };
    });
  }

  /**
   * Save a new version on top of `baseVersion`. If someone saved since, nothing is written and
   * the current version comes back: the caller shows a conflict instead of losing their work.
   */
  async saveScenarioVersion(
    input: { id: string; yaml: string; baseVersion: number; name?: string },
    actor: Actor & { id: string },
  ): Promise<SaveResult> {
    return this.db.transaction().execute(async (trx): Promise<SaveResult> => {
      const at = this.now();
      const version = input.baseVersion + 1;
      // The version check and the bump are one statement, so two writers on the same base
      // cannot both succeed (the second sees version ≠ base once the first commits).
      const bumped = await trx
        .updateTable('scenarios')
        .set({ version, updated_at: at, ...(input.name !== undefined ? { name: input.name } : {}) })
        .where('id', '=', input.id)
        .where('version', '=', input.baseVersion)
        .executeTakeFirst();
      if (Number(bumped.numUpdatedRows) === 0) {
        const current = await trx
          .selectFrom('scenarios')
          .select('version')
          .where('id', '=', input.id)
          .executeTakeFirst();
        return current
          ? { ok: false, reason: 'conflict', currentVersion: current.version }
          : { ok: false, reason: 'not-found' };
      }
      const project = await trx
        .selectFrom('scenarios')
        .select('project_id')
        .where('id', '=', input.id)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('scenario_versions')
        .values({
          scenario_id: input.id,
          version,
          yaml: input.yaml,
          created_by: actor.id,
          created_at: at,
        })
        .execute();
      await this.audit(trx, actor, 'scenario.update', `scenarios/${input.id}`, project.project_id, {
        version,
      });
      return { ok: true, version };
    });
  }

  /** A version of a scenario (the latest if none is given). */
  async getScenario(id: string, version?: number): Promise<ScenarioVersion | undefined> {
    const row = await this.db
      .selectFrom('scenarios')
      .innerJoin('scenario_versions', 'scenario_versions.scenario_id', 'scenarios.id')
      .select([
        'scenarios.id',
        'scenarios.project_id',
        'scenarios.name',
        'scenarios.version as latest',
        'scenario_versions.version',
        'scenario_versions.yaml',
        'scenario_versions.created_by',
        'scenario_versions.created_at',
      ])
      .where('scenarios.id', '=', id)
      .where((eb) =>
        version === undefined
          ? eb('scenario_versions.version', '=', eb.ref('scenarios.version'))
          : eb('scenario_versions.version', '=', version),
      )
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      projectId: row.project_id,
      name: row.name,
      version: row.version,
      latestVersion: row.latest,
      yaml: row.yaml,
      createdBy: row.created_by,
      createdAt: row.created_at,
    };
  }

  async listScenarios(projectIds: readonly string[] | 'all'): Promise<ScenarioSummary[]> {
    if (projectIds !== 'all' && projectIds.length === 0) return [];
    let q = this.db
      .selectFrom('scenarios')
      .select(['id', 'project_id', 'name', 'version', 'updated_at']);
    if (projectIds !== 'all') q = q.where('project_id', 'in', projectIds);
    const rows = await q.orderBy('updated_at', 'desc').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      name: r.name,
      version: r.version,
      updatedAt: r.updated_at,
    }));
  }

  async listScenarioVersions(
    id: string,
  ): Promise<{ version: number; createdBy: string; createdAt: string }[]> {
    const rows = await this.db
      .selectFrom('scenario_versions')
      .select(['version', 'created_by', 'created_at'])
      .where('scenario_id', '=', id)
      .orderBy('version')
      .execute();
    return rows.map((r) => ({
      version: r.version,
      createdBy: r.created_by,
      createdAt: r.created_at,
    }));
  }

  // Plans -------------------------------------------------------------------------------

  async createPlan(
    input: {
      projectId: string;
      scenarioId: string;
      scenarioVersion: number;
      aidcVersion: string;
      plan: unknown;
    },
    actor: Actor & { id: string },
  ): Promise<StoredPlan> {
    return this.db.transaction().execute(async (trx) => {
      const row = {
        id: randomUUID(),
        project_id: input.projectId,
        scenario_id: input.scenarioId,
        scenario_version: input.scenarioVersion,
        aidc_version: input.aidcVersion,
        plan_json: JSON.stringify(input.plan),
        created_by: actor.id,
        created_at: this.now(),
      };
      await trx.insertInto('plans').values(row).execute();
      await this.audit(trx, actor, 'plan.create', `plans/${row.id}`, input.projectId, {
        scenario: input.scenarioId,
        version: input.scenarioVersion,
      });
      return {
        id: row.id,
        projectId: row.project_id,
        scenarioId: row.scenario_id,
        scenarioVersion: row.scenario_version,
        aidcVersion: row.aidc_version,
        plan: input.plan,
        createdBy: row.created_by,
        createdAt: row.created_at,
      };
    });
  }

  async getPlan(id: string): Promise<StoredPlan | undefined> {
    const r = await this.db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    return {
      id: r.id,
      projectId: r.project_id,
      scenarioId: r.scenario_id,
      scenarioVersion: r.scenario_version,
      aidcVersion: r.aidc_version,
      plan: JSON.parse(r.plan_json) as unknown,
      createdBy: r.created_by,
      createdAt: r.created_at,
    };
  }

  /** The plans of a scenario, newest first, without their documents. */
  async listPlans(scenarioId: string): Promise<Omit<StoredPlan, 'plan' | 'projectId'>[]> {
    const rows = await this.db
      .selectFrom('plans')
      .select(['id', 'scenario_id', 'scenario_version', 'aidc_version', 'created_by', 'created_at'])
      .where('scenario_id', '=', scenarioId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      scenarioId: r.scenario_id,
      scenarioVersion: r.scenario_version,
      aidcVersion: r.aidc_version,
      createdBy: r.created_by,
      createdAt: r.created_at,
    }));
  }

  // Jobs (sweeps and simulations) ---------------------------------------------------------

  async createJob(
    input: {
      projectId: string;
      kind: JobKind;
      scenarioId: string;
      scenarioVersion: number;
      request: unknown;
      total: number;
      aidcVersion: string;
    },
    actor: Actor & { id: string },
  ): Promise<Job> {
    return this.db.transaction().execute(async (trx) => {
      const row: Database['jobs'] = {
        id: randomUUID(),
        project_id: input.projectId,
        kind: input.kind,
        status: 'queued',
        scenario_id: input.scenarioId,
        scenario_version: input.scenarioVersion,
        request_json: JSON.stringify(input.request),
        result_json: null,
        error: null,
        progress_done: 0,
        progress_total: input.total,
        aidc_version: input.aidcVersion,
        created_by: actor.id,
        created_at: this.now(),
        started_at: null,
        finished_at: null,
      };
      await trx.insertInto('jobs').values(row).execute();
      await this.audit(trx, actor, `${input.kind}.create`, `jobs/${row.id}`, input.projectId, {
        scenario: input.scenarioId,
        version: input.scenarioVersion,
      });
      return toJob(row);
    });
  }

  async getJob(id: string): Promise<Job | undefined> {
    const row = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toJob(row);
  }

  async listJobs(
    projectIds: readonly string[] | 'all',
    filter: { kind?: JobKind; status?: JobStatus } = {},
  ): Promise<Job[]> {
    if (projectIds !== 'all' && projectIds.length === 0) return [];
    let q = this.db.selectFrom('jobs').selectAll();
    if (projectIds !== 'all') q = q.where('project_id', 'in', projectIds);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.status) q = q.where('status', '=', filter.status);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(500).execute();
    return rows.map(toJob);
  }

  /** Move a queued job to running; false if it was not queued (another runner took it). */
  async startJob(id: string): Promise<boolean> {
    const r = await this.db
      .updateTable('jobs')
      .set({ status: 'running', started_at: this.now() })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async jobProgress(id: string, done: number, total: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ progress_done: done, progress_total: total })
      .where('id', '=', id)
      .execute();
  }

  /** A job's end: its result or its error. Only a running or queued job can end. */
  async finishJob(
    id: string,
    end:
      | { status: 'succeeded'; result: unknown }
      | { status: 'failed'; error: string }
      | { status: 'cancelled' },
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('jobs')
        .set((eb) => ({
          status: end.status,
          finished_at: this.now(),
          ...(end.status === 'succeeded' ? { progress_done: eb.ref('progress_total') } : {}),
          result_json: end.status === 'succeeded' ? JSON.stringify(end.result) : null,
          error: end.status === 'failed' ? end.error : null,
        }))
        .where('id', '=', id)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      // An ended job's result is whole in the job: its sweep chunks are no longer needed.
      await trx.deleteFrom('sweep_chunks').where('job_id', '=', id).execute();
      return true;
    });
  }

  async cancelJob(id: string, actor: Actor): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const job = await trx
        .selectFrom('jobs')
        .select(['project_id'])
        .where('id', '=', id)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirst();
      if (!job) return false;
      await trx
        .updateTable('jobs')
        .set({ status: 'cancelled', finished_at: this.now() })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('sweep_chunks').where('job_id', '=', id).execute();
      await this.audit(trx, actor, 'job.cancel', `jobs/${id}`, job.project_id);
      return true;
    });
  }

  /** Put a running job back in the queue (a server stopping mid-job). */
  async requeueJob(id: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ status: 'queued', started_at: null, progress_done: 0 })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  }

  /**
   * Jobs a stopped server left running go back to the queue (their runs are deterministic, so
   * running one again gives the same result); the ids, oldest first.
   */
  async requeueInterrupted(): Promise<string[]> {
    await this.db
      .updateTable('jobs')
      .set({ status: 'queued', started_at: null, progress_done: 0 })
      .where('status', '=', 'running')
      .execute();
    const rows = await this.db
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', 'queued')
      .orderBy('created_at')
      .execute();
    return rows.map((r) => r.id);
  }

  // Sweep chunks (sweeps run on queue workers) -------------------------------------------

  /**
   * Store a chunk of a sweep's rows, once: a chunk stored before is kept as it was (a retried
   * chunk computes the same rows). `no-job` when the store has no such job (a worker given
   * another store than the service's), `ended` when the job has ended (a late chunk).
   */
  async putSweepChunk(
    jobId: string,
    chunk: SweepChunk,
  ): Promise<'stored' | 'duplicate' | 'no-job' | 'ended'> {
    return this.db.transaction().execute(async (trx) => {
      const job = await trx
        .selectFrom('jobs')
        .select('status')
        .where('id', '=', jobId)
        .executeTakeFirst();
      if (!job) return 'no-job';
      if (job.status !== 'queued' && job.status !== 'running') return 'ended';
      const r = await trx
        .insertInto('sweep_chunks')
        .values({
          job_id: jobId,
          chunk: chunk.chunk,
          start_index: chunk.start,
          row_count: chunk.rows.length,
          failures: chunk.failures,
          rows_json: JSON.stringify(chunk.rows),
          created_at: this.now(),
        })
        .onConflict((oc) => oc.columns(['job_id', 'chunk']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1 ? 'stored' : 'duplicate';
    });
  }

  /** The indexes of a sweep's stored chunks, in order. */
  async sweepChunkIndexes(jobId: string): Promise<number[]> {
    const rows = await this.db
      .selectFrom('sweep_chunks')
      .select('chunk')
      .where('job_id', '=', jobId)
      .orderBy('chunk')
      .execute();
    return rows.map((r) => Number(r.chunk));
  }

  /** A sweep's stored chunks, in grid order. */
  async getSweepChunks(jobId: string): Promise<SweepChunk[]> {
    const rows = await this.db
      .selectFrom('sweep_chunks')
      .select(['chunk', 'start_index', 'failures', 'rows_json'])
      .where('job_id', '=', jobId)
      .orderBy('chunk')
      .execute();
    return rows.map((r) => ({
      chunk: Number(r.chunk),
      start: Number(r.start_index),
      failures: Number(r.failures),
      rows: JSON.parse(r.rows_json) as unknown[],
    }));
  }

  // Audit ---------------------------------------------------------------------------------

  /** Entries after `afterSeq`, oldest first; of the given projects, or all (admins). */
  async listAudit(
    scope: readonly string[] | 'all',
    options: { afterSeq?: number; limit?: number } = {},
  ): Promise<AuditEntry[]> {
    let q = this.db.selectFrom('audit').selectAll();
    if (scope !== 'all') {
      if (scope.length === 0) return [];
      q = q.where('project_id', 'in', scope);
    }
    if (options.afterSeq !== undefined) q = q.where('seq', '>', options.afterSeq);
    const rows = await q
      .orderBy('seq')
      .limit(Math.min(options.limit ?? 1000, 1000))
      .execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      user: r.user_name,
      action: r.action,
      resource: r.resource,
      projectId: r.project_id,
      detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
    }));
  }
}

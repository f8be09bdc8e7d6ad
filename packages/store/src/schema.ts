// The tables of the store, as Kysely sees them. Times are ISO-8601 UTC strings and documents
// (plans, job requests and results) are JSON text, so that both databases store the same bytes.
import type { Generated } from 'kysely';

export const ROLES = ['viewer', 'planner', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const JOB_KINDS = ['sweep', 'simulation'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface ProjectsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  name: string;
  role: Role;
  /** `scrypt$N$r$p$salt$key` (base64url), or null for a script account with tokens only. */
  password_hash: string | null;
  disabled: number;
  created_at: string;
}

export interface MembershipsTable {
  user_id: string;
  project_id: string;
}

export interface TokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the token (tokens are 256 random bits, so a fast hash is enough). */
  hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's value. */
  hash: string;
  user_id: string;
  csrf: string;
  created_at: string;
  expires_at: string;
}

export interface ScenariosTable {
  id: string;
  project_id: string;
  name: string;
  /** The latest version; a save that names an older base version is a conflict. */
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ScenarioVersionsTable {
  scenario_id: string;
  version: number;
  yaml: string;
  created_by: string;
  created_at: string;
}

export interface PlansTable {
  id: string;
  project_id: string;
  scenario_id: string;
  scenario_version: number;
  aidc_version: string;
  plan_json: string;
  created_by: string;
  created_at: string;
}

export interface JobsTable {
  id: string;
  project_id: string;
  kind: JobKind;
  status: JobStatus;
  scenario_id: string;
  scenario_version: number;
  request_json: string;
  result_json: string | null;
  error: string | null;
  progress_done: number;
  progress_total: number;
  aidc_version: string;
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** A chunk of a sweep's rows, stored once however often the chunk ran. */
export interface SweepChunksTable {
  job_id: string;
  chunk: number;
  /** The grid index of the chunk's first row. */
  start_index: number;
  row_count: number;
  /** Rows of the chunk that are invalid or infeasible. */
  failures: number;
  rows_json: string;
  created_at: string;
}

export interface AuditTable {
  seq: Generated<number>;
  at: string;
  user_id: string | null;
  user_name: string;
  action: string;
  resource: string;
  project_id: string | null;
  detail: string | null;
}

export interface OpsObjectsTable {
  project_id: string;
  /** The inventory list the thing belongs to: `racks`, `devices`, `gpus`, ... */
  kind: string;
  id: string;
  name: string;
  parent_id: string | null;
  doc: string;
  updated_at: string;
}

export interface OpsFacilityTable {
  project_id: string;
  plan_id: string | null;
  plan_json: string | null;
  origin: string;
  updated_at: string;
}

export interface OpsSeriesTable {
  id: Generated<number>;
  project_id: string;
  metric: string;
  /** The labels sorted by name, as `name="value"` joined by commas: the series' identity. */
  labels_key: string;
  labels: string;
  host: string | null;
  gpu: number | null;
}

export interface OpsSamplesTable {
  series_id: number;
  ts_ms: number;
  value: number;
}

export interface OpsRollupsTable {
  series_id: number;
  bucket_ms: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
}

export interface OpsIngestsTable {
  id: string;
  project_id: string;
  at: string;
  source: string;
  accepted: number;
  rejected: number;
  errors: string;
  created_by: string;
}

export interface OpsAlertRulesTable {
  project_id: string;
  yaml: string;
  version: number;
  updated_by: string;
  updated_at: string;
}

export interface OpsAlertsTable {
  project_id: string;
  key: string;
  rule: string;
  state: string;
  doc: string;
  updated_at: string;
}

export interface OpsSilencesTable {
  id: string;
  project_id: string;
  doc: string;
  ends_at: string;
  created_by: string;
  created_at: string;
}

export interface OpsIncidentsTable {
  id: string;
  project_id: string;
  at: string;
  cause: string;
  doc: string;
  created_by: string;
}

export interface OpsOutboxTable {
  id: string;
  project_id: string;
  url: string;
  payload: string;
  attempts: number;
  created_at: string;
  next_at: string;
  delivered_at: string | null;
  last_error: string | null;
}

export interface Database {
  projects: ProjectsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  tokens: TokensTable;
  sessions: SessionsTable;
  scenarios: ScenariosTable;
  scenario_versions: ScenarioVersionsTable;
  plans: PlansTable;
  jobs: JobsTable;
  sweep_chunks: SweepChunksTable;
  audit: AuditTable;
  ops_objects: OpsObjectsTable;
  ops_facility: OpsFacilityTable;
  ops_series: OpsSeriesTable;
  ops_samples: OpsSamplesTable;
  ops_rollups: OpsRollupsTable;
  ops_ingests: OpsIngestsTable;
  ops_alert_rules: OpsAlertRulesTable;
  ops_alerts: OpsAlertsTable;
  ops_silences: OpsSilencesTable;
  ops_incidents: OpsIncidentsTable;
  ops_outbox: OpsOutboxTable;
}

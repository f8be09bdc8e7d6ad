export {
  Store,
  type Actor,
  type AuditEntry,
  type Job,
  type Project,
  type SaveResult,
} from './store.js';
export type {
  ScenarioSummary,
  ScenarioVersion,
  StoredPlan,
  StoreOptions,
  SweepChunk,
  TokenInfo,
  User,
} from './store.js';
export { DbAddressError, parseDbAddress, type DbAddress, type Dialect } from './dialect.js';
export { MIGRATIONS, migrate } from './migrate.js';
export {
  JOB_KINDS,
  JOB_STATUSES,
  ROLES,
  type JobKind,
  type JobStatus,
  type Role,
} from './schema.js';
export {
  OpsStore,
  DEFAULT_RETENTION,
  labelsKey,
  type Facility,
  type IngestRecord,
  type Notification,
  type Retention,
  type SampleIn,
  type SeriesOut,
  type StoredAlert,
  type StoredObject,
} from './ops-store.js';

// aidc's operations logic (interface.md §9): what the shells call to read telemetry, evaluate
// alert rules, compute headroom, compare the facility with its plan and map NetBox's DCIM
// export. Pure: every input arrives as an argument, storage goes through @aidc/store.
export type { LabelMatcher, Point, Sample, Series, TelemetryView } from './telemetry-types.js';
export {
  PARENT_FIELD,
  inventoryFromObjects,
  inventoryObjects,
  inventoryProblems,
  isInventoryKind,
  itemProblems,
  toObject,
  type InventoryObject,
  type InventoryProblem,
} from './inventory/stored.js';
export { matcherProblem, matchesLabels } from './label-matchers.js';
export {
  headroom,
  type FeedHeadroom,
  type HeadroomOptions,
  type HeadroomResult,
  type LoadBasis,
  type LoopHeadroom,
  type MeasuredPower,
  type PanelLoad,
  type RackHeadroom,
} from './headroom/headroom.js';
export { devicesFitting, freeRuns, type FreeRun } from './headroom/rack-units.js';
export {
  whereFits,
  type FitLimit,
  type RackFit,
  type ServerToPlace,
  type WhereFitsOptions,
  type WhereFitsResult,
} from './headroom/where-fits.js';
export { poissonInterval, type PoissonInterval } from './plan-vs-actual/poisson-interval.js';
export {
  FAILURE_RATE_SCENARIO_KEY,
  feedbackToScenario,
  measuredFailureRate,
  type FailureRate,
  type ScenarioFeedback,
} from './plan-vs-actual/failure-rate.js';
export {
  MeasuredOperationSchema,
  planVsActual,
  type MeasuredOperation,
  type PlanFigure,
  type PlanVsActualRow,
} from './plan-vs-actual/plan-vs-actual.js';
export { IncidentSchema, type Incident } from './incidents/incident-schema.js';
export {
  DEFAULT_PRIOR_WEIGHT,
  failureShares,
  type CauseShare,
  type FailureShares,
  type FailureSharesOptions,
} from './incidents/failure-shares.js';
export { XID_CAUSES, causeForXid } from './incidents/xid-causes.js';
export {
  NETBOX_ENDPOINTS,
  type NetboxDcimFile,
  type NetboxEndpoint,
  type NetboxPage,
} from './netbox/netbox-file.js';
export { deviceRoleOf, inventoryFromNetbox, type NetboxImport } from './netbox/netbox-import.js';
export { inventoryToNetbox, type NetboxExport } from './netbox/netbox-export.js';
export {
  DCMI_POWER,
  GPU_POWER,
  GPU_UTIL,
  TENSOR_ACTIVE,
  TOKENS_PER_S,
  hostPowerKW,
  measureWindow,
  nonGpuKW,
  type MeasuredWindow,
} from './measure/measure.js';
export {
  DEFAULT_MAX_SKEW_MS,
  MAX_LINE_CHARS,
  MAX_LISTED_ERRORS,
  parseExposition,
  type ExpositionError,
  type ExpositionOptions,
  type ExpositionResult,
  type MetricType,
} from './telemetry/exposition.js';
export { hostOf, stripPort, targetOf, type SampleTarget } from './telemetry/targets.js';
export {
  METRIC_ROLES,
  TELEMETRY_METRICS,
  XID_CATALOG,
  XID_CLASSES,
  metricFor,
  metricInfo,
  telemetryCatalogProblems,
  xidClassOf,
  xidInfo,
  type TelemetryMetric,
  type XidClass,
  type XidInfo,
} from './telemetry/catalog.js';
export {
  DEFAULT_STALE_RANGE_MS,
  DEFAULT_XID_RANGE_MS,
  INSTANT_LOOKBACK_MS,
  parseExpr,
  type Expr,
  type ExprProblem,
  type Selector,
} from './alerts/expr.js';
export {
  ALERT_OPS,
  AlertRuleSchema,
  SEVERITIES,
  parseAlertRules,
  type AlertOp,
  type AlertRule,
  type AlertRuleInput,
  type AlertRuleIssue,
  type AlertRulesResult,
  type Severity,
} from './alerts/rules.js';
export { DEFAULT_ALERT_RULES, defaultAlertRules } from './alerts/default-rules.js';
export {
  RESOLVED_RETENTION_MS,
  XID_CONTEXT_MS,
  evaluateAlerts,
  lookbackMs,
  webhookPayload,
  type AlertContext,
  type AlertEvaluation,
  type AlertInstance,
  type AlertState,
  type AlertTransition,
  type Silence,
} from './alerts/evaluate.js';
export { memoryTelemetryView } from './alerts/memory-view.js';

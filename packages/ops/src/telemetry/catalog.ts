// The telemetry the system understands, as data with a source beside each entry: the DCGM,
// node_exporter and IPMI exporter metrics (dcgm-fields.json) and the XIDs an operator acts on
// with NVIDIA's meaning and resolution buckets (xid-classes.json). The files are checked
// against their schemas by the test suite (`telemetryCatalogProblems`), not at every start.
import { z } from 'zod';
import fieldsData from './dcgm-fields.json' with { type: 'json' };
import xidData from './xid-classes.json' with { type: 'json' };

const CONFIDENCE = z.enum(['datasheet', 'paper', 'measured', 'survey', 'secondary', 'estimate']);

/** What a metric is used for by the alert rules, headroom and plan versus actual. */
export const METRIC_ROLES = [
  'gpuUtilization',
  'gpuPower',
  'gpuTemperature',
  'memoryTemperature',
  'xid',
  'tensorActive',
  'eccDbe',
  'hostTemperature',
  'hostPower',
  'inletTemperature',
] as const;

export const TelemetryMetricSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/),
  exporter: z.enum(['dcgm-exporter', 'node_exporter', 'ipmi_exporter']),
  /** DCGM's numeric field id (dcgm_fields.h), for DCGM fields. */
  dcgmFieldId: z.number().int().positive().optional(),
  unit: z.string().min(1),
  kind: z.enum(['gauge', 'counter']),
  meaning: z.string().min(8),
  source: z.string().min(8),
  confidence: CONFIDENCE,
  role: z.enum(METRIC_ROLES).optional(),
});
export type TelemetryMetric = z.output<typeof TelemetryMetricSchema>;

export const XID_CLASSES = ['application', 'memory', 'interconnect', 'hardware', 'driver'] as const;
export type XidClass = (typeof XID_CLASSES)[number];

export const XidInfoSchema = z.strictObject({
  code: z.number().int().positive(),
  mnemonic: z.string().min(1),
  description: z.string().min(1),
  class: z.enum(XID_CLASSES),
  /** NVIDIA's resolution bucket, immediate action (RESTART_APP, RESET_GPU, RESTART_BM, ...). */
  immediate: z.string().min(1),
  /** NVIDIA's resolution bucket, investigatory action (CONTACT_SUPPORT, INVESTIGATE_SW, ...). */
  investigatory: z.string().min(1),
  /** The immediate action resets the GPU or reboots the node. */
  reset: z.boolean(),
  /** A support case (and possibly an RMA) follows: NVIDIA's investigatory action says so. */
  support: z.boolean(),
  appliesToH100: z.boolean(),
  note: z.string().min(8),
  source: z.string().min(8),
  confidence: CONFIDENCE,
});
export type XidInfo = z.output<typeof XidInfoSchema>;

const FieldsFileSchema = z.strictObject({ fields: z.array(TelemetryMetricSchema).min(1) });
const XidFileSchema = z.strictObject({
  classes: z.strictObject(
    Object.fromEntries(XID_CLASSES.map((c) => [c, z.string().min(8)])) as Record<
      XidClass,
      z.ZodString
    >,
  ),
  classSource: z.strictObject({ source: z.string().min(8), confidence: CONFIDENCE }),
  xids: z.array(XidInfoSchema).min(1),
});

/** The metrics the system knows, by name. */
export const TELEMETRY_METRICS: readonly TelemetryMetric[] = (
  fieldsData as z.output<typeof FieldsFileSchema>
).fields;
/** The XIDs the system classifies, by code. */
export const XID_CATALOG: readonly XidInfo[] = (xidData as z.output<typeof XidFileSchema>).xids;

const metricsByName = new Map(TELEMETRY_METRICS.map((m) => [m.name, m]));
const xidsByCode = new Map(XID_CATALOG.map((x) => [x.code, x]));

/** A known metric's unit, kind, meaning and source; undefined for one the catalog lacks. */
export function metricInfo(name: string): TelemetryMetric | undefined {
  return metricsByName.get(name);
}

/** The first catalog metric with a role (the metric the rules read for it). */
export function metricFor(role: TelemetryMetric['role'] & string): TelemetryMetric | undefined {
  return TELEMETRY_METRICS.find((m) => m.role === role);
}

/** NVIDIA's meaning and action for an XID, or undefined for one the catalog does not list. */
export function xidInfo(code: number): XidInfo | undefined {
  return xidsByCode.get(code);
}

/** The class of an XID; 'unknown' for one the catalog does not list. */
export function xidClassOf(code: number): XidClass | 'unknown' {
  return xidsByCode.get(code)?.class ?? 'unknown';
}

/** Both catalog files against their schemas, and duplicate names or codes: empty when valid. */
export function telemetryCatalogProblems(): string[] {
  const problems: string[] = [];
  const check = (name: string, schema: z.ZodType, data: unknown) => {
    const r = schema.safeParse(data);
    if (!r.success)
      for (const i of r.error.issues)
        problems.push(`${name} is invalid at ${i.path.join('.') || '(root)'}: ${i.message}`);
  };
  check('dcgm-fields.json', FieldsFileSchema, fieldsData);
  check('xid-classes.json', XidFileSchema, xidData);
  if (metricsByName.size !== TELEMETRY_METRICS.length)
    problems.push('dcgm-fields.json lists a metric twice');
  if (xidsByCode.size !== XID_CATALOG.length) problems.push('xid-classes.json lists an XID twice');
  return problems;
}

// The NetBox DCIM file aidc reads and writes: the lists NetBox's REST API returns, keyed by
// endpoint name. Field names follow NetBox 4.x's serializers, checked against the source of
// netbox/dcim/api/serializers_/ (sites.py, racks.py RackSerializer, devices.py DeviceSerializer,
// devicetypes.py DeviceTypeSerializer, power.py PowerPanelSerializer and PowerFeedSerializer,
// device_components.py PowerPortSerializer: maximum_draw and allocated_draw in watts) and
// netbox/dcim/models/power.py (PowerFeed: voltage, amperage, max_utilization as a percentage,
// available_power = |V| × A × max_utilization/100 × 1.732 for three-phase, no power factor).
// The schemas are loose: NetBox returns many more fields than aidc reads.
import { z } from 'zod';

/**
 * The endpoints a file holds (`GET /api/dcim/<endpoint>/`), each as NetBox's paginated envelope
 * `{ count, next, previous, results: [...] }` or a bare array of the results. The first six are
 * expected; `device-types` (for heights) and `power-ports` (for power draw) are optional.
 */
export const NETBOX_ENDPOINTS = [
  'sites',
  'locations',
  'racks',
  'devices',
  'power-panels',
  'power-feeds',
  'device-types',
  'power-ports',
] as const;
export type NetboxEndpoint = (typeof NETBOX_ENDPOINTS)[number];
export const REQUIRED_ENDPOINTS: readonly NetboxEndpoint[] = NETBOX_ENDPOINTS.slice(0, 6);

export interface NetboxPage<T> {
  readonly count: number;
  readonly next: string | null;
  readonly previous: string | null;
  readonly results: readonly T[];
}

/** The file: one list per endpoint. */
export type NetboxDcimFile = { readonly [E in NetboxEndpoint]?: NetboxPage<unknown> | unknown[] };

const ref = z.looseObject({ id: z.number().int() });
const nullableRef = ref.nullable().optional();
/** A choice field: NetBox returns `{ value, label }`, accepts the bare value on write. */
const choice = z
  .union([z.string(), z.looseObject({ value: z.string() })])
  .transform((c) => (typeof c === 'string' ? c : c.value));
const customFields = z.record(z.string(), z.unknown()).nullable().optional();

export const NetboxSiteSchema = z.looseObject({
  id: z.number().int(),
  name: z.string().min(1),
  slug: z.string(),
  region: z.looseObject({ slug: z.string() }).nullable().optional(),
});

export const NetboxLocationSchema = z.looseObject({
  id: z.number().int(),
  name: z.string().min(1),
  slug: z.string(),
  site: ref,
  parent: nullableRef,
});

export const NetboxRackSchema = z.looseObject({
  id: z.number().int(),
  name: z.string().min(1),
  site: ref,
  location: nullableRef,
  u_height: z.number().int().positive(),
  status: choice.optional(),
  role: z.looseObject({ slug: z.string() }).nullable().optional(),
  facility_id: z.string().nullable().optional(),
  custom_fields: customFields,
});

export const NetboxDeviceTypeSchema = z.looseObject({
  id: z.number().int(),
  model: z.string().min(1),
  slug: z.string(),
  u_height: z.number().nonnegative(),
  manufacturer: z.looseObject({ name: z.string(), slug: z.string() }),
});

const roleRef = z.looseObject({ slug: z.string() });
export const NetboxDeviceSchema = z.looseObject({
  id: z.number().int(),
  name: z.string().min(1).nullable(),
  device_type: z.looseObject({ id: z.number().int().optional(), model: z.string().min(1) }),
  /** `role` in NetBox 4.x, `device_role` in 3.x. */
  role: roleRef.optional(),
  device_role: roleRef.optional(),
  rack: nullableRef,
  /** Decimal rack unit (0.5 steps); null for a zero-U or unracked device. */
  position: z.number().positive().nullable().optional(),
  serial: z.string().nullable().optional(),
  status: choice.optional(),
  custom_fields: customFields,
});

export const NetboxPowerPanelSchema = z.looseObject({
  id: z.number().int(),
  name: z.string().min(1),
  site: ref,
  location: nullableRef,
  custom_fields: customFields,
});

export const NetboxPowerFeedSchema = z.looseObject({
  id: z.number().int(),
  name: z.string().min(1),
  power_panel: ref,
  rack: nullableRef,
  status: choice.optional(),
  type: choice.optional(),
  supply: choice.optional(),
  phase: choice.optional(),
  voltage: z.number().refine((v) => v !== 0, 'a non-zero voltage'),
  amperage: z.number().positive(),
  max_utilization: z.number().min(1).max(100),
  custom_fields: customFields,
});

export const NetboxPowerPortSchema = z.looseObject({
  id: z.number().int(),
  device: ref,
  maximum_draw: z.number().nonnegative().nullable().optional(),
  allocated_draw: z.number().nonnegative().nullable().optional(),
});

export type NetboxSite = z.output<typeof NetboxSiteSchema>;
export type NetboxLocation = z.output<typeof NetboxLocationSchema>;
export type NetboxRack = z.output<typeof NetboxRackSchema>;
export type NetboxDeviceType = z.output<typeof NetboxDeviceTypeSchema>;
export type NetboxDevice = z.output<typeof NetboxDeviceSchema>;
export type NetboxPowerPanel = z.output<typeof NetboxPowerPanelSchema>;
export type NetboxPowerFeed = z.output<typeof NetboxPowerFeedSchema>;
export type NetboxPowerPort = z.output<typeof NetboxPowerPortSchema>;

/** A JSON path: `$.racks.results[2].u_height`, `$["power-feeds"][0]`. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = '$';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out;
}

/** A short account of a value, for a problem's `found`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

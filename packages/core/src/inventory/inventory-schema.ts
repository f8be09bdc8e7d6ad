// The cluster as an inventory: the places and things a plan builds (or an operator records),
// each with a stable id, as a zod schema. Core's planInventory returns one from a plan; the
// operations package stores, edits, imports (NetBox) and exports it. Ids are strings unique
// within one inventory; references name the id of the thing referred to.
import { z } from 'zod';

const id = z.string().min(1).max(200);
const name = z.string().min(1).max(200);
const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();

export const SiteSchema = z.strictObject({
  id,
  name,
  /** The scenario's region or country code, when known. */
  region: z.string().optional(),
});

/** A data hall: one white space, fed by its own switchboards and cooling loops. */
export const HallSchema = z.strictObject({ id, siteId: id, name });

export const RowSchema = z.strictObject({
  id,
  hallId: id,
  name,
  /** 1-based position of the row in its hall. */
  index: z.number().int().positive(),
});

export const RACK_ROLES = ['compute', 'network', 'storage'] as const;

export const RackSchema = z.strictObject({
  id,
  rowId: id,
  name,
  /** 1-based position of the rack in its row. */
  position: z.number().int().positive(),
  role: z.enum(RACK_ROLES),
  /** Usable rack units. */
  units: z.number().int().positive(),
  /** The IT load the rack is designed for (kW): the plan's rack power limit. */
  powerLimitKW: positive,
  /** The heat the rack's cooling can remove (kW), air and liquid together. */
  coolingLimitKW: positive,
  coolingLoopId: id.optional(),
});

/** A cooling loop: the air handlers or the CDU-fed liquid loop serving some racks. */
export const CoolingLoopSchema = z.strictObject({
  id,
  hallId: id,
  name,
  kind: z.enum(['air', 'liquid']),
  capacityKW: positive,
});

export const DEVICE_ROLES = ['server', 'switch', 'storage', 'pdu', 'cdu', 'management'] as const;

export const DeviceSchema = z.strictObject({
  id,
  /** The device's host name: what telemetry's `Hostname` / `instance` label names. */
  name,
  role: z.enum(DEVICE_ROLES),
  /** The catalog id of the model (server platform, switch, appliance). */
  model: z.string(),
  rackId: id.nullable(),
  /** The lowest rack unit the device occupies (1-based), when placed. */
  position: z.number().int().positive().nullable(),
  heightU: z.number().int().positive(),
  /** The device's rated power (kW): its nameplate, what feeds and rack limits are sized on. */
  powerKW: nonNegative,
  /**
   * The draw the facility is designed for (kW), below nameplate where the plan's design basis
   * says so (servers at their measured peak plus margin): the heat cooling is sized to remove.
   */
  designKW: nonNegative.optional(),
  /** A spare kept powered in the pool rather than in service. */
  spare: z.boolean().optional(),
  /** Which fabric and tier a switch belongs to (`compute` leaf, `storage` spine, ...). */
  fabric: z.string().optional(),
  tier: z.enum(['leaf', 'spine', 'core']).optional(),
  /** The scale-up domain (NVLink server or rack) a server belongs to. */
  scaleUpDomain: z.string().optional(),
  serial: z.string().nullable().optional(),
});

export const GpuSchema = z.strictObject({
  id,
  deviceId: id,
  /** The GPU's index in its server: DCGM's `gpu` label. */
  slot: count,
  model: z.string(),
  serial: z.string().nullable(),
});

/** A power panel: a switchboard, remote power panel or busway feeding racks. */
export const PanelSchema = z.strictObject({
  id,
  hallId: id,
  name,
  /** Which of the two distribution paths (A or B) the panel belongs to. */
  path: z.enum(['A', 'B']),
});

/**
 * A power feed (a branch circuit) from a panel to a rack: NetBox's power feed. Its usable
 * power is volts × amps × (√3 for three-phase) × power factor × the continuous-load derating.
 */
export const FeedSchema = z.strictObject({
  id,
  panelId: id,
  rackId: id.nullable(),
  name,
  side: z.enum(['A', 'B']),
  volts: positive,
  amps: positive,
  phases: z.union([z.literal(1), z.literal(3)]),
  /** The fraction of the breaker rating a continuous load may use (0.8 under NEC 210.20). */
  derating: z.number().positive().max(1),
  powerFactor: z.number().positive().max(1),
});

export const LinkSchema = z.strictObject({
  id,
  aDeviceId: id,
  aPort: z.string(),
  bDeviceId: id,
  bPort: z.string(),
  /** The network the link belongs to: `compute`, `storage`, `inband`, `management`. */
  fabric: z.string(),
  gbps: positive,
  /** `serverLeaf`, `leafSpine` or `spineCore`. */
  level: z.enum(['serverLeaf', 'leafSpine', 'spineCore']),
});

export const InventorySchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** Where the inventory came from: a plan (its aidc version and scenario), NetBox, or hand. */
  origin: z.strictObject({
    kind: z.enum(['plan', 'netbox', 'manual']),
    detail: z.string(),
  }),
  sites: z.array(SiteSchema),
  halls: z.array(HallSchema),
  rows: z.array(RowSchema),
  racks: z.array(RackSchema),
  coolingLoops: z.array(CoolingLoopSchema),
  devices: z.array(DeviceSchema),
  gpus: z.array(GpuSchema),
  panels: z.array(PanelSchema),
  feeds: z.array(FeedSchema),
  links: z.array(LinkSchema),
});

export type Inventory = z.infer<typeof InventorySchema>;
export type InventorySite = z.infer<typeof SiteSchema>;
export type InventoryHall = z.infer<typeof HallSchema>;
export type InventoryRow = z.infer<typeof RowSchema>;
export type InventoryRack = z.infer<typeof RackSchema>;
export type InventoryCoolingLoop = z.infer<typeof CoolingLoopSchema>;
export type InventoryDevice = z.infer<typeof DeviceSchema>;
export type InventoryGpu = z.infer<typeof GpuSchema>;
export type InventoryPanel = z.infer<typeof PanelSchema>;
export type InventoryFeed = z.infer<typeof FeedSchema>;
export type InventoryLink = z.infer<typeof LinkSchema>;

/** The kinds of thing an inventory holds, by the name of its list. */
export const INVENTORY_KINDS = [
  'sites',
  'halls',
  'rows',
  'racks',
  'coolingLoops',
  'devices',
  'gpus',
  'panels',
  'feeds',
  'links',
] as const;
export type InventoryKind = (typeof INVENTORY_KINDS)[number];

/** The schema of one thing of a kind, for edits through the API. */
export const INVENTORY_ITEM_SCHEMAS = {
  sites: SiteSchema,
  halls: HallSchema,
  rows: RowSchema,
  racks: RackSchema,
  coolingLoops: CoolingLoopSchema,
  devices: DeviceSchema,
  gpus: GpuSchema,
  panels: PanelSchema,
  feeds: FeedSchema,
  links: LinkSchema,
} as const;

/** A feed's usable power (kW): V × A × (√3 if three-phase) × power factor × derating. */
export function feedCapacityKW(feed: InventoryFeed): number {
  const phase = feed.phases === 3 ? Math.sqrt(3) : 1;
  return (feed.volts * feed.amps * phase * feed.powerFactor * feed.derating) / 1000;
}

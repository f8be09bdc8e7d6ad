// An inventory from NetBox's DCIM lists. Never throws on bad input: what cannot be read is
// reported as a problem with its JSON path and the rest is imported.
//
// Mapping (NetBox has no rows, cooling loops, GPUs or rack power limits):
// - a top-level location is a data hall; a child location (any depth) is a row of its top-level
//   ancestor; a rack directly in a top-level location is in that hall's one implicit row; a rack
//   without a location is in an implicit hall of its site. Rows are numbered by name within a
//   hall (the implicit row first), racks by name within a row.
// - a rack's power limit is custom field `aidc_power_limit_kw`, else the smaller of its A-side and
//   B-side feed capacities (each side must carry the rack alone); its cooling limit is
//   `aidc_cooling_limit_kw`, else its power limit (estimate: the cooling is built for the rack's
//   power). A rack with neither feeds nor the custom field is a problem and is left out.
// - a feed's side is its type (primary → A, redundant → B); max_utilization/100 is its derating;
//   its power factor is `aidc_power_factor`, else 1, so its capacity equals NetBox's own
//   available_power (models/power.py). A panel's path is `aidc_path`, else its feeds' majority.
// - a device's power is `aidc_power_kw`, else the sum of its power ports' allocated_draw (else
//   maximum_draw), W → kW; a PDU's ports carry its downstream load, so a PDU counts 0. Its height
//   is `aidc_height_u`, else its device type's u_height (rounded up; a zero-U device keeps 1 U
//   and no position). Role by slug, first match: an aidc role's own name, pdu, cdu, switch
//   (switch/leaf/spine/router: a management switch is a switch), storage, management
//   (management/console/oob), server (server/compute/gpu/host/node); others are problems.
// - not read: rack groups (NetBox 4.6 brought them back for rows; a child location is the row
//   here), cables (links), inventory items (GPUs), cooling.
import {
  DEVICE_ROLES,
  RACK_ROLES,
  feedCapacityKW,
  type Inventory,
  type InventoryDevice,
  type InventoryFeed,
  type InventoryHall,
  type InventoryPanel,
  type InventoryRack,
  type InventoryRow,
  type InventorySite,
} from '@aidc/core';
import type { z } from 'zod';
import { inventoryProblems, type InventoryProblem } from '../inventory/stored.js';
import {
  NetboxDeviceSchema,
  NetboxDeviceTypeSchema,
  NetboxLocationSchema,
  NetboxPowerFeedSchema,
  NetboxPowerPanelSchema,
  NetboxPowerPortSchema,
  NetboxRackSchema,
  NetboxSiteSchema,
  REQUIRED_ENDPOINTS,
  describeValue,
  jsonPath,
  type NetboxEndpoint,
} from './netbox-file.js';
import { hallRowId, netboxId, siteHallId } from './netbox-ids.js';

export interface NetboxImport {
  readonly inventory: Inventory;
  readonly problems: readonly InventoryProblem[];
}

type Parsed<T> = { readonly item: T; readonly path: readonly PropertyKey[] };

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, 'en', { numeric: true });

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function customNumber(
  fields: Record<string, unknown> | null | undefined,
  key: string,
  allowZero = false,
) {
  const v = fields?.[key];
  return typeof v === 'number' && Number.isFinite(v) && (v > 0 || (allowZero && v === 0))
    ? v
    : undefined;
}

export function deviceRoleOf(slug: string): InventoryDevice['role'] | undefined {
  const s = slug.toLowerCase();
  if ((DEVICE_ROLES as readonly string[]).includes(s)) return s as InventoryDevice['role'];
  if (s.includes('pdu')) return 'pdu';
  if (s.includes('cdu')) return 'cdu';
  if (/switch|leaf|spine|router/.test(s)) return 'switch';
  if (s.includes('storage')) return 'storage';
  if (/manag|console|oob/.test(s)) return 'management';
  if (/server|compute|gpu|host|node/.test(s)) return 'server';
  return undefined;
}

/**
 * Read NetBox's DCIM lists into an inventory.
 *
 * @example
 * const { inventory, problems } = inventoryFromNetbox(JSON.parse(text));
 */
export function inventoryFromNetbox(json: unknown): NetboxImport {
  const problems: InventoryProblem[] = [];
  const problem = (path: readonly PropertyKey[], expected: string, found: string) =>
    problems.push({ path: jsonPath(path), expected, found });

  const list = <S extends z.ZodType>(
    endpoint: NetboxEndpoint,
    schema: S,
  ): Parsed<z.output<S>>[] => {
    const raw: unknown =
      json !== null && typeof json === 'object'
        ? (json as Record<string, unknown>)[endpoint]
        : undefined;
    let items: unknown[];
    let base: PropertyKey[];
    if (Array.isArray(raw)) {
      items = raw;
      base = [endpoint];
    } else if (
      raw !== null &&
      typeof raw === 'object' &&
      Array.isArray((raw as { results?: unknown }).results)
    ) {
      items = (raw as { results: unknown[] }).results;
      base = [endpoint, 'results'];
      const next = (raw as { next?: unknown }).next;
      if (typeof next === 'string' && next !== '')
        problem([endpoint, 'next'], 'every page of the list (next: null)', describeValue(next));
    } else {
      if (raw !== undefined || REQUIRED_ENDPOINTS.includes(endpoint))
        problem(
          [endpoint],
          'a list: { count, next, previous, results } or an array',
          describeValue(raw),
        );
      return [];
    }
    const out: Parsed<z.output<S>>[] = [];
    items.forEach((item, i) => {
      const parsed = schema.safeParse(item);
      if (parsed.success) out.push({ item: parsed.data, path: [...base, i] });
      else
        for (const issue of parsed.error.issues) {
          const path = [...base, i, ...issue.path];
          problem(path, issue.message, describeValue(valueAt(json, path)));
        }
    });
    return out;
  };

  if (json === null || typeof json !== 'object' || Array.isArray(json))
    problem(
      [],
      'an object of NetBox lists keyed by endpoint (sites, racks, devices, ...)',
      describeValue(json),
    );

  const nbSites = list('sites', NetboxSiteSchema);
  const nbLocations = list('locations', NetboxLocationSchema);
  const nbRacks = list('racks', NetboxRackSchema);
  const nbDevices = list('devices', NetboxDeviceSchema);
  const nbPanels = list('power-panels', NetboxPowerPanelSchema);
  const nbFeeds = list('power-feeds', NetboxPowerFeedSchema);
  const nbTypes = list('device-types', NetboxDeviceTypeSchema);
  const nbPorts = list('power-ports', NetboxPowerPortSchema);

  // Sites.
  const sites: InventorySite[] = nbSites.map(({ item }) => ({
    id: netboxId('sites', item.id),
    name: item.name,
    ...(item.region ? { region: item.region.slug } : {}),
  }));
  const siteIds = new Set(nbSites.map((s) => s.item.id));

  // Locations: top-level ones are halls, the others rows of their top ancestor.
  const locationById = new Map(nbLocations.map((l) => [l.item.id, l]));
  const topOf = (id: number): number => {
    const seen = new Set<number>();
    let cur = id;
    for (;;) {
      const parent = locationById.get(cur)?.item.parent?.id;
      if (parent === undefined || !locationById.has(parent) || seen.has(parent)) return cur;
      seen.add(cur);
      cur = parent;
    }
  };
  const halls = new Map<string, InventoryHall>();
  for (const { item, path } of nbLocations) {
    if (!siteIds.has(item.site.id)) {
      problem([...path, 'site', 'id'], 'the id of a site in the file', describeValue(item.site.id));
      continue;
    }
    const parent = item.parent?.id;
    if (parent !== undefined && !locationById.has(parent))
      problem([...path, 'parent', 'id'], 'the id of a location in the file', describeValue(parent));
    if (topOf(item.id) === item.id)
      halls.set(netboxId('locations', item.id), {
        id: netboxId('locations', item.id),
        siteId: netboxId('sites', item.site.id),
        name: item.name,
      });
  }
  const siteName = new Map(nbSites.map((s) => [s.item.id, s.item.name]));
  const hallFor = (location: number | undefined, site: number): string => {
    if (
      location !== undefined &&
      locationById.has(location) &&
      halls.has(netboxId('locations', topOf(location)))
    )
      return netboxId('locations', topOf(location));
    const id = siteHallId(site);
    if (!halls.has(id))
      halls.set(id, {
        id,
        siteId: netboxId('sites', site),
        name: siteName.get(site) ?? `site ${site}`,
      });
    return id;
  };

  // Feeds by rack, for the racks' limits; panels known.
  const panelIds = new Set(nbPanels.map((p) => p.item.id));
  const feedsOfRack = new Map<number, InventoryFeed[]>();
  const feeds: InventoryFeed[] = [];
  const rackIdsInFile = new Set(nbRacks.map((r) => r.item.id));
  for (const { item, path } of nbFeeds) {
    if (!panelIds.has(item.power_panel.id)) {
      problem(
        [...path, 'power_panel', 'id'],
        'the id of a power panel in the file',
        describeValue(item.power_panel.id),
      );
      continue;
    }
    const rack = item.rack?.id;
    if (rack !== undefined && !rackIdsInFile.has(rack))
      problem([...path, 'rack', 'id'], 'the id of a rack in the file', describeValue(rack));
    const derating =
      customNumber(item.custom_fields, 'aidc_derating') ?? item.max_utilization / 100;
    const feed: InventoryFeed = {
      id: netboxId('power-feeds', item.id),
      panelId: netboxId('power-panels', item.power_panel.id),
      rackId: rack !== undefined && rackIdsInFile.has(rack) ? netboxId('racks', rack) : null,
      name: item.name,
      side: item.type === 'redundant' ? 'B' : 'A',
      volts: Math.abs(item.voltage),
      amps: item.amperage,
      phases: item.phase === 'three-phase' ? 3 : 1,
      derating: Math.min(1, derating),
      powerFactor: Math.min(1, customNumber(item.custom_fields, 'aidc_power_factor') ?? 1),
    };
    feeds.push(feed);
    if (rack !== undefined) feedsOfRack.set(rack, [...(feedsOfRack.get(rack) ?? []), feed]);
  }

  // Devices' heights, power and roles (racks need the roles to infer theirs).
  const typeById = new Map(nbTypes.map((t) => [t.item.id, t.item]));
  const drawOf = new Map<number, number>();
  for (const { item } of nbPorts) {
    const w = item.allocated_draw ?? item.maximum_draw;
    if (w !== null && w !== undefined)
      drawOf.set(item.device.id, (drawOf.get(item.device.id) ?? 0) + w);
  }
  const racksKept = new Map<number, InventoryRack>();
  const rowsById = new Map<string, InventoryRow & { implicit: boolean }>();
  const racksByRow = new Map<string, Parsed<z.output<typeof NetboxRackSchema>>[]>();
  const deviceRoles = new Map<number, InventoryDevice['role'][]>();
  const mappedRole = (d: z.output<typeof NetboxDeviceSchema>) => {
    const slug = d.role?.slug ?? d.device_role?.slug;
    return slug === undefined ? undefined : deviceRoleOf(slug);
  };
  for (const { item } of nbDevices) {
    const role = mappedRole(item);
    if (item.rack && role)
      deviceRoles.set(item.rack.id, [...(deviceRoles.get(item.rack.id) ?? []), role]);
  }

  // Racks, and the rows they make.
  const limits = new Map<number, { power: number; cooling: number }>();
  for (const r of nbRacks) {
    const { item, path } = r;
    if (!siteIds.has(item.site.id)) {
      problem([...path, 'site', 'id'], 'the id of a site in the file', describeValue(item.site.id));
      continue;
    }
    const own = feedsOfRack.get(item.id) ?? [];
    const side = (s: 'A' | 'B') =>
      own.filter((f) => f.side === s).reduce((t, f) => t + feedCapacityKW(f), 0);
    const sides = [...new Set(own.map((f) => f.side))].map(side);
    const power =
      customNumber(item.custom_fields, 'aidc_power_limit_kw') ??
      (sides.length > 0 ? Math.min(...sides) : undefined);
    if (power === undefined || !(power > 0)) {
      problem(path, 'power feeds to the rack, or custom_fields.aidc_power_limit_kw', 'neither');
      continue;
    }
    limits.set(item.id, {
      power,
      cooling: customNumber(item.custom_fields, 'aidc_cooling_limit_kw') ?? power,
    });
    const location = item.location?.id;
    if (location !== undefined && !locationById.has(location))
      problem(
        [...path, 'location', 'id'],
        'the id of a location in the file',
        describeValue(location),
      );
    const hallId = hallFor(location, item.site.id);
    const inChild =
      location !== undefined && locationById.has(location) && topOf(location) !== location;
    const rowId = inChild ? netboxId('locations', location) : hallRowId(hallId);
    if (!rowsById.has(rowId))
      rowsById.set(rowId, {
        id: rowId,
        hallId,
        name: inChild
          ? (locationById.get(location)?.item.name ?? rowId)
          : (halls.get(hallId)?.name ?? rowId),
        index: 1,
        implicit: !inChild,
      });
    racksByRow.set(rowId, [...(racksByRow.get(rowId) ?? []), r]);
  }
  const rows: InventoryRow[] = [];
  for (const hall of halls.values()) {
    const own = [...rowsById.values()].filter((row) => row.hallId === hall.id);
    own.sort((a, b) => Number(b.implicit) - Number(a.implicit) || byName(a, b));
    own.forEach(({ implicit: _implicit, ...row }, i) => rows.push({ ...row, index: i + 1 }));
  }
  for (const row of rows) {
    const own = [...(racksByRow.get(row.id) ?? [])].sort((a, b) => byName(a.item, b.item));
    own.forEach(({ item }, i) => {
      const slug = item.role?.slug;
      const roles = deviceRoles.get(item.id) ?? [];
      const count = (x: string) => roles.filter((r) => r === x).length;
      const inferred =
        count('switch') > Math.max(count('server'), count('storage'))
          ? 'network'
          : count('storage') > count('server')
            ? 'storage'
            : 'compute';
      const limit = limits.get(item.id) ?? { power: 1, cooling: 1 };
      racksKept.set(item.id, {
        id: netboxId('racks', item.id),
        rowId: row.id,
        name: item.name,
        position: i + 1,
        role:
          slug !== undefined && (RACK_ROLES as readonly string[]).includes(slug)
            ? (slug as InventoryRack['role'])
            : inferred,
        units: item.u_height,
        powerLimitKW: limit.power,
        coolingLimitKW: limit.cooling,
      });
    });
  }
  // Feeds to a rack left out lose their rack.
  const keptFeeds = feeds.map((f) =>
    f.rackId !== null && ![...racksKept.values()].some((r) => r.id === f.rackId)
      ? { ...f, rackId: null }
      : f,
  );

  // Devices.
  const devices: InventoryDevice[] = [];
  for (const { item, path } of nbDevices) {
    const role = mappedRole(item);
    if (role === undefined) {
      problem(
        [...path, item.role ? 'role' : 'device_role', 'slug'],
        'a role aidc knows (server, switch, storage, pdu, cdu, management)',
        describeValue(item.role?.slug ?? item.device_role?.slug),
      );
      continue;
    }
    if (item.name === null)
      problem([...path, 'name'], 'a device name (the host name telemetry labels)', 'null');
    const rack = item.rack?.id;
    const placedRack = rack === undefined ? undefined : racksKept.get(rack);
    if (rack !== undefined && placedRack === undefined && !rackIdsInFile.has(rack))
      problem([...path, 'rack', 'id'], 'the id of a rack in the file', describeValue(rack));
    const type = item.device_type.id === undefined ? undefined : typeById.get(item.device_type.id);
    const height = customNumber(item.custom_fields, 'aidc_height_u') ?? type?.u_height;
    let position =
      placedRack && item.position !== null && item.position !== undefined ? item.position : null;
    if (position !== null && !Number.isInteger(position)) {
      problem([...path, 'position'], 'a whole rack unit', describeValue(position));
      position = Math.floor(position);
    }
    if (height === undefined && position !== null)
      problem(
        [...path, 'device_type'],
        'a device-types entry with u_height, or custom_fields.aidc_height_u',
        'neither',
      );
    const heightU = height === undefined || height <= 0 ? 1 : Math.ceil(height);
    const powerW = role === 'pdu' ? 0 : drawOf.get(item.id);
    const powerKW = customNumber(item.custom_fields, 'aidc_power_kw', true) ?? (powerW ?? 0) / 1000;
    if (
      powerKW === 0 &&
      role !== 'pdu' &&
      customNumber(item.custom_fields, 'aidc_power_kw', true) === undefined
    )
      problem(
        [...path],
        'power ports with allocated_draw or maximum_draw, or custom_fields.aidc_power_kw',
        'neither',
      );
    devices.push({
      id: netboxId('devices', item.id),
      name: item.name ?? `netbox-device-${item.id}`,
      role,
      model: item.device_type.model,
      rackId: placedRack?.id ?? null,
      position: height === 0 || (height !== undefined && height < 1) ? null : position,
      heightU,
      powerKW,
      serial:
        item.serial === undefined || item.serial === null || item.serial === ''
          ? null
          : item.serial,
    });
  }

  // Panels: a hall from the location, a path from the custom field or the feeds.
  const panels: InventoryPanel[] = [];
  for (const { item, path } of nbPanels) {
    if (!siteIds.has(item.site.id)) {
      problem([...path, 'site', 'id'], 'the id of a site in the file', describeValue(item.site.id));
      continue;
    }
    const id = netboxId('power-panels', item.id);
    const sides = keptFeeds.filter((f) => f.panelId === id).map((f) => f.side);
    const custom = item.custom_fields?.['aidc_path'];
    const path_: 'A' | 'B' =
      custom === 'A' || custom === 'B'
        ? custom
        : sides.length > 0
          ? sides.filter((s) => s === 'B').length > sides.length / 2
            ? 'B'
            : 'A'
          : /[-_ ]?B$/i.test(item.name)
            ? 'B'
            : 'A';
    panels.push({
      id,
      hallId: hallFor(item.location?.id, item.site.id),
      name: item.name,
      path: path_,
    });
  }
  const panelKept = new Set(panels.map((p) => p.id));

  const inventory: Inventory = {
    schemaVersion: 1,
    origin: { kind: 'netbox', detail: 'NetBox DCIM export' },
    sites,
    halls: [...halls.values()],
    rows,
    racks: [...racksKept.values()].sort((a, b) =>
      a.id.localeCompare(b.id, 'en', { numeric: true }),
    ),
    coolingLoops: [],
    devices,
    gpus: [],
    panels,
    feeds: keptFeeds.filter((f) => panelKept.has(f.panelId)),
    links: [],
  };
  for (const p of inventoryProblems(inventory))
    problems.push({ ...p, path: `inventory.${p.path}` });
  return { inventory, problems };
}

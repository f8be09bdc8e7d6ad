// An inventory as NetBox's DCIM lists, the shape inventoryFromNetbox reads: each list as the API's
// page `{ count, next: null, previous: null, results }`, choice fields as `{ value, label }`.
// Halls become top-level locations, rows child locations (a hall's implicit row puts its racks in
// the hall itself), and what NetBox has no field for goes in custom fields: racks'
// aidc_power_limit_kw and aidc_cooling_limit_kw, devices' aidc_power_kw (and aidc_height_u when
// it differs from its type), feeds' aidc_power_factor (and aidc_derating when it is not a whole
// percentage), panels' aidc_path. Ids come back as NetBox's own when the inventory came from
// NetBox, fresh otherwise. Not exported: cooling loops, GPUs, links, device fabric and tier.
import type { Inventory } from '@aidc/core';
import type { NetboxEndpoint, NetboxPage } from './netbox-file.js';
import { IdAllocator, hallRowId } from './netbox-ids.js';

export type NetboxExport = { readonly [E in NetboxEndpoint]: NetboxPage<Record<string, unknown>> };

const page = (results: Record<string, unknown>[]): NetboxPage<Record<string, unknown>> => ({
  count: results.length,
  next: null,
  previous: null,
  results,
});

const LABELS: Readonly<Record<string, string>> = {
  active: 'Active',
  primary: 'Primary',
  redundant: 'Redundant',
  ac: 'AC',
  'single-phase': 'Single phase',
  'three-phase': 'Three-phase',
  front: 'Front',
};
const choice = (value: string) => ({ value, label: LABELS[value] ?? value });
const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'unnamed';

/**
 * Write an inventory as NetBox DCIM lists.
 *
 * @example
 * JSON.stringify(inventoryToNetbox(inventory), null, 2)
 */
export function inventoryToNetbox(inventory: Inventory): NetboxExport {
  const siteIds = new IdAllocator(
    'sites',
    inventory.sites.map((s) => s.id),
  );
  // Halls and child-location rows share NetBox's location ids.
  const locationIds = new IdAllocator('locations', [
    ...inventory.halls.map((h) => h.id),
    ...inventory.rows.map((r) => r.id),
  ]);
  const rackIds = new IdAllocator(
    'racks',
    inventory.racks.map((r) => r.id),
  );
  const deviceIds = new IdAllocator(
    'devices',
    inventory.devices.map((d) => d.id),
  );
  const panelIds = new IdAllocator(
    'power-panels',
    inventory.panels.map((p) => p.id),
  );
  const feedIds = new IdAllocator(
    'power-feeds',
    inventory.feeds.map((f) => f.id),
  );

  const hallById = new Map(inventory.halls.map((h) => [h.id, h]));
  const rowById = new Map(inventory.rows.map((r) => [r.id, r]));
  // A site's implicit hall and a hall's implicit row have no NetBox location.
  const hallIsSite = (hallId: string) => /^netbox:sites:\d+\/hall$/.test(hallId);
  const rowIsHall = (rowId: string) => {
    const row = rowById.get(rowId);
    return row !== undefined && rowId === hallRowId(row.hallId);
  };
  const locationOfHall = (hallId: string) =>
    hallIsSite(hallId) ? null : { id: locationIds.of(hallId) };
  const siteOfHall = (hallId: string) => ({ id: siteIds.of(hallById.get(hallId)?.siteId ?? '') });

  const sites = inventory.sites.map((s) => ({
    id: siteIds.of(s.id),
    name: s.name,
    slug: slugify(s.name),
    region: s.region === undefined ? null : { name: s.region, slug: s.region },
  }));
  const locations: Record<string, unknown>[] = [];
  for (const h of inventory.halls) {
    if (hallIsSite(h.id)) continue;
    locations.push({
      id: locationIds.of(h.id),
      name: h.name,
      slug: slugify(h.name),
      site: { id: siteIds.of(h.siteId) },
      parent: null,
    });
  }
  for (const r of inventory.rows) {
    if (rowIsHall(r.id) || hallIsSite(r.hallId)) continue;
    locations.push({
      id: locationIds.of(r.id),
      name: r.name,
      slug: slugify(`${hallById.get(r.hallId)?.name ?? ''} ${r.name}`),
      site: siteOfHall(r.hallId),
      parent: { id: locationIds.of(r.hallId) },
    });
  }

  const rackById = new Map(inventory.racks.map((r) => [r.id, r]));
  const rackLocation = (rackId: string) => {
    const row = rowById.get(rackById.get(rackId)?.rowId ?? '');
    if (!row) return null;
    if (rowIsHall(row.id) || hallIsSite(row.hallId)) return locationOfHall(row.hallId);
    return { id: locationIds.of(row.id) };
  };
  const rackSite = (rackId: string) =>
    siteOfHall(rowById.get(rackById.get(rackId)?.rowId ?? '')?.hallId ?? '');
  const racks = inventory.racks.map((r) => ({
    id: rackIds.of(r.id),
    name: r.name,
    site: rackSite(r.id),
    location: rackLocation(r.id),
    status: choice('active'),
    role: { name: r.role, slug: r.role },
    u_height: r.units,
    custom_fields: {
      aidc_power_limit_kw: r.powerLimitKW,
      aidc_cooling_limit_kw: r.coolingLimitKW,
    },
  }));

  // Device types: one per model, with the first device's height.
  const types = new Map<string, { id: number; heightU: number }>();
  for (const d of inventory.devices)
    if (!types.has(d.model)) types.set(d.model, { id: types.size + 1, heightU: d.heightU });
  const deviceTypes = [...types.entries()].map(([model, t]) => ({
    id: t.id,
    model,
    slug: slugify(model),
    u_height: t.heightU,
    manufacturer: { name: 'Unknown', slug: 'unknown' },
  }));
  const devices = inventory.devices.map((d) => {
    const type = types.get(d.model);
    return {
      id: deviceIds.of(d.id),
      name: d.name,
      device_type: { id: type?.id, model: d.model, slug: slugify(d.model) },
      role: { name: d.role, slug: d.role },
      site:
        d.rackId === null ? { id: siteIds.of(inventory.sites[0]?.id ?? '') } : rackSite(d.rackId),
      rack: d.rackId === null ? null : { id: rackIds.of(d.rackId) },
      position: d.position,
      face: d.position === null ? null : choice('front'),
      serial: d.serial ?? '',
      status: choice('active'),
      custom_fields: {
        aidc_power_kw: d.powerKW,
        ...(type !== undefined && type.heightU !== d.heightU ? { aidc_height_u: d.heightU } : {}),
      },
    };
  });

  const panels = inventory.panels.map((p) => ({
    id: panelIds.of(p.id),
    name: p.name,
    site: siteOfHall(p.hallId),
    location: locationOfHall(p.hallId),
    custom_fields: { aidc_path: p.path },
  }));
  const feeds = inventory.feeds.map((f) => {
    const percent = f.derating * 100;
    const whole = Math.abs(percent - Math.round(percent)) < 1e-9;
    return {
      id: feedIds.of(f.id),
      name: f.name,
      power_panel: { id: panelIds.of(f.panelId) },
      rack: f.rackId === null ? null : { id: rackIds.of(f.rackId) },
      status: choice('active'),
      type: choice(f.side === 'A' ? 'primary' : 'redundant'),
      supply: choice('ac'),
      phase: choice(f.phases === 3 ? 'three-phase' : 'single-phase'),
      voltage: f.volts,
      amperage: f.amps,
      max_utilization: Math.max(1, Math.round(percent)),
      custom_fields: {
        aidc_power_factor: f.powerFactor,
        ...(whole ? {} : { aidc_derating: f.derating }),
      },
    };
  });

  return {
    sites: page(sites),
    locations: page(locations),
    racks: page(racks),
    devices: page(devices),
    'power-panels': page(panels),
    'power-feeds': page(feeds),
    'device-types': page(deviceTypes),
    'power-ports': page([]),
  };
}

// An inventory as the store keeps it, one thing per row with its parent, and back; and the
// checks an inventory must pass before it is written: unique ids, and every reference naming a
// thing that is there.
import {
  INVENTORY_ITEM_SCHEMAS,
  INVENTORY_KINDS,
  InventorySchema,
  type Inventory,
  type InventoryKind,
} from '@aidc/core';

export interface InventoryObject {
  readonly kind: InventoryKind;
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly doc: unknown;
}

/** The field of each kind that names its parent (what contains or feeds it). */
export const PARENT_FIELD: Readonly<Record<InventoryKind, string | null>> = {
  sites: null,
  halls: 'siteId',
  rows: 'hallId',
  racks: 'rowId',
  coolingLoops: 'hallId',
  devices: 'rackId',
  gpus: 'deviceId',
  panels: 'hallId',
  feeds: 'panelId',
  links: 'aDeviceId',
};

/** Every field that refers to another thing, and the kind it refers to. */
const REFERENCES: Readonly<Record<InventoryKind, readonly (readonly [string, InventoryKind])[]>> = {
  sites: [],
  halls: [['siteId', 'sites']],
  rows: [['hallId', 'halls']],
  racks: [
    ['rowId', 'rows'],
    ['coolingLoopId', 'coolingLoops'],
  ],
  coolingLoops: [['hallId', 'halls']],
  devices: [['rackId', 'racks']],
  gpus: [['deviceId', 'devices']],
  panels: [['hallId', 'halls']],
  feeds: [
    ['panelId', 'panels'],
    ['rackId', 'racks'],
  ],
  links: [
    ['aDeviceId', 'devices'],
    ['bDeviceId', 'devices'],
  ],
};

export function isInventoryKind(kind: string): kind is InventoryKind {
  return (INVENTORY_KINDS as readonly string[]).includes(kind);
}

function field(doc: unknown, name: string): unknown {
  return (doc as Record<string, unknown>)[name];
}

/** One thing as a row: its name (a GPU and a link have none: their id stands in) and parent. */
export function toObject(kind: InventoryKind, doc: { id: string }): InventoryObject {
  const parentField = PARENT_FIELD[kind];
  const parent = parentField === null ? null : field(doc, parentField);
  const name = field(doc, 'name');
  return {
    kind,
    id: doc.id,
    name: typeof name === 'string' ? name : doc.id,
    parentId: typeof parent === 'string' ? parent : null,
    doc,
  };
}

export function inventoryObjects(inventory: Inventory): InventoryObject[] {
  const out: InventoryObject[] = [];
  for (const kind of INVENTORY_KINDS)
    for (const doc of inventory[kind] as readonly { id: string }[]) out.push(toObject(kind, doc));
  return out;
}

/** The rows back as an inventory (in id order within each kind). */
export function inventoryFromObjects(
  objects: readonly { kind: string; doc: unknown }[],
  origin: Inventory['origin'],
): Inventory {
  const inventory: Record<string, unknown[]> = {};
  for (const kind of INVENTORY_KINDS) inventory[kind] = [];
  for (const o of objects) if (isInventoryKind(o.kind)) inventory[o.kind]?.push(o.doc);
  return {
    schemaVersion: 1,
    origin,
    ...(inventory as Omit<Inventory, 'schemaVersion' | 'origin'>),
  };
}

export interface InventoryProblem {
  readonly path: string;
  readonly expected: string;
  readonly found: string;
}

/**
 * What is wrong with an inventory: schema problems (with their paths), duplicate ids within a
 * kind, and references to things that are not there. Empty when it can be written.
 */
export function inventoryProblems(value: unknown, limit = 50): InventoryProblem[] {
  const parsed = InventorySchema.safeParse(value);
  if (!parsed.success)
    return parsed.error.issues.slice(0, limit).map((i) => ({
      path: i.path.join('.') || '(root)',
      expected: i.message,
      found: describe(
        i.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)?.[k as string], value),
      ),
    }));
  const inv = parsed.data;
  const problems: InventoryProblem[] = [];
  const ids = new Map<InventoryKind, Set<string>>();
  for (const kind of INVENTORY_KINDS) {
    const seen = new Set<string>();
    (inv[kind] as readonly { id: string }[]).forEach((thing, i) => {
      if (seen.has(thing.id))
        problems.push({
          path: `${kind}.${i}.id`,
          expected: 'an id not used before in ' + kind,
          found: thing.id,
        });
      seen.add(thing.id);
    });
    ids.set(kind, seen);
  }
  for (const kind of INVENTORY_KINDS)
    (inv[kind] as readonly Record<string, unknown>[]).forEach((thing, i) => {
      for (const [name, target] of REFERENCES[kind]) {
        const ref = thing[name];
        if (typeof ref === 'string' && !ids.get(target)?.has(ref))
          problems.push({
            path: `${kind}.${i}.${name}`,
            expected: `the id of one of the inventory's ${target}`,
            found: ref,
          });
      }
    });
  return problems.slice(0, limit);
}

/** What is wrong with one thing of a kind, against the schema and the things already stored. */
export function itemProblems(
  kind: InventoryKind,
  value: unknown,
  exists: (kind: InventoryKind, id: string) => boolean,
): InventoryProblem[] {
  const parsed = INVENTORY_ITEM_SCHEMAS[kind].safeParse(value);
  if (!parsed.success)
    return parsed.error.issues.map((i) => ({
      path: i.path.join('.') || '(root)',
      expected: i.message,
      found: describe(
        i.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)?.[k as string], value),
      ),
    }));
  const thing = parsed.data as Record<string, unknown>;
  const problems: InventoryProblem[] = [];
  for (const [name, target] of REFERENCES[kind]) {
    const ref = thing[name];
    if (typeof ref === 'string' && !exists(target, ref))
      problems.push({
        path: name,
        expected: `the id of one of the inventory's ${target}`,
        found: ref,
      });
  }
  return problems;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

// Inventory ids for NetBox objects, and back: `netbox:<endpoint>:<id>`, so an inventory imported
// from NetBox exports with NetBox's own ids. Hall and row ids NetBox has no object for:
// `netbox:sites:<site>/hall` (racks without a location), `<hall id>/row` (racks directly in a
// top-level location).
import type { NetboxEndpoint } from './netbox-file.js';

export const netboxId = (endpoint: NetboxEndpoint, id: number) => `netbox:${endpoint}:${id}`;
export const siteHallId = (siteId: number) => `netbox:sites:${siteId}/hall`;
export const hallRowId = (hallId: string) => `${hallId}/row`;

/** NetBox's id in an inventory id of that endpoint, if it is one. */
export function parseNetboxId(endpoint: NetboxEndpoint, id: string): number | undefined {
  const m = new RegExp(`^netbox:${endpoint}:(\\d+)$`).exec(id);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** Numbers for inventory ids: NetBox's own where the id carries one, fresh ones otherwise. */
export class IdAllocator {
  private readonly used = new Set<number>();
  private readonly given = new Map<string, number>();
  private next = 1;

  constructor(endpoint: NetboxEndpoint, ids: readonly string[]) {
    for (const id of ids) {
      const n = parseNetboxId(endpoint, id);
      if (n !== undefined && !this.used.has(n)) {
        this.used.add(n);
        this.given.set(id, n);
      }
    }
  }

  of(id: string): number {
    const known = this.given.get(id);
    if (known !== undefined) return known;
    while (this.used.has(this.next)) this.next += 1;
    const n = this.next;
    this.used.add(n);
    this.given.set(id, n);
    return n;
  }
}

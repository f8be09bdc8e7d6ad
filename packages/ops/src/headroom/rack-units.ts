// Free rack units: which units of a rack no placed device occupies, as contiguous runs.
import type { Inventory, InventoryRack } from '@aidc/core';

export interface FreeRun {
  /** The lowest free unit of the run (1-based). */
  readonly from: number;
  readonly units: number;
}

/**
 * The free contiguous runs of a rack, lowest first. A device at `position` with `heightU`
 * occupies units position … position + heightU − 1 (NetBox's convention); devices without a
 * position (zero-U PDUs, unplaced spares) occupy none. Faces are not told apart: a GPU server
 * is full depth.
 *
 * @example
 * freeRuns(inventory, rack) // [{ from: 17, units: 26 }]
 */
export function freeRuns(inventory: Inventory, rack: InventoryRack): FreeRun[] {
  const used = new Array<boolean>(rack.units + 1).fill(false);
  for (const d of inventory.devices) {
    if (d.rackId !== rack.id || d.position === null) continue;
    for (let u = d.position; u < d.position + d.heightU && u <= rack.units; u++) used[u] = true;
  }
  const runs: FreeRun[] = [];
  let start = 0;
  for (let u = 1; u <= rack.units + 1; u++) {
    const free = u <= rack.units && used[u] === false;
    if (free && start === 0) start = u;
    if (!free && start !== 0) {
      runs.push({ from: start, units: u - start });
      start = 0;
    }
  }
  return runs;
}

/** How many devices of `heightU` units fit in the runs. */
export function devicesFitting(runs: readonly FreeRun[], heightU: number): number {
  return runs.reduce((n, r) => n + Math.floor(r.units / heightU), 0);
}

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

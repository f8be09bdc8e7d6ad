// The plan's JSON Schema (draft 2020-12), generated from the zod schema whose type is the Plan
// type (interface.md §5). Committed as schemas/plan.schema.json; `aidc schema plan` prints it.
// Objects are closed (additionalProperties: false): a key the schema does not name is an error,
// so the schema describes exactly the plans of this aidc version (schemaVersion says which).
import { jsonSchemaDocument } from '../util/json-schema-document.js';
import { PlanSchema } from './plan.js';

export const PLAN_SCHEMA_ID = 'urn:aidc:schema:plan';

export function planJsonSchema(): Record<string, unknown> {
  return jsonSchemaDocument(PlanSchema, {
    io: 'output',
    id: PLAN_SCHEMA_ID,
    title: 'aidc plan',
    description:
      'A plan as `aidc plan FILE --json` prints it and planScenario returns it: workloads, cluster, facility, reliability, energy, carbon and cost. See interface.md and README.md.',
  });
}

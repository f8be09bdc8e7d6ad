// The scenario file's JSON Schema (draft 2020-12), generated from the zod schema that validates it,
// so an editor can complete and check scenario files (interface.md §5). Committed as
// schemas/scenario.schema.json; `aidc schema scenario` prints it.
import { jsonSchemaDocument } from '../util/json-schema-document.js';
import { ScenarioSchema } from './schema.js';

export const SCENARIO_SCHEMA_ID = 'urn:aidc:schema:scenario';

export function scenarioJsonSchema(): Record<string, unknown> {
  return jsonSchemaDocument(ScenarioSchema, {
    io: 'input',
    id: SCENARIO_SCHEMA_ID,
    title: 'aidc scenario',
    description:
      'A capacity-planning scenario for aidc: workloads (training runs, inference services), the cluster, the site, reliability and economics. See interface.md and README.md.',
  });
}

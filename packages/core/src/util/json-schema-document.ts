// A committed JSON Schema document (draft 2020-12) generated from a zod schema, with its id,
// title and description first (the scenario's and the plan's schemas).
import { z } from 'zod';

export function jsonSchemaDocument(
  schema: z.ZodType,
  doc: { io: 'input' | 'output'; id: string; title: string; description: string },
): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, {
    io: doc.io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  });
  return {
    $schema: generated.$schema,
    $id: doc.id,
    title: doc.title,
    description: doc.description,
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== '$schema')),
  };
}

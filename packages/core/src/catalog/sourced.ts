// A catalog figure with its source beside it (architecture rule 2).
import { z } from 'zod';

/** How a figure is known: a vendor datasheet, a paper, a measurement, a survey, a secondary
 *  report of one of those, or an engineering estimate. */
export const CONFIDENCE_KINDS = [
  'datasheet',
  'paper',
  'measured',
  'survey',
  'secondary',
  'estimate',
] as const;
export type Confidence = (typeof CONFIDENCE_KINDS)[number];

export interface Sourced<T> {
  readonly value: T;
  readonly source: string;
  readonly confidence?: Confidence;
}

/** Schema for `{ value, source, confidence? }` with a non-empty source. */
export function sourced<T extends z.ZodType>(value: T) {
  return z.strictObject({
    value,
    source: z.string().min(8),
    confidence: z.enum(CONFIDENCE_KINDS).optional(),
  });
}

/** Parse a bundled catalog file, failing loudly (this is a defect in aidc, not in user input). */
export function loadCatalog<T extends z.ZodType>(
  name: string,
  schema: T,
  data: unknown,
): z.output<T> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new Error(
      `catalog ${name} is invalid at ${first?.path.join('.') ?? '?'}: ${first?.message ?? ''}`,
    );
  }
  return result.data;
}

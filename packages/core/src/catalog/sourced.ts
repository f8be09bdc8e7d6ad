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

// Built once, when first needed, and shared by every sourced figure's schema (zod schemas are
// immutable): building them afresh for each of the catalogs' figures was a tenth of the CLI's
// start-up.
let shared: { source: z.ZodString; confidence: z.ZodOptional<z.ZodEnum<{ [K in Confidence]: K }>> };

/** Schema for `{ value, source, confidence? }` with a non-empty source. */
export function sourced<T extends z.ZodType>(value: T) {
  shared ??= { source: z.string().min(8), confidence: z.enum(CONFIDENCE_KINDS).optional() };
  return z.strictObject({ value, source: shared.source, confidence: shared.confidence });
}

interface RegisteredCatalog {
  readonly name: string;
  readonly schema: () => z.ZodType;
  readonly data: unknown;
}
const registered: RegisteredCatalog[] = [];

/**
 * A bundled catalog file as its schema's type. The bundled files are checked against their schemas
 * by the test suite (`validateCatalogs`), not at every start: parsing them all with zod took most of
 * the CLI's start-up, and building the schemas still took a fifth of it, so each catalog hands in
 * a function that builds its schema when the check runs. The schemas hold no defaults or
 * transforms, so the checked data is the output.
 */
export function loadCatalog<T extends z.ZodType>(
  name: string,
  schema: () => T,
  data: unknown,
): z.output<T> {
  registered.push({ name, schema, data });
  return data as z.output<T>;
}

/** Every bundled catalog against its schema: the problems found, empty when all are valid. */
export function validateCatalogs(): string[] {
  return registered.flatMap(({ name, schema, data }) => {
    const result = schema().safeParse(data);
    if (result.success) return [];
    return result.error.issues.map(
      (i) => `catalog ${name} is invalid at ${i.path.join('.') || '(root)'}: ${i.message}`,
    );
  });
}

/** A problem in a catalog: the key path inside it (`[0, 'hbmGB', 'source']`) and what is wrong. */
export interface CatalogIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** One catalog's data against that catalog's schema (a caller's own catalog, `extendCatalogs`):
 *  the problems found, none when it is valid. */
export function validateCatalogData(name: string, data: unknown): CatalogIssue[] {
  const entry = registered.find((r) => r.name === name);
  if (!entry) return [{ path: [], message: `no catalog named ${name}` }];
  const result = entry.schema().safeParse(data);
  if (result.success) return [];
  return result.error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: i.message,
  }));
}

/** How many catalogs are registered (a test checks they all were). */
export function registeredCatalogs(): readonly string[] {
  return registered.map((r) => r.name);
}

// A caller's own catalog entries as a file (`aidc plan --catalog my-catalog.yaml`): YAML or JSON
// with the bundled files' shapes under the keys of CatalogExtension, checked against the bundled
// schemas and for references that do not resolve, each problem with its line and key path.
import { LineCounter, parseDocument } from 'yaml';
import { closestMatches } from '../util/closest-matches.js';
import { yamlLocator, yamlSyntaxProblems } from '../util/yaml-offset.js';
import { describeValue, type ScenarioIssue } from '../scenario/issues.js';
import {
  BUILT_IN_CATALOGS,
  extendCatalogs,
  type CatalogExtension,
  type Catalogs,
} from './catalogs.js';

/** The keys a catalog file may have: the catalogs an extension can add to. */
export const CATALOG_FILE_KEYS = [
  'gpus',
  'servers',
  'fabrics',
  'models',
  'genericModels',
  'prices',
  'regions',
] as const;

/** Catalog files are small: a few accelerators, servers and price entries. */
const MAX_CATALOG_BYTES = 4_000_000;

export type CatalogFileResult =
  | { readonly ok: true; readonly catalogs: Catalogs }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/** `base` extended with a catalog file's entries, or every problem with where it is. */
export function parseCatalogFile(
  text: string,
  base: Catalogs = BUILT_IN_CATALOGS,
): CatalogFileResult {
  const top = { path: [], line: 1, column: 1 } as const;
  if (text.length > MAX_CATALOG_BYTES) {
    const message = `the catalog file is too large (${text.length} characters, at most ${MAX_CATALOG_BYTES})`;
    return { ok: false, issues: [{ code: 'invalid-value', message, ...top }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = yamlSyntaxProblems(doc.errors, lines, 'a catalog file a few levels deep');
    return { ok: false, issues: problems.map((p) => ({ code: 'syntax', path: [], ...p })) };
  }
  let input: unknown;
  try {
    input = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    const message = `YAML aliases expand too far: ${(error as Error).message}`;
    return { ok: false, issues: [{ code: 'syntax', message, ...top }] };
  }
  const { at } = yamlLocator(doc, lines);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    const issue: ScenarioIssue = {
      code: 'wrong-type',
      message: 'a catalog file is a mapping of catalogs',
      expected: `a mapping with any of ${CATALOG_FILE_KEYS.join(', ')}`,
      found: describeValue(input),
      ...top,
    };
    return { ok: false, issues: [issue] };
  }
  const unknown = Object.keys(input).filter(
    (k) => !(CATALOG_FILE_KEYS as readonly string[]).includes(k),
  );
  if (unknown.length > 0) {
    const issues = unknown.map((key): ScenarioIssue => {
      const near = closestMatches(key, CATALOG_FILE_KEYS);
      return {
        code: 'unknown-key',
        path: [key],
        message: `unknown catalog "${key}"`,
        expected: `one of ${CATALOG_FILE_KEYS.join(', ')}`,
        found: JSON.stringify(key),
        ...(near.length > 0 ? { hint: `did you mean "${near[0]}"?` } : {}),
        ...at([], key),
      };
    });
    return { ok: false, issues };
  }
  const extension = input as CatalogExtension;
  const extended = extendCatalogs(extension, base);
  if (extended.ok) return extended;
  const issues = extended.issues.map((i): ScenarioIssue => {
    const where = { path: i.path, message: i.message, ...at(i.path) };
    const dangling = /^no (GPU|server) "(.*)" in the catalogs$/.exec(i.message);
    if (!dangling) return { code: 'invalid-value', ...where };
    const list = dangling[1] === 'GPU' ? 'gpus' : 'servers';
    const near = closestMatches(dangling[2] ?? '', knownIds(base[list], extension[list]));
    return {
      code: 'unknown-catalog-id',
      ...where,
      ...(near.length > 0 ? { hint: `did you mean ${near.map((n) => `"${n}"`).join(', ')}?` } : {}),
    };
  });
  return { ok: false, issues };
}

/** The ids of a built-in list and of the file's own entries of it. */
function knownIds(base: readonly { id: string }[], own: readonly unknown[] | undefined): string[] {
  const ownIds = (own ?? []).flatMap((e) => {
    const id = (e as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? [id] : [];
  });
  return [...ownIds, ...base.map((e) => e.id)];
}

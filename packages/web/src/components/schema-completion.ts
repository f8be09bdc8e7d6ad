// Key completion in the YAML editor from the scenario's JSON Schema: the key path at the cursor
// is read from the indentation of the lines above, the schema is walked along it, and the
// properties there are offered with their descriptions.
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';

type Schema = {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  $defs?: Record<string, Schema>;
};

/** The keys from the document's top to the line at `lineNo` (1-based), by indentation. */
export function keyPathAt(lines: readonly string[], lineNo: number): string[] {
  const current = lines[lineNo - 1] ?? '';
  let indent = current.search(/\S|$/);
  if (/^\s*- /.test(current)) indent += 2;
  const path: string[] = [];
  for (let i = lineNo - 2; i >= 0 && indent > 0; i--) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const m = /^(\s*)(- )?([A-Za-z0-9_]+):/.exec(line);
    if (!m) continue;
    const keyIndent = (m[1]?.length ?? 0) + (m[2] ? 2 : 0);
    if (keyIndent < indent) {
      path.unshift(m[3] ?? '');
      indent = keyIndent;
    }
  }
  return path;
}

function resolve(root: Schema, s: Schema | undefined): Schema[] {
  if (!s) return [];
  if (s.$ref) {
    const name = s.$ref.replace(/^#\/\$defs\//, '');
    return resolve(root, root.$defs?.[name]);
  }
  const parts = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])];
  return parts.length > 0 ? [s, ...parts.flatMap((p) => resolve(root, p))] : [s];
}

/** The schemas that may hold the keys under `path`. */
export function schemasAt(root: Schema, path: readonly string[]): Schema[] {
  let here = resolve(root, root);
  for (const key of path) {
    const next: Schema[] = [];
    for (const s of here) {
      const child = s.properties?.[key];
      for (const c of resolve(root, child)) {
        next.push(c);
        if (c.items) next.push(...resolve(root, c.items));
      }
    }
    here = next;
  }
  return here;
}

export function schemaCompletion(schema: unknown) {
  const root = schema as Schema;
  return (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/[A-Za-z0-9_]*/);
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    if (!/^\s*(- )?[A-Za-z0-9_]*$/.test(before)) return null;
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const lines = context.state.doc.toString().split('\n');
    const path = keyPathAt(lines, line.number);
    const options = new Map<string, string>();
    for (const s of schemasAt(root, path))
      for (const [key, prop] of Object.entries(s.properties ?? {}))
        if (!options.has(key)) options.set(key, prop.description ?? '');
    if (options.size === 0) return null;
    return {
      from: word.from,
      options: [...options].map(([label, info]) => ({
        label,
        type: 'property',
        apply: `${label}: `,
        ...(info ? { info } : {}),
      })),
      validFor: /^[A-Za-z0-9_]*$/,
    };
  };
}

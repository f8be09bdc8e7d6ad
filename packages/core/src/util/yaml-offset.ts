// Where a key path points in a parsed YAML document: the offset of the deepest node the path
// reaches (of the key itself when `keyOf` names one), for messages that give a line and column.
import { isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export function yamlOffset(
  doc: { readonly contents: unknown },
  path: readonly (string | number)[],
  keyOf?: string,
): number | undefined {
  // Walk down as far as the path exists; report the deepest node found.
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  const steps = keyOf !== undefined ? [...path, keyOf] : path;
  for (const step of steps) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === step);
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step];
      if (item === undefined) break;
      keyNode = undefined;
      node = item;
    } else break;
  }
  const target = keyOf !== undefined && keyNode ? keyNode : ((node as Node | null) ?? keyNode);
  return target?.range?.[0];
}

/** Line and column of a key path in a parsed document (of the key itself with `keyOf`). */
export interface YamlLocator {
  at(path: readonly (string | number)[], keyOf?: string): { line?: number; column?: number };
}

/** The locator the scenario and catalog-file parsers give their problems' positions with. */
export function yamlLocator(doc: { readonly contents: unknown }, lines: LineCounter): YamlLocator {
  return {
    at(path, keyOf) {
      const offset = yamlOffset(doc, path, keyOf);
      if (offset === undefined) return {};
      const p = lines.linePos(offset);
      return { line: p.line, column: p.col };
    },
  };
}

/** A YAML syntax error as the scenario and rule parsers report it: what, and where. */
export interface YamlSyntaxProblem {
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The syntax errors of a parsed document, each at its line and column. The YAML parser recurses
 * per level: a document nested thousands deep exhausts the stack, which it reports in the
 * engine's words; that one is said as what it is.
 */
export function yamlSyntaxProblems(
  errors: readonly {
    readonly message: string;
    readonly code: string;
    readonly pos: readonly [number, number];
  }[],
  lines: { linePos(offset: number): { line: number; col: number } },
  /** What a file of this kind looks like, for the "nested too deeply" problem. */
  shallow = 'a file a few levels deep',
): YamlSyntaxProblem[] {
  return errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    const tooDeep = /Maximum call stack size exceeded/.test(e.message);
    return {
      message: tooDeep
        ? 'the file is nested too deeply to read'
        : `YAML syntax error: ${e.message.split('\n')[0] ?? e.code}`,
      ...(tooDeep
        ? {
            expected: shallow,
            found: 'lists or mappings nested thousands of levels deep',
          }
        : {}),
      line: pos.line,
      column: pos.col,
    };
  });
}

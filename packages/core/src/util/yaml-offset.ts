// Where a key path points in a parsed YAML document: the offset of the deepest node the path
// reaches (of the key itself when `keyOf` names one), for messages that give a line and column.
import { isMap, isScalar, isSeq, type Node } from 'yaml';

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

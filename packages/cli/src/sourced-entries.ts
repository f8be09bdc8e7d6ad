// Every catalog figure under an object: the `{ value, source }` leaves with their key paths.
export interface SourcedEntry {
  readonly path: string;
  readonly value: unknown;
  readonly source: string;
  /** When the figure was observed (prices). */
  readonly date?: string;
}

export function sourcedEntries(node: unknown, path = ''): SourcedEntry[] {
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const source = record['source'];
  if (typeof source === 'string' && 'value' in record) {
    const date = record['date'];
    return [
      { path, value: record['value'], source, ...(typeof date === 'string' ? { date } : {}) },
    ];
  }
  return Object.entries(record).flatMap(([k, v]) => sourcedEntries(v, path ? `${path}.${k}` : k));
}

// Every catalog figure under an object: the `{ value, source }` leaves with their key paths.
export interface SourcedEntry {
  readonly path: string;
  readonly value: unknown;
  readonly source: string;
  /** When the figure was observed (prices). */
  readonly date?: string;
  /** How it is known: datasheet, paper, measured, survey, secondary, estimate. */
  readonly confidence?: string;
}

/** A catalog value as a reader reads it: a number or text as is, a table of figures as
 *  `key value` pairs (`bf16 989, fp8 1979`), a list joined. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k} ${valueText(v)}`)
      .join(', ');
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return String(value);
}

export function sourcedEntries(node: unknown, path = ''): SourcedEntry[] {
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const source = record['source'];
  if (typeof source === 'string' && 'value' in record) {
    const date = record['date'];
    const confidence = record['confidence'];
    return [
      {
        path,
        value: record['value'],
        source,
        ...(typeof date === 'string' ? { date } : {}),
        ...(typeof confidence === 'string' ? { confidence } : {}),
      },
    ];
  }
  return Object.entries(record).flatMap(([k, v]) => sourcedEntries(v, path ? `${path}.${k}` : k));
}

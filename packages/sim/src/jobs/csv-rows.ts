// CSV rows of a trace by column name: the header's positions, each row's cells by name with its
// line, and whole-number cells, all errors a TraceError naming the line and column.
import { splitCsvLine } from './alibaba-openb.js';
import { TraceError } from './job.js';

/** Header positions of the named columns, or a TraceError on line 1 naming the missing one. */
export function columnIndex<C extends string>(
  headerLine: string,
  names: readonly C[],
): Record<C, number> {
  const header = splitCsvLine(headerLine).map((h) => h.trim());
  const out: Partial<Record<C, number>> = {};
  for (const name of names) {
    const i = header.indexOf(name);
    if (i < 0)
      throw new TraceError(
        1,
        name,
        `missing column (expected ${names.join(',')}; found ${header.join(',') || 'nothing'})`,
      );
    out[name] = i;
  }
  return out as Record<C, number>;
}

/**
 * Each data row of a CSV text with the named columns: `visit(cell, line)` gets a reader of the
 * row's trimmed cells by column and its 1-based line. Blank lines are skipped; a row whose field
 * count differs from the header's, or a header missing a column, is a TraceError.
 */
export function forEachCsvRow<C extends string>(
  text: string,
  names: readonly C[],
  visit: (cell: (c: C) => string, line: number) => void,
): void {
  const lines = text.split(/\r?\n/);
  const col = columnIndex<C>(lines[0] ?? '', names);
  const width = splitCsvLine(lines[0] ?? '').length;
  for (const [n, line] of lines.entries()) {
    if (n === 0 || line.trim() === '') continue;
    const cells = splitCsvLine(line);
    if (cells.length !== width)
      throw new TraceError(n + 1, 'row', `${cells.length} fields, the header has ${width}`);
    visit((c) => (cells[col[c]] ?? '').trim(), n + 1);
  }
}

/** A whole number of 0 or more from a cell, or a TraceError naming the line and column. */
export function wholeCell(s: string, line: number, column: string): number {
  const v = Number(s);
  if (s === '' || !Number.isInteger(v) || v < 0)
    throw new TraceError(line, column, `expected a whole number of 0 or more, found "${s}"`);
  return v;
}

/** A number of 0 or more from a cell, or a TraceError naming the line and column. */
export function numberCell(s: string, line: number, column: string): number {
  const v = Number(s);
  if (s === '' || !Number.isFinite(v) || v < 0)
    throw new TraceError(line, column, `expected a number of 0 or more, found "${s}"`);
  return v;
}

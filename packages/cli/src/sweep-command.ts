// `aidc sweep FILE --vary path=v1,v2 ...`: plan every combination and tabulate the key figures.
import { parse } from 'yaml';
import {
  expandGrid,
  formatIssue,
  parseScenario,
  parseVary,
  planScenario,
  sweepRow,
  varyPathProblem,
  withValue,
  type Vary,
} from '@aidc/core';
import { csvLine } from './humanise.js';

export type SweepCell = number | string | boolean;
export type SweepRow = Record<string, SweepCell>;

export interface SweepResult {
  readonly columns: readonly string[];
  readonly rows: readonly SweepRow[];
  readonly failures: number;
}

export type VaryParse = { ok: true; varies: Vary[] } | { ok: false; message: string };

export function parseVaries(specs: readonly string[]): VaryParse {
  const varies: Vary[] = [];
  for (const spec of specs) {
    const r = parseVary(spec);
    if (!r.ok) return r;
    varies.push(r.vary);
  }
  return { ok: true, varies };
}

/** A --vary path the scenario cannot take (a usage error, exit 2). */
export class VaryError extends Error {}

/**
 * Plan each variant of the scenario text. Invalid variants become rows with the first problem;
 * `onProgress(done, total)` is called after each plan.
 */
export function runSweep(
  text: string,
  varies: readonly Vary[],
  options: { monteCarlo?: boolean; onProgress?: (done: number, total: number) => void } = {},
): SweepResult {
  const base: unknown = parse(text);
  for (const v of varies) {
    const problem = varyPathProblem(base, v.path);
    if (problem) throw new VaryError(`--vary "${v.spec}": ${problem}`);
  }
  const grid = expandGrid(varies);
  const rows: SweepRow[] = [];
  let failures = 0;
  grid.forEach((values, n) => {
    let input = base;
    varies.forEach((v, i) => (input = withValue(input, v.path, values[i])));
    const row: SweepRow = {};
    varies.forEach((v, i) => (row[v.spec.slice(0, v.spec.indexOf('='))] = values[i] as SweepCell));
    const parsed = parseScenario(JSON.stringify(input));
    if (!parsed.ok) {
      failures++;
      const first = parsed.issues[0];
      const reason = first
        ? formatIssue(first, 'variant')
            .replace(/^variant(:\d+:\d+)?: /, '')
            .split('\n')
            .map((l) => l.trim())
            .join('; ')
        : 'invalid';
      rows.push({ ...row, feasible: false, reason });
    } else {
      const plan = planScenario(parsed.scenario, { monteCarlo: options.monteCarlo ?? false });
      if (!plan.feasible) failures++;
      rows.push({ ...row, ...sweepRow(plan) });
    }
    options.onProgress?.(n + 1, grid.length);
  });
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  return { columns, rows, failures };
}

const cellText = (c: SweepCell | undefined): string =>
  c === undefined
    ? ''
    : typeof c === 'number'
      ? Number.isInteger(c)
        ? String(c)
        : c.toPrecision(6)
      : String(c);

/** RFC 4180 CSV. */
export function sweepCsv(result: SweepResult): string {
  const lines = [csvLine(result.columns)];
  for (const r of result.rows) lines.push(csvLine(result.columns.map((c) => cellText(r[c]))));
  return lines.join('\n') + '\n';
}

/** An .xlsx workbook: one sheet of the results with a bold, frozen header row. */
export async function sweepXlsx(result: SweepResult, title: string): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'aidc';
  const sheet = book.addWorksheet('sweep', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = result.columns.map((c) => ({
    header: c,
    key: c,
    width: Math.max(10, c.length + 2),
  }));
  for (const r of result.rows) sheet.addRow(r);
  sheet.getRow(1).font = { bold: true };
  book.title = title;
  const buffer = await book.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}

/** A one-line progress bar for a terminal. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

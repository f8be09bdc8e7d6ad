// A grid of results (a sweep's rows, plans compared) as a file to download: CSV, or an .xlsx
// workbook written by ExcelJS, the library the CLI's `aidc sweep --xlsx` uses. ExcelJS's browser
// build is about 1 MB, so it is loaded only when a workbook is asked for (its own chunk).

export type Cell = string | number | boolean | null | undefined;
export interface Grid {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, Cell>[];
}

export function gridCsv(g: Grid): string {
  const cell = (v: Cell) => {
    const s = v === undefined || v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return (
    [
      g.columns.map(cell).join(','),
      ...g.rows.map((r) => g.columns.map((c) => cell(r[c])).join(',')),
    ].join('\n') + '\n'
  );
}

/** One sheet of the grid with a bold, frozen header row (numbers stay numbers). */
export async function gridXlsx(g: Grid, sheetName: string, title: string): Promise<Blob> {
  const mod = (await import('exceljs')) as unknown as {
    default?: typeof import('exceljs');
  } & typeof import('exceljs');
  const ExcelJS = mod.default ?? mod;
  const book = new ExcelJS.Workbook();
  book.creator = 'aidc';
  book.title = title;
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = g.columns.map((c) => ({ header: c, key: c, width: Math.max(10, c.length + 2) }));
  for (const r of g.rows) {
    const row: Record<string, string | number | boolean> = {};
    for (const c of g.columns) {
      const v = r[c];
      if (v !== undefined && v !== null) row[c] = v;
    }
    sheet.addRow(row);
  }
  sheet.getRow(1).font = { bold: true };
  const buffer = await book.xlsx.writeBuffer();
  return new Blob([buffer], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
}

export function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  const url = URL.createObjectURL(blob);
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

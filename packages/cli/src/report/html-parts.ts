// The pieces every aidc HTML page is made of: escaping, a chart figure, key-value and grid
// tables, and the page itself with its print-friendly style (no script, nothing loaded).

export const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export const figure = (name: string, svg: string, caption: string) =>
  `<figure class="chart" data-chart="${esc(name)}">${svg}<figcaption>${esc(caption)}</figcaption></figure>`;

export const kv = (rows: readonly [string, string][]) =>
  `<table class="kv">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;

export const grid = (header: readonly string[], rows: readonly (readonly string[])[]) =>
  `<table class="grid"><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:980px;padding:24px;color:#1d2330;line-height:1.45}
h1{font-size:1.6em;margin-bottom:0}h2{border-bottom:2px solid #2f6fb0;padding-bottom:4px;margin-top:2em}h3{margin-bottom:.4em}
.meta{color:#5a6272}table{border-collapse:collapse;margin:.6em 0;width:100%;table-layout:fixed}td,th{overflow-wrap:anywhere}th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #e3e6ec;font-size:.92em}
table.kv th{width:28%;color:#3c4454;font-weight:600}table.grid thead th{background:#f2f4f8}#sources table.grid th:nth-child(1){width:22%}#sources table.grid th:nth-child(2){width:20%}#sources table.grid th:nth-child(3){width:8%}#sources td{font-size:.8em}#sites th,#sites td{overflow-wrap:normal;white-space:nowrap;font-size:.85em}#sites th:first-child{width:20%}
#cash-flows table.grid th,#cash-flows table.grid td{font-size:.7em;padding:3px 3px;overflow-wrap:normal;white-space:nowrap}
figure.chart{margin:1em 0;break-inside:avoid}figure.chart svg{max-width:100%;height:auto}figcaption{color:#5a6272;font-size:.85em}
.warn{color:#a33}section{break-inside:auto}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}figure.chart{break-inside:avoid}}`;

/** The whole page: `body` is trusted HTML, `title` is escaped. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
${STYLE}
</style></head><body>
${body}
</body></html>
`;
}

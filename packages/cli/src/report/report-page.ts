// For the report tests: one HTML page opened in Chromium the way a reader opens it, with what a
// reader would notice going wrong collected: console errors and warnings, page errors, and any
// request that is not the file itself; then its charts, its sections and a screenshot.
import type { Browser } from 'playwright-core';

export interface OpenedReport {
  /** Each figure.chart: its name, the SVG shapes drawn and the SVG's width on the page. */
  readonly charts: readonly { name: string | null; shapes: number; width: number }[];
  /** How many of each section id the page has. */
  readonly sections: Readonly<Record<string, number>>;
  /** Console errors and warnings, page errors and network requests. */
  readonly problems: readonly string[];
}

/** Open `file` (a self-contained report), read its charts and `sections`, save a full-page
 *  screenshot beside it (.png) and close the page. */
export async function openReport(
  browser: Browser,
  file: string,
  sections: readonly string[],
): Promise<OpenedReport> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:'))
      problems.push(`request ${r.url()}`);
  });
  await page.goto(`file://${file}`);
  const charts = await page.$$eval('figure.chart', (figs) =>
    figs.map((f) => ({
      name: f.getAttribute('data-chart'),
      shapes: f.querySelectorAll('svg path, svg rect, svg text').length,
      width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
    })),
  );
  const counts: Record<string, number> = {};
  for (const id of sections) counts[id] = await page.locator(`section#${id}`).count();
  await page.screenshot({ path: file.replace(/\.html$/, '.png'), fullPage: true });
  await page.close();
  return { charts, sections: counts, problems };
}

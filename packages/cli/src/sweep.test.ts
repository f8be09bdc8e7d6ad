import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  expandGrid,
  gridValues,
  parseVaries,
  prepareSweep,
  runSweep,
  sweepColumns,
  type SweepRow,
} from '@aidc/core';
import {
  idleCores,
  jsonArrayRows,
  outputSink,
  progressBar,
  SWEEP_WORKER,
  sweepCsv,
  sweepXlsx,
} from './sweep-command.js';

const root = join(import.meta.dirname, '..', '..', '..');

const scenario = `name: sweep test
cluster: { gpu: h100-sxm-80gb, gpus: 64 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e11, seqLen: 4096, globalBatchTokens: 2e6 }
`;

function sweep(...specs: string[]) {
  const v = parseVaries(specs);
  if (!v.ok) throw new Error(v.message);
  return runSweep(scenario, v.varies);
}

describe('sweep', () => {
  it('plans every combination and reports the varied values with the figures', () => {
    const progress: number[] = [];
    const v = parseVaries(['cluster.gpus=64,128', 'workloads[0].precision=bf16,fp8']);
    if (!v.ok) throw new Error(v.message);
    const r = runSweep(scenario, v.varies, { onProgress: (d) => progress.push(d) });
    expect(r.rows).toHaveLength(4);
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(r.rows.map((x) => [x['cluster.gpus'], x['workloads[0].precision']])).toEqual([
      [64, 'bf16'],
      [64, 'fp8'],
      [128, 'bf16'],
      [128, 'fp8'],
    ]);
    for (const row of r.rows) expect(row['feasible']).toBe(true);
    // Twice the GPUs: about half the days.
    const days = (g: number) =>
      r.rows.find((x) => x['cluster.gpus'] === g && x['workloads[0].precision'] === 'bf16')?.[
        'idealDays'
      ] as number;
    expect(days(128) / days(64)).toBeGreaterThan(0.45);
    expect(days(128) / days(64)).toBeLessThan(0.6);
    expect(r.columns).toContain('tcoUsd');
  });

  it('an invalid variant becomes a row with its reason, not a crash', () => {
    const r = sweep('workloads[0].precision=bf16,fp6');
    expect(r.failures).toBe(1);
    expect(String(r.rows[1]?.['reason'])).toContain('workloads[0].precision');
  });

  it('bad --vary specifications are usage errors', () => {
    expect(parseVaries(['cluster.gpus']).ok).toBe(false);
    expect(parseVaries(['cluster gpus=1']).ok).toBe(false);
  });

  it('CSV quotes commas and quotes; .xlsx reads back with the same rows', async () => {
    const r = sweep('cluster.gpus=64,128');
    const csv = sweepCsv({ columns: ['a', 'b'], rows: [{ a: 'x,y', b: 'say "hi"' }], failures: 0 });
    expect(csv).toBe('a,b\n"x,y","say ""hi"""\n');
    const bytes = await sweepXlsx(r, 'test');
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer as ArrayBuffer);
    const sheet = book.getWorksheet('sweep');
    expect(sheet?.rowCount).toBe(3);
    expect(sheet?.getRow(1).getCell(1).value).toBe('cluster.gpus');
    expect(sheet?.getRow(3).getCell(1).value).toBe(128);
  });

  it('a progress bar', () => {
    expect(progressBar(5, 10, 10)).toBe('[#####.....] 5/10');
  });
});

describe('sweep over a path the file lacks', () => {
  it('exits 2 naming the path and what the file has, instead of padding with nulls', async () => {
    const { main, nodeIo } = await import('./main.js');
    const err: string[] = [];
    const code = await main(
      [
        'sweep',
        join(root, 'examples', 'llama3.1-8b-small.yaml'),
        '--vary',
        'workloads[5].precision=bf16,fp8',
      ],
      { ...nodeIo, out: () => {}, err: (t) => err.push(t) },
    );
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/workloads\[5\] does not exist: the file has 1 entry/);
  });
});

/** RFC 4180 fields of a CSV text: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  expect(quoted).toBe(false);
  expect(field).toBe(''); // the text ends with a line break
  return rows;
}

function scenarioFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'aidc-sweep-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, text);
  return file;
}

async function cli(args: string[]) {
  const { main, nodeIo } = await import('./main.js');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    ...nodeIo,
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  return { code, out: out.join(''), err: err.join('\n') };
}

describe('sweep grid order and streamed output', () => {
  const varies = [
    'cluster.gpus=64,128,256',
    'workloads[0].precision=bf16,fp6,fp8',
    'site.country=US,NO',
  ];

  it('computes each variant from its index in the order of expandGrid', () => {
    const v = parseVaries(varies);
    if (!v.ok) throw new Error(v.message);
    const grid = expandGrid(v.varies);
    expect(grid.map((_, i) => gridValues(v.varies, i))).toEqual(grid);
  });

  it('streams a valid CSV: the fixed header, one line per variant in grid order, no file left behind', async () => {
    const file = scenarioFile(scenario);
    const csvPath = join(file, '..', 'out.csv');
    const r = await cli([
      'sweep',
      file,
      ...varies.flatMap((v) => ['--vary', v]),
      '--jobs',
      '1',
      '--csv',
      csvPath,
    ]);
    expect(r.code).toBe(0);
    const v = parseVaries(varies);
    if (!v.ok) throw new Error(v.message);
    const sweep = prepareSweep(scenario, v.varies);
    const rows = parseCsv(readFileSync(csvPath, 'utf8'));
    expect(rows[0]).toEqual(sweepColumns(sweep));
    expect(rows).toHaveLength(1 + 18);
    for (const row of rows) expect(row).toHaveLength(rows[0]!.length);
    expect(rows.slice(1).map((row) => row.slice(0, 3))).toEqual(
      expandGrid(v.varies).map((values) => values.map(String)),
    );
    // The invalid precision is a row saying why; its reason, with commas and quotes, is one field.
    const fp6 = rows.slice(1).filter((row) => row[1] === 'fp6');
    expect(fp6).toHaveLength(6);
    for (const row of fp6)
      expect(row[rows[0]!.indexOf('reason')]).toContain('workloads[0].precision');
    expect(readdirSync(join(file, '..')).sort()).toEqual(['out.csv', 'scenario.yaml']);
  });

  it('the CSV header holds every figure a sweep reports, for training and inference', () => {
    const inference = readFileSync(
      join(root, 'examples', 'llama3.1-70b-chat-and-batch.yaml'),
      'utf8',
    );
    for (const [text, specs] of [
      [scenario, ['workloads[0].precision=bf16,fp6', 'cluster.gpus=64,7']],
      [inference, ['workloads[0].precision=bf16,fp8']],
    ] as const) {
      const v = parseVaries([...specs]);
      if (!v.ok) throw new Error(v.message);
      const columns = sweepColumns(prepareSweep(text, v.varies));
      for (const row of runSweep(text, v.varies).rows)
        for (const key of Object.keys(row)) expect(columns).toContain(key);
    }
  });

  it('streams --json as the same text as the whole array, and --jsonl a row a line', async () => {
    const v = parseVaries(varies);
    if (!v.ok) throw new Error(v.message);
    const rows = runSweep(scenario, v.varies).rows;
    let text = '';
    const sink = jsonArrayRows(outputSink((t) => (text += t)));
    for (const row of rows) sink.row(row);
    sink.end();
    expect(text).toBe(JSON.stringify(rows, null, 2) + '\n');
    let empty = '';
    jsonArrayRows(outputSink((t) => (empty += t))).end();
    expect(empty).toBe('[]\n');

    const file = scenarioFile(scenario);
    const r = await cli([
      'sweep',
      file,
      ...varies.flatMap((x) => ['--vary', x]),
      '--jobs',
      '1',
      '--jsonl',
    ]);
    expect(r.code).toBe(0);
    expect(
      r.out
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(rows);
  });

  it.each(['0', 'x', '1.5', '-2', '1000'])('--jobs %s is a usage error (exit 2)', async (jobs) => {
    const file = scenarioFile(scenario);
    const r = await cli(['sweep', file, '--vary', 'cluster.gpus=64', '--jobs', jobs]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--jobs "${jobs}": expected a whole number from 1 to 256`);
  });

  it('two formats on stdout are a usage error', async () => {
    const file = scenarioFile(scenario);
    const r = await cli(['sweep', file, '--vary', 'cluster.gpus=64', '--csv', '--json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('give one');
  });
});

describe('sweep on several threads', () => {
  // The workers run the built code, so the built code is compared with itself, in a plain Node
  // process; the workers start at once rather than when the sweep looks long enough.
  it('--jobs 2 and --jobs 3 give the rows of --jobs 1, in grid order', () => {
    const dist = join(SWEEP_WORKER, '..', '..', 'dist');
    expect(
      existsSync(join(dist, 'main.bundle.cjs')),
      `${dist} is not built: run npm run build`,
    ).toBe(true);
    const script = `
      const m = await import(${JSON.stringify(pathToFileURL(join(dist, 'sweep-command.js')).href)});
      const core = await import(${JSON.stringify(pathToFileURL(join(dist, '..', '..', 'core', 'dist', 'index.js')).href)});
      const v = core.parseVaries(['cluster.gpus=64,128,256,512', 'workloads[0].precision=bf16,fp6,fp8', 'site.country=US,NO']);
      const sweep = core.prepareSweep(${JSON.stringify(scenario)}, v.varies);
      const out = {};
      for (const jobs of [1, 2, 3]) {
        const rows = [];
        const progress = [];
        const r = await m.streamSweep(sweep, { jobs, workersAtOnce: true, onRow: (row, i) => rows.push([i, row]), onProgress: (d) => progress.push(d) });
        out[jobs] = { rows, progress, ...r };
      }
      process.stdout.write(JSON.stringify(out));`;
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
    ) as Record<
      string,
      { rows: [number, SweepRow][]; progress: number[]; plans: number; failures: number }
    >;
    const one = out['1']!;
    expect(one.rows.map(([i]) => i)).toEqual([...Array(24).keys()]);
    expect(one.failures).toBe(8);
    for (const jobs of ['2', '3']) {
      expect(out[jobs]!.rows).toEqual(one.rows);
      expect(out[jobs]!.failures).toBe(8);
      expect(out[jobs]!.progress).toEqual([...Array(24).keys()].map((i) => i + 1));
    }
  });
});

describe('sweep workers only on idle cores', () => {
  it('counts the cores the load average leaves idle, this thread included in the load', () => {
    expect(idleCores(0, 2)).toBe(1); // an idle machine: this thread and one worker
    expect(idleCores(1.1, 2)).toBe(1);
    expect(idleCores(1.6, 2)).toBe(0); // another process keeps the other core mostly busy
    expect(idleCores(5.4, 2)).toBe(0);
    expect(idleCores(2, 8)).toBe(6);
  });
});

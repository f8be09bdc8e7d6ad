import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVaries, progressBar, runSweep, sweepCsv, sweepXlsx } from './sweep-command.js';

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

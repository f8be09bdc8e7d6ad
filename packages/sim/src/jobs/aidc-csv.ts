// Reader for aidc's own job CSV, for a fleet's exported history (a Slurm `sacct` dump, a
// Kubernetes job log) written as one job per row: `id,submit_s,gpus,duration_s` and, optional,
// `gpu_milli` (a GPU share in thousandths, 1000 when absent), `checkpoint_interval_s`,
// `priority` and `team`. Submission times are seconds from the start of the simulation; rows
// may come in any order.
import { splitCsvLine } from './alibaba-openb.js';
import { columnIndex, numberCell, wholeCell } from './csv-rows.js';
import { TraceError, bySubmitTime, type JobSource, type SimJob } from './job.js';

const REQUIRED = ['id', 'submit_s', 'gpus', 'duration_s'] as const;
const OPTIONAL = ['gpu_milli', 'checkpoint_interval_s', 'priority', 'team'] as const;

export function readAidcCsv(text: string): JobSource {
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  const col = columnIndex(lines[0] ?? '', REQUIRED);
  const unknown = header.filter(
    (h) =>
      !(REQUIRED as readonly string[]).includes(h) && !(OPTIONAL as readonly string[]).includes(h),
  );
  const first = unknown[0];
  if (first !== undefined)
    throw new TraceError(
      1,
      first,
      `unknown column (the columns are ${[...REQUIRED, ...OPTIONAL].join(', ')})`,
    );
  const optional = (name: (typeof OPTIONAL)[number]) => header.indexOf(name);
  const milliAt = optional('gpu_milli');
  const tauAt = optional('checkpoint_interval_s');
  const priorityAt = optional('priority');
  const teamAt = optional('team');
  const jobs: SimJob[] = [];
  for (const [n, line] of lines.entries()) {
    if (n === 0 || line.trim() === '') continue;
    const lineNo = n + 1;
    const cells = splitCsvLine(line).map((c) => c.trim());
    if (cells.length !== header.length)
      throw new TraceError(
        lineNo,
        'row',
        `${cells.length} fields, the header has ${header.length}`,
      );
    const at = (i: number) => (i >= 0 ? (cells[i] ?? '') : '');
    const gpus = wholeCell(at(col.gpus), lineNo, 'gpus');
    if (gpus < 1) throw new TraceError(lineNo, 'gpus', 'a job needs at least 1 GPU');
    const milli = at(milliAt) === '' ? 1000 : wholeCell(at(milliAt), lineNo, 'gpu_milli');
    if (milli < 1 || milli > 1000)
      throw new TraceError(lineNo, 'gpu_milli', `expected 1 to 1000, found ${milli}`);
    if (gpus > 1 && milli !== 1000)
      throw new TraceError(lineNo, 'gpu_milli', `a ${gpus}-GPU job must take whole GPUs (1000)`);
    const tau = at(tauAt) === '' ? 0 : numberCell(at(tauAt), lineNo, 'checkpoint_interval_s');
    const priority = at(priorityAt) === '' ? 0 : wholeCell(at(priorityAt), lineNo, 'priority');
    const team = at(teamAt);
    const id = at(col.id);
    if (id === '') throw new TraceError(lineNo, 'id', 'a job needs an id');
    jobs.push({
      id,
      submitS: numberCell(at(col.submit_s), lineNo, 'submit_s'),
      gpus,
      gpuMilli: milli,
      durationS: numberCell(at(col.duration_s), lineNo, 'duration_s'),
      ...(tau > 0 ? { checkpointIntervalS: tau } : {}),
      ...(priority > 0 ? { priority } : {}),
      ...(team !== '' ? { team } : {}),
    });
  }
  if (jobs.length === 0) throw new TraceError(2, 'row', 'the file has no jobs');
  return { jobs: bySubmitTime(jobs), skipped: {} };
}

// Reader for the Alibaba openb pod list (cluster-trace-gpu-v2023, `openb_pod_list_*.csv`;
// columns per the trace's README: name, cpu_milli, memory_mib, num_gpu, gpu_milli, gpu_spec, qos,
// pod_phase, creation_time, deletion_time, scheduled_time, times in seconds). Published with
// Weng et al., "Beware of Fragmentation: Scheduling GPU-Sharing Workloads with Fragmentation
// Gradient Descent", USENIX ATC'23. A pod asks for num_gpu GPUs, each gpu_milli/1000 of a GPU
// (GPU sharing when below 1000); it runs from scheduled_time to deletion_time.
import { TraceError, bySubmitTime, type JobSource, type SimJob } from './job.js';

const REQUIRED = [
  'name',
  'num_gpu',
  'gpu_milli',
  'creation_time',
  'deletion_time',
  'scheduled_time',
] as const;

/** Split one CSV line (RFC 4180 quoting). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/**
 * Jobs from the text of an openb pod list. CPU-only pods (num_gpu 0) and pods never scheduled
 * (no scheduled_time: no run time is recorded) are skipped and counted. Submission times are
 * creation times, shifted so the first pod arrives at 0.
 */
export function readAlibabaOpenb(text: string): JobSource {
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  const col: Record<string, number> = {};
  for (const name of REQUIRED) {
    const i = header.indexOf(name);
    if (i < 0) throw new TraceError(1, name, `missing column (header: ${header.join(',')})`);
    col[name] = i;
  }
  const jobs: SimJob[] = [];
  let cpuOnly = 0;
  let neverScheduled = 0;
  let first = Infinity;
  const raw: { job: Omit<SimJob, 'submitS'>; createdS: number }[] = [];
  for (const [n, line] of lines.entries()) {
    if (n === 0) continue;
    if (line.trim() === '') continue;
    const cells = splitCsvLine(line);
    const lineNo = n + 1;
    if (cells.length !== header.length)
      throw new TraceError(
        lineNo,
        'row',
        `${cells.length} fields, the header has ${header.length}`,
      );
    const cell = (name: (typeof REQUIRED)[number]) => (cells[col[name] ?? -1] ?? '').trim();
    const num = (name: (typeof REQUIRED)[number]): number => {
      const s = cell(name);
      const v = Number(s);
      if (s === '' || !Number.isFinite(v) || v < 0)
        throw new TraceError(lineNo, name, `expected a number of 0 or more, found "${s}"`);
      return v;
    };
    const gpus = num('num_gpu');
    if (!Number.isInteger(gpus))
      throw new TraceError(lineNo, 'num_gpu', `expected whole GPUs, found ${gpus}`);
    const milli = num('gpu_milli');
    const created = num('creation_time');
    const deleted = num('deletion_time');
    const scheduled = cell('scheduled_time') === '' ? undefined : num('scheduled_time');
    if (gpus === 0) {
      cpuOnly++;
      continue;
    }
    if (milli <= 0 || milli > 1000)
      throw new TraceError(lineNo, 'gpu_milli', `expected 1 to 1000 for a GPU pod, found ${milli}`);
    if (gpus > 1 && milli !== 1000)
      throw new TraceError(
        lineNo,
        'gpu_milli',
        `a ${gpus}-GPU pod must take whole GPUs (1000), found ${milli}`,
      );
    if (scheduled === undefined) {
      neverScheduled++;
      continue;
    }
    if (deleted < scheduled)
      throw new TraceError(
        lineNo,
        'deletion_time',
        `${deleted} is before scheduled_time ${scheduled}`,
      );
    first = Math.min(first, created);
    raw.push({
      job: { id: cell('name'), gpus, gpuMilli: milli, durationS: deleted - scheduled },
      createdS: created,
    });
  }
  for (const r of raw) jobs.push({ ...r.job, submitS: r.createdS - first });
  return { jobs: bySubmitTime(jobs), skipped: { cpuOnly, neverScheduled } };
}

// Reader for Gavel's job traces (Narayanan et al., "Heterogeneity-Aware Cluster Scheduling
// Policies for Deep Learning Workloads", OSDI'20; stanford-futuredata/gavel scheduler/traces):
// one job per line, tab-separated: job_type, command, num_steps_arg, needs_data_dir, total_steps,
// arrival_time (s), scale_factor (GPUs); later traces add working_directory after command and
// mode, priority_weight, SLO at the end (11 fields). A job's run time is its total steps over
// its steps per second on the simulated GPU, which the trace does not carry: the caller gives a
// rate per job type (the full type, "ResNet-50 (batch size 128)", or its model, "ResNet-50").
import { TraceError, bySubmitTime, type JobSource, type SimJob } from './job.js';

export interface GavelOptions {
  readonly stepsPerSecond: Readonly<Record<string, number>>;
}

export function readGavelTrace(text: string, options: GavelOptions): JobSource {
  const lines = text.split(/\r?\n/);
  const jobs: SimJob[] = [];
  const missing = new Set<string>();
  for (const [n, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const lineNo = n + 1;
    const f = line.split('\t');
    if (f.length !== 7 && f.length !== 11)
      throw new TraceError(lineNo, 'row', `${f.length} tab-separated fields, expected 7 or 11`);
    const off = f.length === 11 ? 1 : 0;
    const jobType = (f[0] ?? '').trim();
    const number = (i: number, column: string, whole: boolean): number => {
      const s = (f[i] ?? '').trim();
      const v = Number(s);
      if (s === '' || !Number.isFinite(v) || v < 0 || (whole && !Number.isInteger(v)))
        throw new TraceError(
          lineNo,
          column,
          `expected ${whole ? 'a whole number' : 'a number'} of 0 or more, found "${s}"`,
        );
      return v;
    };
    const totalSteps = number(4 + off, 'total_steps', true);
    const arrival = number(5 + off, 'arrival_time', false);
    const gpus = number(6 + off, 'scale_factor', true);
    if (gpus < 1) throw new TraceError(lineNo, 'scale_factor', 'a job needs at least 1 GPU');
    const model = jobType.replace(/\s*\(.*\)\s*$/, '');
    const rate = options.stepsPerSecond[jobType] ?? options.stepsPerSecond[model];
    if (rate === undefined || !(rate > 0)) {
      missing.add(model);
      continue;
    }
    jobs.push({
      id: `gavel-${jobs.length + 1}`,
      submitS: arrival,
      gpus,
      gpuMilli: 1000,
      durationS: totalSteps / rate,
    });
  }
  if (missing.size > 0)
    throw new Error(
      `Gavel trace: no steps per second for ${[...missing].sort().join(', ')} (give stepsPerSecond for each job type)`,
    );
  return { jobs: bySubmitTime(jobs), skipped: {} };
}

// Reader for Pollux's workload traces (Qiao et al., "Pollux: Co-adaptive Cluster Scheduling for
// Goodput-Optimized Deep Learning", OSDI'21; petuum/adaptdl osdi21-artifact
// simulator/workloads/*.csv): `name,time,application,num_replicas,batch_size`, one job per row,
// submitted `time` seconds from the start on `num_replicas` GPUs (the fixed size the paper's
// non-adaptive baselines give it). The trace carries no run time: Pollux's simulator derives it
// from each application's measured throughput and convergence, so the caller gives a run time
// per application on the simulated GPU.
import { forEachCsvRow, numberCell, wholeCell } from './csv-rows.js';
import { TraceError, bySubmitTime, type JobSource, type SimJob } from './job.js';

const COLUMNS = ['name', 'time', 'application', 'num_replicas'] as const;

export interface PolluxOptions {
  /** Run time of each application's job, seconds, at its num_replicas GPUs. */
  readonly runSeconds: Readonly<Record<string, number>>;
}

export function readPolluxTrace(text: string, options: PolluxOptions): JobSource {
  const jobs: SimJob[] = [];
  const missing = new Set<string>();
  forEachCsvRow(text, COLUMNS, (cell, line) => {
    const gpus = wholeCell(cell('num_replicas'), line, 'num_replicas');
    if (gpus < 1) throw new TraceError(line, 'num_replicas', 'a job needs at least 1 GPU');
    const application = cell('application');
    const run = options.runSeconds[application];
    if (run === undefined || !(run > 0)) {
      missing.add(application);
      return;
    }
    jobs.push({
      id: cell('name'),
      submitS: numberCell(cell('time'), line, 'time'),
      gpus,
      gpuMilli: 1000,
      durationS: run,
    });
  });
  if (missing.size > 0)
    throw new Error(
      `Pollux trace: no run time for ${[...missing].sort().join(', ')} (give runSeconds for each application)`,
    );
  if (jobs.length === 0) throw new TraceError(2, 'row', 'the trace has no jobs');
  return { jobs: bySubmitTime(jobs), skipped: {} };
}

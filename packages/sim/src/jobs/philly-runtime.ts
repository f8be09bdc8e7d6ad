// Reader for Philly's run-time column (alibaba/clusterdata cluster-trace-gpu-v2020
// analysis/philly_runtime.csv: a `runtime` header, then one job's run time in seconds a line,
// 83,154 jobs of Microsoft's Philly cluster, Jeon et al., USENIX ATC'19, sorted by run time). It
// has no arrivals or sizes: a `philly-runtime` trace source draws those (Poisson arrivals at its
// arrivalsPerDay, sizes from its gpus pairs) and each job's run time from this list.
import { forEachCsvRow, numberCell } from './csv-rows.js';
import { TraceError } from './job.js';

/** The run times, hours, in the file's order. */
export function readPhillyRuntimes(text: string): number[] {
  const hours: number[] = [];
  forEachCsvRow(text, ['runtime'] as const, (cell, line) => {
    hours.push(numberCell(cell('runtime'), line, 'runtime') / 3600);
  });
  if (hours.length === 0) throw new TraceError(2, 'row', 'the file has no run times');
  return hours;
}

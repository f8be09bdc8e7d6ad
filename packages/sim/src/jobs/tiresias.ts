// Reader for the Tiresias simulator's traces (Gu et al., "Tiresias: A GPU Cluster Manager for
// Distributed Deep Learning", NSDI'19; SymbioticLab/Tiresias simulator/README.md): a job list
// `job_id,num_gpu,submit_time,iterations,model_name,duration,interval` (seconds from 0; the
// duration is the job's run time, the interval the gap to the next submission) and a cluster
// spec `num_switch,num_node_p_switch,num_gpu_p_node,num_cpu_p_node,mem_p_node`, its nodes under
// switches as aidc's servers under leaf groups.
import type { ClusterShape } from '../cluster/cluster.js';
import { forEachCsvRow, numberCell, wholeCell } from './csv-rows.js';
import { TraceError, bySubmitTime, type JobSource, type SimJob } from './job.js';

const JOB_COLUMNS = ['job_id', 'num_gpu', 'submit_time', 'model_name', 'duration'] as const;

export function readTiresiasTrace(text: string): JobSource {
  const jobs: SimJob[] = [];
  forEachCsvRow(text, JOB_COLUMNS, (cell, line) => {
    const gpus = wholeCell(cell('num_gpu'), line, 'num_gpu');
    if (gpus < 1) throw new TraceError(line, 'num_gpu', 'a job needs at least 1 GPU');
    jobs.push({
      id: `tiresias-${cell('job_id')}`,
      submitS: numberCell(cell('submit_time'), line, 'submit_time'),
      gpus,
      gpuMilli: 1000,
      durationS: numberCell(cell('duration'), line, 'duration'),
    });
  });
  if (jobs.length === 0) throw new TraceError(2, 'row', 'the trace has no jobs');
  return { jobs: bySubmitTime(jobs), skipped: {} };
}

const SPEC_COLUMNS = ['num_switch', 'num_node_p_switch', 'num_gpu_p_node'] as const;

/**
 * The cluster of a Tiresias spec (its first row) with GPUs of the given type: one server per node,
 * one leaf group and one rack per switch.
 */
export function readTiresiasClusterSpec(text: string, gpu: string): ClusterShape {
  let shape: ClusterShape | undefined;
  forEachCsvRow(text, SPEC_COLUMNS, (cell, line) => {
    if (shape) return;
    const whole = (c: (typeof SPEC_COLUMNS)[number]) => {
      const v = wholeCell(cell(c), line, c);
      if (v < 1) throw new TraceError(line, c, 'expected at least 1');
      return v;
    };
    const switches = whole('num_switch');
    const nodes = whole('num_node_p_switch');
    shape = {
      gpu,
      servers: switches * nodes,
      gpusPerServer: whole('num_gpu_p_node'),
      serversPerDomain: 1,
      serversPerLeafGroup: nodes,
      serversPerRack: nodes,
    };
  });
  if (!shape) throw new TraceError(2, 'row', 'the cluster spec has no row');
  return shape;
}

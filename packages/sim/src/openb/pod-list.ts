// The openb pod list with every resource a pod asks for (cluster-trace-gpu-v2023
// `openb_pod_list_*.csv`, columns per the trace's README): CPU, memory, whole GPUs or a share of
// one (gpu_milli), the GPU models it may run on (gpu_spec, `|`-separated, empty = any) and its
// recorded times. The packing experiment and the time replay read this; `readAlibabaOpenb`
// keeps only what the generic simulator needs.
import { TraceError } from '../jobs/job.js';
import { forEachCsvRow, wholeCell } from '../jobs/csv-rows.js';

export interface OpenbPod {
  readonly name: string;
  readonly cpuMilli: number;
  readonly memoryMib: number;
  /** Whole GPUs, or 1 with gpuMilli below 1000 for a GPU-sharing pod; 0 for a CPU-only pod. */
  readonly gpus: number;
  /** Thousandths of each GPU (0 for a CPU-only pod). */
  readonly gpuMilli: number;
  /** GPU models the pod may run on; empty: any. */
  readonly gpuModels: readonly string[];
  readonly creationS: number;
  readonly deletionS: number;
  /** When the trace's scheduler bound the pod; absent: never scheduled. */
  readonly scheduledS?: number;
}

const COLUMNS = [
  'name',
  'cpu_milli',
  'memory_mib',
  'num_gpu',
  'gpu_milli',
  'gpu_spec',
  'creation_time',
  'deletion_time',
  'scheduled_time',
] as const;
type Column = (typeof COLUMNS)[number];

export function readOpenbPodList(text: string): OpenbPod[] {
  const pods: OpenbPod[] = [];
  forEachCsvRow<Column>(text, COLUMNS, (cell, lineNo) => {
    const whole = (c: Column) => wholeCell(cell(c), lineNo, c);
    const gpus = whole('num_gpu');
    const gpuMilli = whole('gpu_milli');
    if (gpus === 0 && gpuMilli !== 0)
      throw new TraceError(lineNo, 'gpu_milli', `a pod with no GPU asks for ${gpuMilli}`);
    if (gpus > 0 && (gpuMilli < 1 || gpuMilli > 1000))
      throw new TraceError(
        lineNo,
        'gpu_milli',
        `expected 1 to 1000 for a GPU pod, found ${gpuMilli}`,
      );
    if (gpus > 1 && gpuMilli !== 1000)
      throw new TraceError(
        lineNo,
        'gpu_milli',
        `a ${gpus}-GPU pod must take whole GPUs (1000), found ${gpuMilli}`,
      );
    const creationS = whole('creation_time');
    const deletionS = whole('deletion_time');
    const scheduled = cell('scheduled_time');
    const scheduledS = scheduled === '' ? undefined : whole('scheduled_time');
    if (scheduledS !== undefined && scheduledS < creationS)
      throw new TraceError(
        lineNo,
        'scheduled_time',
        `${scheduledS} is before creation_time ${creationS}`,
      );
    if (deletionS < (scheduledS ?? creationS))
      throw new TraceError(
        lineNo,
        'deletion_time',
        `${deletionS} is before ${scheduledS === undefined ? 'creation_time' : 'scheduled_time'} ${scheduledS ?? creationS}`,
      );
    const spec = cell('gpu_spec');
    pods.push({
      name: cell('name'),
      cpuMilli: whole('cpu_milli'),
      memoryMib: whole('memory_mib'),
      gpus,
      gpuMilli,
      gpuModels: spec === '' ? [] : spec.split('|').map((m) => m.trim()),
      creationS,
      deletionS,
      ...(scheduledS === undefined ? {} : { scheduledS }),
    });
  });
  return pods;
}

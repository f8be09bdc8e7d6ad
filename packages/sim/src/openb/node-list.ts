// Reader for the Alibaba openb node list (cluster-trace-gpu-v2023, `openb_node_list_*.csv`:
// sn, cpu_milli, memory_mib, gpu, model; per the trace's README). The GPU node list is the
// cluster of Weng et al., "Beware of Fragmentation", USENIX ATC'23: 1,213 nodes, 6,212 GPUs of
// several models (P100, T4, V100M16, V100M32, A10 and the undisclosed G1-G3), so nodes differ.
import { forEachCsvRow, wholeCell } from '../jobs/csv-rows.js';
import { TraceError } from '../jobs/job.js';

export interface OpenbNode {
  readonly name: string;
  readonly cpuMilli: number;
  readonly memoryMib: number;
  /** GPUs on the node (0 for a CPU-only node). */
  readonly gpus: number;
  /** GPU model; empty on a CPU-only node. */
  readonly model: string;
}

const COLUMNS = ['sn', 'cpu_milli', 'memory_mib', 'gpu', 'model'] as const;
type Column = (typeof COLUMNS)[number];

export function readOpenbNodeList(text: string): OpenbNode[] {
  const nodes: OpenbNode[] = [];
  forEachCsvRow<Column>(text, COLUMNS, (cell, lineNo) => {
    const gpus = wholeCell(cell('gpu'), lineNo, 'gpu');
    const model = cell('model');
    if (gpus > 0 && model === '')
      throw new TraceError(lineNo, 'model', `a node with ${gpus} GPUs needs a GPU model`);
    const cpuMilli = wholeCell(cell('cpu_milli'), lineNo, 'cpu_milli');
    if (cpuMilli === 0) throw new TraceError(lineNo, 'cpu_milli', 'a node needs CPUs, found 0');
    nodes.push({
      name: cell('sn'),
      cpuMilli,
      memoryMib: wholeCell(cell('memory_mib'), lineNo, 'memory_mib'),
      gpus,
      model: gpus > 0 ? model : '',
    });
  });
  if (nodes.length === 0) throw new TraceError(2, 'row', 'the node list has no nodes');
  return nodes;
}

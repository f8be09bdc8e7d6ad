// Reader for the Alibaba openb node list (cluster-trace-gpu-v2023, `openb_node_list_*.csv`:
// sn, cpu_milli, memory_mib, gpu, model; per the trace's README). The GPU node list is the
// cluster of Weng et al., "Beware of Fragmentation", USENIX ATC'23: 1,213 nodes, 6,212 GPUs of
// several models (P100, T4, V100M16, V100M32, A10 and the undisclosed G1-G3), so nodes differ.
import { splitCsvLine } from '../jobs/alibaba-openb.js';
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

/** Header positions of the named columns, or a TraceError on line 1 naming the missing one. */
export function columnIndex<C extends string>(
  headerLine: string,
  names: readonly C[],
): Record<C, number> {
  const header = splitCsvLine(headerLine).map((h) => h.trim());
  const out: Partial<Record<C, number>> = {};
  for (const name of names) {
    const i = header.indexOf(name);
    if (i < 0)
      throw new TraceError(
        1,
        name,
        `missing column (expected ${names.join(',')}; found ${header.join(',') || 'nothing'})`,
      );
    out[name] = i;
  }
  return out as Record<C, number>;
}

/**
 * Each data row of a CSV text with the named columns: `visit(cell, line)` gets a reader of the
 * row's trimmed cells by column and its 1-based line. Blank lines are skipped; a row whose field
 * count differs from the header's, or a header missing a column, is a TraceError.
 */
export function forEachCsvRow<C extends string>(
  text: string,
  names: readonly C[],
  visit: (cell: (c: C) => string, line: number) => void,
): void {
  const lines = text.split(/\r?\n/);
  const col = columnIndex<C>(lines[0] ?? '', names);
  const width = splitCsvLine(lines[0] ?? '').length;
  for (const [n, line] of lines.entries()) {
    if (n === 0 || line.trim() === '') continue;
    const cells = splitCsvLine(line);
    if (cells.length !== width)
      throw new TraceError(n + 1, 'row', `${cells.length} fields, the header has ${width}`);
    visit((c) => (cells[col[c]] ?? '').trim(), n + 1);
  }
}

/** A whole number of 0 or more from a cell, or a TraceError naming the line and column. */
export function wholeCell(s: string, line: number, column: string): number {
  const v = Number(s);
  if (s === '' || !Number.isInteger(v) || v < 0)
    throw new TraceError(line, column, `expected a whole number of 0 or more, found "${s}"`);
  return v;
}

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

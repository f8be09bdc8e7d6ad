// Numbers for people: 1.23M, 45.6k, and RFC 4180 CSV cells.

/** Compact magnitude: 1.23B, 4.56M, 78.9k, else `digits` decimals; `space` puts a gap before the suffix. */
export function compact(x: number, digits = 1, space = false): string {
  const gap = space ? ' ' : '';
  const abs = Math.abs(x);
  if (abs >= 1e9) return `${(x / 1e9).toFixed(2)}${gap}B`;
  if (abs >= 1e6) return `${(x / 1e6).toFixed(2)}${gap}M`;
  if (abs >= 1e4) return `${(x / 1e3).toFixed(1)}${gap}k`;
  return x.toFixed(digits);
}

/** One CSV cell, quoted when it holds a comma, quote or newline. */
export function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

/** A count with its noun, plural unless one: "1 server", "2 tiers". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Failure causes in a reader's words (the Llama 3 paper's Table 5 categories). */
const CAUSE_LABELS: Record<string, string> = {
  gpu: 'GPU',
  hbm: 'GPU HBM',
  gpuSram: 'GPU SRAM',
  gpuSystemProcessor: 'GPU system processor',
  nic: 'network card',
  networkSwitchCable: 'network switch or cable',
  host: 'host (CPU, memory, disk)',
  software: 'software',
};

export function causeLabel(cause: string): string {
  return CAUSE_LABELS[cause] ?? cause;
}

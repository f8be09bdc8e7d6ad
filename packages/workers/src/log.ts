// Log lines of a worker: one JSON object a line on stderr, the same shape as the service's.
export interface LogLine {
  readonly at: string;
  readonly level: 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly [key: string]: unknown;
}

export type Logger = (line: LogLine) => void;

export const stderrLogger: Logger = (line) => process.stderr.write(JSON.stringify(line) + '\n');

export const silentLogger: Logger = () => {};

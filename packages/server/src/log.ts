// Request logging: one JSON line per request, with what an operator needs (method, route,
// status, time, user, request id) and nothing secret: no headers, cookies, bodies or queries.
export interface LogLine {
  readonly at: string;
  readonly level: 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly [key: string]: unknown;
}

export type Logger = (line: LogLine) => void;

export const stderrLogger: Logger = (line) => process.stderr.write(JSON.stringify(line) + '\n');

export const silentLogger: Logger = () => {};

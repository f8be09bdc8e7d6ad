// For the CLI's tests: the real file system, with what the command writes to stdout and stderr
// captured (no colour).
import { nodeIo } from './main.js';
import type { Io } from './io.js';

export function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    ...nodeIo,
    color: false,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    stdout,
    stderr,
  } as Io & { stdout: string[]; stderr: string[] };
}

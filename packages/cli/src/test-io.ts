// For the CLI's tests: the real file system, with what the command writes to stdout and stderr
// captured (no colour).
import { main, nodeIo } from './main.js';
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

/** `aidc ARGS` in this process: its exit code and what it printed on stdout and stderr. */
export async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { ...nodeIo, out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

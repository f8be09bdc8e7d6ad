// Files the CLI writes so that an acknowledged write survives a crash: into a temporary file
// beside the target, flushed to disk and renamed over it, so the file is the old one or the whole
// new one. A device or pipe (/dev/stdout, a FIFO) is written straight to.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFailure } from './io.js';

/** Where streamed text goes: written in chunks, finished by `close` (or dropped by `abort`). */
export interface TextSink {
  write(text: string): void;
  close(): void;
  abort(): void;
}

export interface FileSink extends TextSink {
  writeBytes(bytes: Uint8Array): void;
}

/** Pieces are gathered up to this many characters before a write. */
export const CHUNK = 64 * 1024;

/**
 * A file written as the rows come: into a temporary file beside it, flushed to disk and renamed
 * over the target on `close`, so that the file is either the old one or the whole new one. A
 * device or pipe (/dev/stdout, a FIFO) is written straight to.
 */
export function fileSink(path: string): FileSink {
  let target: ReturnType<typeof statSync> | undefined;
  try {
    target = statSync(path);
  } catch {
    target = undefined;
  }
  if (target?.isDirectory())
    throw writeFailure(path, Object.assign(new Error(), { code: 'EISDIR' }));
  const direct = target !== undefined && !target.isFile();
  const temp = direct ? path : join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (error) {
    throw writeFailure(path, error);
  }
  let buffer = '';
  let open = true;
  const flush = () => {
    if (buffer !== '') writeSync(fd, Buffer.from(buffer, 'utf8'));
    buffer = '';
  };
  const abort = () => {
    if (!open) return;
    open = false;
    buffer = '';
    try {
      closeSync(fd);
    } catch {
      // already failing: the write error is the one reported
    }
    if (!direct) rmSync(temp, { force: true });
  };
  const guard = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      abort();
      throw writeFailure(path, error);
    }
  };
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= CHUNK) guard(flush);
    },
    writeBytes(bytes) {
      guard(() => {
        flush();
        writeSync(fd, bytes);
      });
    },
    close() {
      if (!open) return;
      guard(() => {
        flush();
        if (!direct) fsyncSync(fd);
        closeSync(fd);
        open = false;
        if (!direct) renameSync(temp, path);
      });
    },
    abort,
  };
}

/** A whole file at once, durably (plan JSON, HTML report, workbook). */
export function writeDurably(path: string, data: string | Uint8Array): void {
  const sink = fileSink(path);
  if (typeof data === 'string') sink.write(data);
  else sink.writeBytes(data);
  sink.close();
}

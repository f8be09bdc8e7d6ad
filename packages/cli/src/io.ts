// Where the CLI writes: stdout for results (JSON when asked), stderr for human messages.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
  writeFile(path: string, text: string | Uint8Array): void;
  /** Transient progress on an interactive terminal (stderr); absent when not a TTY. */
  progress?: (text: string) => void;
  /** ANSI colour allowed (a terminal without NO_COLOR). */
  color?: boolean;
}

/** A file the CLI was asked to write could not be written: exit 2 with the reason. */
export class WriteError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
  }
}

/** The reason a write failed, in words, with what to do. */
export function writeFailure(path: string, error: unknown): WriteError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'its folder does not exist (create it first)'
      : code === 'EISDIR'
        ? 'it is a folder (give a file name)'
        : code === 'ENOSPC'
          ? 'the disk is full'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code === 'ENOTDIR'
              ? 'a part of the path is a file, not a folder'
              : (error as Error).message;
  return new WriteError(path, reason);
}

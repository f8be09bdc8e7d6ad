// What the workers' tests share: the built `aidc` (as users run it), started as workers on the
// real Redis under a key prefix of their own, and the clean-up of that prefix afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

export const BIN = fileURLToPath(new URL('../../cli/bin/aidc.js', import.meta.url));
export const REDIS = process.env['AIDC_TEST_REDIS'] ?? 'redis://127.0.0.1:6379';
export const SMALL = readFileSync(
  new URL('../../../examples/llama3.1-8b-small.yaml', import.meta.url),
  'utf8',
);

/** 2,000 variants of the small example (400 of them infeasible: 40 GPUs divide no batch). */
export const VARY_2000 = [
  'cluster.gpus=16,40,64,128,256',
  `workloads[0].tokens=${Array.from({ length: 20 }, (_, i) => `${i + 1}e12`).join(',')}`,
  'site.country=US,NO,IE,DE',
  'workloads[0].seqLen=2048,4096,8192,16384,32768',
];

/** A key prefix no other test run uses. */
export const testPrefix = (): string => `aidc-test-${randomUUID().slice(0, 8)}`;

export interface SpawnedWorker {
  readonly child: ChildProcess;
  /** The worker's name on the queue (host:pid). */
  readonly name: string;
  readonly metricsUrl: string | undefined;
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  readonly exited: Promise<number | string>;
}

/** `aidc worker …` started; resolves once it says it is ready. */
export function spawnWorker(args: readonly string[]): Promise<SpawnedWorker> {
  const child = spawn(process.execPath, [BIN, 'worker', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const ready = /aidc worker: ready on .*/.exec(err);
      if (ready)
        resolve({
          child,
          name: `${hostname()}:${child.pid}`,
          metricsUrl: /metrics (http:\/\/\S+)/.exec(ready[0])?.[1],
          stderr: () => err,
          exited,
        });
    });
    void exited.then((code) => reject(new Error(`aidc worker exited ${code}: ${err}`)));
  });
}

export async function stopWorker(w: SpawnedWorker | undefined): Promise<void> {
  if (!w || w.child.exitCode !== null || w.child.signalCode !== null) return;
  w.child.kill('SIGKILL');
  await w.exited;
}

/** Remove every key of the prefix (the queue, its jobs, cancel marks). */
export async function dropPrefix(prefix: string, url = REDIS): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const keys = await redis.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  } finally {
    redis.disconnect();
  }
}

/** Poll `check` every 50 ms until it returns a value, or fail after `ms`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  ms = 30_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

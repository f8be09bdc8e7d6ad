// Where the queue is: a `--queue redis://host:port[/db]` address, checked and reached once with a
// short timeout (so a wrong address or a stopped Redis is one clear line, never a hang), then a
// connection that reconnects on its own when Redis restarts.
import { Redis } from 'ioredis';

/** A bad `--queue` value or a Redis that cannot be reached, reported to the user as is. */
export class QueueAddressError extends Error {}

export interface QueueAddress {
  /** The URL as given (with any password). */
  readonly url: string;
  /** The URL without a password, for messages and logs. */
  readonly display: string;
  /** Key prefix of every BullMQ key (`--queue-prefix`); queues of other prefixes are apart. */
  readonly prefix: string;
}

export const DEFAULT_PREFIX = 'aidc';

/** `redis://[user:password@]host[:port][/db]` or `rediss://…` (TLS). */
export function parseQueueAddress(text: string, prefix: string = DEFAULT_PREFIX): QueueAddress {
  const value = text.trim();
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '')
    throw new QueueAddressError(
      `--queue "${text}": expected a Redis URL, redis://host:6379 (or rediss:// for TLS)`,
    );
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d{1,2}$/.test(url.pathname))
    throw new QueueAddressError(
      `--queue "${text}": the path is the database number, e.g. redis://host:6379/0`,
    );
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(prefix))
    throw new QueueAddressError(
      `--queue-prefix "${prefix}": letters, digits and . _ -, up to 64 characters`,
    );
  const shown = new URL(url.href);
  if (shown.password !== '') shown.password = '***';
  return { url: value, display: shown.href.replace(/\/$/, ''), prefix };
}

/**
 * A connection to the queue's Redis, after checking within `timeoutMs` that it answers. After
 * that check it retries for ever (a Redis restart is waited out), as BullMQ wants.
 */
export async function connectQueue(
  address: QueueAddress,
  options: { timeoutMs?: number } = {},
): Promise<Redis> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const probe = new Redis(address.url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let cause: unknown;
  probe.on('error', (error) => (cause = error)); // reported below, once
  try {
    await withTimeout(
      probe.connect().then(() => probe.ping()),
      timeoutMs,
      `no answer in ${timeoutMs / 1000} s`,
    );
  } catch (error) {
    throw new QueueAddressError(
      `Redis is not reachable at ${address.display} (${reason(cause ?? error)}): start it, or give another --queue`,
    );
  } finally {
    probe.disconnect();
  }
  const redis = new Redis(address.url, { maxRetriesPerRequest: null, connectTimeout: timeoutMs });
  return redis;
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { errors?: Error[] };
  const first = e.errors?.[0] ?? e;
  return (first as NodeJS.ErrnoException).code ?? first.message;
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

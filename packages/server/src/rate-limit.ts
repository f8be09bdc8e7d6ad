// Per-caller rate limits: a token bucket per key (a user, or an address before sign-in). A
// bucket holds `burst` requests and refills at `perMinute`; an empty bucket answers 429 with
// Retry-After.
export interface RateLimit {
  readonly perMinute: number;
  readonly burst: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /** Take one request from the key's bucket: 0 if allowed, else the seconds until one is. */
  take(key: string): number {
    const now = this.clock();
    const rate = this.limit.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    b.tokens = Math.min(this.limit.burst, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    if (this.buckets.size > 100_000) this.sweep(now, rate);
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }

  /** Forget full buckets, so that many one-off callers do not grow the map without end. */
  private sweep(now: number, rate: number): void {
    for (const [key, b] of this.buckets)
      if (b.tokens + (now - b.at) * rate >= this.limit.burst) this.buckets.delete(key);
  }
}

/** Default limits: generous for scripts and the web app, strict for password guesses. */
export const DEFAULT_LIMITS = {
  /** Per signed-in user (or per address when anonymous). */
  requests: { perMinute: 6000, burst: 600 } satisfies RateLimit,
  /** Sign-in attempts per address and user name (OWASP Authentication Cheat Sheet: throttle). */
  signIn: { perMinute: 10, burst: 10 } satisfies RateLimit,
};

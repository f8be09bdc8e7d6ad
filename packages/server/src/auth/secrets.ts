// API tokens and session ids: 256 random bits, shown once, stored only as their SHA-256.
import { createHash, randomBytes } from 'node:crypto';

/** A new API token, `aidc_` and 43 base64url characters. */
export function newToken(): string {
  return `aidc_${randomBytes(32).toString('base64url')}`;
}

/** A new session id or CSRF token. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

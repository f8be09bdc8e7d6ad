// The web app's built files (packages/web/dist), served at `/` by the same process: hashed assets
// cached for a year, index.html never cached and sent with a content security policy that allows
// nothing beyond this server.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

// CodeMirror and ECharts set inline styles, hence 'unsafe-inline' for styles only.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** A handler for GET requests outside /api: the file asked for, or index.html. */
export function webFiles(root: string) {
  const base = normalize(root.endsWith(sep) ? root : root + sep);
  const built = existsSync(join(base, 'index.html'));
  return (c: Context): Response => {
    if (!built)
      return c.text(
        `The web app is not built (${join(base, 'index.html')} is missing): run \`npm run build\`. The API is at /api/v1 (see /api/v1/openapi.json).`,
        404,
      );
    const wanted = decodeURIComponent(new URL(c.req.url).pathname);
    const file = normalize(join(base, wanted));
    const inside = file.startsWith(base) && !wanted.includes('\0');
    const isFile = inside && existsSync(file) && statSync(file).isFile();
    const path = isFile ? file : join(base, 'index.html');
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'content-type': type };
    if (path.endsWith('index.html')) {
      headers['cache-control'] = 'no-cache';
      headers['content-security-policy'] = CSP;
      headers['referrer-policy'] = 'no-referrer';
    } else if (wanted.startsWith('/assets/'))
      headers['cache-control'] = 'public, max-age=31536000, immutable';
    if (!isFile && extname(wanted) !== '') return c.text('not found', 404);
    return new Response(readFileSync(path), { status: 200, headers });
  };
}

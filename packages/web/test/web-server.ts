// What the browser tests share: a real `aidc serve` with the built web app on a fresh SQLite file
// in a temporary folder, and the folder screenshots go to.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '@aidc/server';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const WEB = join(ROOT, 'packages/web/dist');
export const SHOTS = join(ROOT, 'test-output/web');

export interface WebServer {
  readonly server: RunningServer;
  /** Stop the server and remove its store. */
  close(): Promise<void>;
}

/** `aidc serve` of the built web app on 127.0.0.1, its store in a new folder named `prefix…`. */
export async function startWebServer(prefix: string): Promise<WebServer> {
  if (!existsSync(join(WEB, 'index.html')))
    throw new Error(`the web app is not built (${WEB}): run npm run build`);
  mkdirSync(SHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const server = await startServer({
    db: `sqlite:${join(dir, 'aidc.db')}`,
    port: 0,
    log: () => {},
    webRoot: WEB,
  });
  return {
    server,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

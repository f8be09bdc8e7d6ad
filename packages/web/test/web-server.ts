// What the browser tests share: a real `aidc serve` with the built web app on a fresh SQLite file
// in a temporary folder, a planner signed in to it in Chromium, an example's plan as core makes
// it, and the folder screenshots go to.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { parseScenario, planScenario, type Plan } from '@aidc/core';
import { addUser, startServer, type RunningServer } from '@aidc/server';
import { launchChromium } from '../../../scripts/chromium.js';

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

/** The plan core makes of `examples/<file>`, to check the page's figures against. */
export function examplePlan(file: string): Plan {
  const parsed = parseScenario(readFileSync(join(ROOT, 'examples', file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file} does not parse`);
  return planScenario(parsed.scenario);
}

/**
 * A new planner `name` in the default project, signed in in a new Chromium page (1440 x 1000,
 * en-US) at the example picker; the page's uncaught errors collect in `pageErrors`.
 */
export async function signedInPage(
  server: RunningServer,
  name: string,
  options: { bypassCSP?: boolean } = {},
): Promise<{ browser: Browser; page: Page; pageErrors: string[] }> {
  const password = 'a long passphrase';
  await addUser(
    server.store,
    { name, role: 'planner', password, projects: ['default'] },
    { id: null, name: 'test' },
  );
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: 'en-US',
    ...(options.bypassCSP ? { bypassCSP: true } : {}),
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(server.url);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('[data-testid=example-picker]');
  return { browser, page, pageErrors };
}

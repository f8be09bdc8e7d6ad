// `--catalog FILE`: a caller's own catalog entries (examples/catalogs/gaudi3.yaml: an accelerator,
// its server and the server's price) planned with, and a bad catalog file refused with where.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plan } from '@aidc/core';
import { describe, expect, it } from 'vitest';
import { run } from './test-io.js';

const root = join(import.meta.dirname, '..', '..', '..');
const scenario = join(root, 'examples', 'catalogs', 'gaudi3-llama-8b.yaml');
const catalog = join(root, 'examples', 'catalogs', 'gaudi3.yaml');

function catalogFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'aidc-catalog-')), 'catalog.yaml');
  writeFileSync(file, text);
  return file;
}

describe('aidc plan --catalog', () => {
  it("plans on the file's accelerator and server, at its price, with their sources", async () => {
    const r = await run(['plan', scenario, '--catalog', catalog, '--json']);
    expect(r.code, r.err).toBe(0);
    const plan = JSON.parse(r.out) as Plan;
    expect(plan.built).toBe(true);
    if (!plan.built) return;
    expect(plan.cluster.gpu).toBe('gaudi3-oam');
    expect(plan.cluster.server).toBe('dell-xe9680-gaudi3');
    expect(plan.cluster.servers).toBe(33); // 32 for the 256 accelerators and a hot spare
    expect(plan.cost.inputs.serverUsd).toBe(160000);
    // The server's 9.6 kW nameplate, four to a 40.8 kW air-cooled rack.
    expect(plan.cluster.rackDetail.serversPerRack).toBe(4);
    const mfu = plan.workloads[0]?.training?.mfu ?? 0;
    expect(mfu).toBeGreaterThan(0.3);
    expect(mfu).toBeLessThan(0.7);
  });

  it('the HTML report lists the custom entries with their sources', async () => {
    const html = join(mkdtempSync(join(tmpdir(), 'aidc-catalog-')), 'report.html');
    const r = await run(['plan', scenario, '--catalog', catalog, '--html', html]);
    expect(r.code, r.err).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('gaudi3-oam');
    expect(page).toContain('Kaplan, Hot Chips 2024');
  });

  it('without the catalog file the accelerator is unknown; check takes the file too', async () => {
    const without = await run(['check', scenario]);
    expect(without.code).toBe(1);
    expect(without.err).toContain('cluster.gpu');
    expect(without.err).toContain('gaudi3-oam');
    const withIt = await run(['check', scenario, '--catalog', catalog]);
    expect(withIt.code, withIt.err).toBe(0);
  });

  it('a bad catalog file: each problem with its line, key path and what would fix it', async () => {
    const text = readFileSync(catalog, 'utf8')
      .replace('      value: 128\n', '      value: 128\n      unit: GB\n')
      .replace('    gpu: gaudi3-oam\n', '    gpu: gaudi-3\n')
      .replace('prices:', 'price:');
    const r = await run(['plan', scenario, '--catalog', catalogFile(text)]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/catalog\.yaml:\d+:1: price: unknown catalog "price"/);
    expect(r.err).toContain('hint: did you mean "prices"?');
    expect(r.err).toContain('is not a valid catalog file (1 problem)');
    const fixed = text.replace('price:', 'prices:');
    const r2 = await run(['plan', scenario, '--catalog', catalogFile(fixed)]);
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/catalog\.yaml:\d+:\d+: gpus\[0\]\.hbmGB: Unrecognized key: "unit"/);
    expect(r2.out).toBe('');
    const unitless = fixed.replace('      unit: GB\n', '');
    const r3 = await run(['plan', scenario, '--catalog', catalogFile(unitless)]);
    expect(r3.code).toBe(1);
    expect(r3.err).toMatch(
      /catalog\.yaml:\d+:\d+: servers\[0\]\.gpu: no GPU "gaudi-3" in the catalogs/,
    );
    expect(r3.err).toContain('hint: did you mean "gaudi3-oam"');
  });

  it('aidc catalog lists the entries of the file beside the built-in ones', async () => {
    const gpus = await run(['catalog', 'gpus', '--catalog', catalog]);
    expect(gpus.code, gpus.err).toBe(0);
    expect(gpus.out).toMatch(/gaudi3-oam\s/);
    expect(gpus.out).toMatch(/h100-sxm-80gb\s/);
    const servers = await run(['catalog', 'servers', '--sources', '--catalog', catalog]);
    expect(servers.out).toContain('dell-xe9680-gaudi3');
    expect(servers.out).toContain('StorageReview');
    const without = await run(['catalog', 'gpus']);
    expect(without.out).not.toContain('gaudi3-oam');
  });

  it('aidc sweep plans every variant with the file', async () => {
    const r = await run([
      'sweep',
      scenario,
      '--vary',
      'cluster.gpu=gaudi3-oam,h100-sxm-80gb',
      '--vary',
      'cluster.gpus=128,256',
      '--catalog',
      catalog,
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as Record<string, unknown>[];
    expect(rows.map((row) => [row['cluster.gpu'], row['cluster.gpus'], row['feasible']])).toEqual([
      ['gaudi3-oam', 128, true],
      ['gaudi3-oam', 256, true],
      ['h100-sxm-80gb', 128, true],
      ['h100-sxm-80gb', 256, true],
    ]);
    // The queue's workers have only the built-in catalogs: refused before connecting.
    const queued = await run([
      'sweep',
      scenario,
      '--vary',
      'cluster.gpus=128',
      '--catalog',
      catalog,
      '--queue',
      'redis://127.0.0.1:6379',
    ]);
    expect(queued.code).toBe(2);
    expect(queued.err).toContain('built-in catalogs');
  });

  it("a sweep's worker threads plan with the file's entries too (the built code)", () => {
    const dist = join(root, 'packages', 'cli', 'dist');
    const core = join(root, 'packages', 'core', 'dist', 'index.js');
    const script = `
      const m = await import(${JSON.stringify(pathToFileURL(join(dist, 'sweep-command.js')).href)});
      const core = await import(${JSON.stringify(pathToFileURL(core).href)});
      const fs = await import('node:fs');
      const extended = core.parseCatalogFile(fs.readFileSync(${JSON.stringify(catalog)}, 'utf8'));
      const v = core.parseVaries(['cluster.gpus=64,128,192,256']);
      const sweep = core.prepareSweep(fs.readFileSync(${JSON.stringify(scenario)}, 'utf8'), v.varies, extended.catalogs);
      const rows = [];
      const r = await m.streamSweep(sweep, { jobs: 2, workersAtOnce: true, onRow: (row) => rows.push(row) });
      process.stdout.write(JSON.stringify({ rows, failures: r.failures }));`;
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
    ) as { rows: Record<string, unknown>[]; failures: number };
    expect(out.failures).toBe(0);
    expect(out.rows.map((row) => row['cluster.gpus'])).toEqual([64, 128, 192, 256]);
  });

  it('a catalog file that cannot be read is a usage error', async () => {
    const r = await run(['plan', scenario, '--catalog', join(root, 'no-such-catalog.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot read');
  });
});

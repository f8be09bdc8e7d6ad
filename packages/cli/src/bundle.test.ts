// The built CLI as users run it: the bundle that bin/aidc.js compiles with V8's code cache
// (bin/load-bundle.js). A cache of another build, or one V8 refuses, is ignored and rewritten;
// the answers are the same with a cache and without one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/aidc.js', import.meta.url));
const LOADER = new URL('../bin/load-bundle.js', import.meta.url).href;
const example = (name: string) =>
  fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url));

/** bin/load-bundle.js in a new process (V8 reuses a script it compiled once in the same
 *  process, whatever cache it is given): whether the cache was used, the command's exit code and
 *  output, and whether the cache was written after it. */
function load(cacheFile: string, args: string[]) {
  const script = `
    import { readFileSync } from 'node:fs';
    import { loadBundle } from ${JSON.stringify(LOADER)};
    const bundle = loadBundle({ cacheFile: ${JSON.stringify(cacheFile)} });
    let out = '';
    const io = { out: (t) => (out += t + '\\n'), err: (t) => (out += t + '\\n'), readFile: (p) => readFileSync(p, 'utf8'), writeFile: () => {} };
    const code = await bundle.exports.main(${JSON.stringify(args)}, io);
    process.stdout.write(JSON.stringify({ cacheUsed: bundle.cacheUsed, code, out, saved: bundle.save() }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { cacheUsed: boolean; code: number; out: string; saved: boolean };
}

describe('the bundled CLI and its code cache', () => {
  const plan = ['plan', example('llama3.1-8b-small.yaml'), '--json'];

  it('is all ASCII, so it loads as a one-byte string, and still prints non-ASCII text', () => {
    const bundle = readFileSync(new URL('../dist/main.bundle.cjs', import.meta.url));
    expect(bundle.findIndex((byte) => byte > 0x7f)).toBe(-1);
    const r = spawnSync(process.execPath, [BIN, 'plan', example('llama3.1-8b-small.yaml')], {
      encoding: 'utf8',
    });
    // The plan's heading has an em dash, escaped in the bundle as \u2014.
    expect(r.stdout).toMatch(/^aidc [\d.]+ \u2014 /);
  });

  it('writes a cache when there is none, uses it next time, and plans the same', () => {
    const cacheFile = join(mkdtempSync(join(tmpdir(), 'aidc-cache-')), 'main.bundle.cache');
    const first = load(cacheFile, plan);
    expect(first).toMatchObject({ cacheUsed: false, code: 0, saved: true });
    expect(readFileSync(cacheFile).subarray(0, 16).toString()).toBe('aidc-code-cache ');
    const second = load(cacheFile, plan);
    // A usable cache is left alone.
    expect(second).toMatchObject({ cacheUsed: true, code: 0, saved: false });
    expect(second.out).toBe(first.out);
  });

  it('ignores a cache of another build or one V8 refuses, and writes a good one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aidc-cache-'));
    const good = join(dir, 'good.cache');
    load(good, ['--version']);
    const bytes = readFileSync(good);
    const header = bytes.subarray(0, bytes.indexOf(10) + 1);
    const body = bytes.subarray(header.length);

    // Another build: a good cache under a header naming another bundle size.
    const other = join(dir, 'other.cache');
    writeFileSync(other, Buffer.concat([Buffer.from('aidc-code-cache 1 1 2 v0 x\n'), body]));
    expect(load(other, ['--version'])).toMatchObject({ cacheUsed: false, code: 0, saved: true });

    // The right header over bytes that are not a code cache: V8 rejects them.
    const garbage = join(dir, 'garbage.cache');
    writeFileSync(garbage, Buffer.concat([header, Buffer.alloc(4096, 7)]));
    const refused = load(garbage, ['check', example('llama3.1-8b-small.yaml')]);
    expect(refused).toMatchObject({ cacheUsed: false, code: 0, saved: true });
    expect(refused.out).toMatch(/valid scenario/);
    expect(load(garbage, ['--version']).cacheUsed).toBe(true);
  });

  it('bin/aidc.js loads the packages it leaves out only when a command needs them', () => {
    // The workbook writer (exceljs) is imported on demand from inside the cached bundle.
    const dir = mkdtempSync(join(tmpdir(), 'aidc-xlsx-'));
    const file = join(dir, 'sweep.xlsx');
    const r = spawnSync(
      process.execPath,
      [
        BIN,
        'sweep',
        example('llama3.1-8b-small.yaml'),
        '--vary',
        'cluster.gpus=64,128',
        '--xlsx',
        file,
      ],
      { encoding: 'utf8' },
    );
    expect(r.stderr).not.toMatch(/internal error|ExperimentalWarning/);
    expect(r.status).toBe(0);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
  });
});

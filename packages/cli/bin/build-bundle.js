// `npm run bundle`: the CLI as one CommonJS file (dist/main.bundle.cjs) that bin/aidc.js compiles
// with V8's code cache (load-bundle.js), then that cache, written by build-code-cache.js.
//
// The service, store and workers packages and exceljs stay outside the bundle and load with
// import() when a command needs them. An import() inside a vm.Script compiled from a code cache
// has no loader in Node 20 ("A dynamic import callback was not specified"), and the loader vm
// offers for it (USE_MAIN_CONTEXT_DEFAULT_LOADER) prints an experimental warning: so each of them
// becomes __aidcImport(...), the ESM loader's own import() handed in by load-bundle.js.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..');
const lazy = ['@aidc/server', '@aidc/ops', '@aidc/store', '@aidc/workers', 'exceljs'];
const result = await build({
  entryPoints: [join(cli, 'dist', 'main.js')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  write: false,
  outfile: join(cli, 'dist', 'main.bundle.cjs'),
  define: { 'import.meta.url': '__aidcImportMetaUrl' },
  external: [...lazy, 'better-sqlite3', 'pg', 'bullmq', 'ioredis', 'playwright-core', 'echarts'],
  logLevel: 'warning',
});
const [output] = result.outputFiles;
const dynamic = /(?<![\w$.`])import\(("[^"]*")\)/g;
const text = output.text.replace(dynamic, (whole, name) => {
  if (!lazy.includes(JSON.parse(name))) {
    throw new Error(`the bundle imports ${name} with import(): add it to the lazy packages`);
  }
  return `__aidcImport(${name})`;
});
// An all-ASCII bundle loads as a one-byte string (load-bundle.js reads it as latin1): one
// non-ASCII character anywhere makes V8 hold all 2.8 MB as two-byte UTF-16 and costs the UTF-8
// decode at every start. esbuild escapes non-ASCII in code (charset ascii); what is left is in
// comments the bundle carries over, and those are blanked to '?'.
const ascii = text
  .split('\n')
  .map((line, i) => {
    if (!/[^\x00-\x7f]/.test(line)) return line;
    if (!/^\s*(\/\/|\/?\*)/.test(line))
      throw new Error(`bundle line ${i + 1} has a non-ASCII character outside a comment`);
    return line.replace(/[^\x00-\x7f]/g, '?');
  })
  .join('\n');
writeFileSync(output.path, ascii);
await import('./build-code-cache.js');

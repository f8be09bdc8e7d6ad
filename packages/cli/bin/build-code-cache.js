// `npm run bundle` runs this after esbuild: the everyday commands on the examples, in one process
// and without output, then the bundle's code cache (see load-bundle.js) with every function they
// compiled, so the first `aidc plan` after a build starts from bytecode.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './load-bundle.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');
const example = (name) => join(examples, name);
const silent = {
  out: () => {},
  err: () => {},
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: () => {},
  color: false,
};
const bundle = loadBundle({ useCache: false });
const { main } = bundle.exports;
const runs = [
  ['--version'],
  ['--help'],
  ['plan', '--help'],
  ['check', example('llama3.1-8b-small.yaml')],
  ['plan', example('llama3.1-8b-small.yaml')],
  ['plan', example('llama3.1-405b-16k-h100.yaml')],
  ['plan', example('llama3.1-405b-16k-h100.yaml'), '--json'],
  ['plan', example('llama3.1-70b-chat-and-batch.yaml')],
  ['plan', example('llama2-70b-deadline.yaml')],
  ['plan', example('h100-site-comparison.yaml')],
  ['compare', example('llama3.1-8b-small.yaml'), example('llama3.1-405b-16k-h100.yaml')],
  ['catalog', 'gpus'],
];
for (const args of runs) await main(args, silent);
if (!bundle.save(true)) {
  console.error('aidc bundle: could not write the code cache (the CLI runs without it)');
}

#!/usr/bin/env node
// The built CLI as one esbuild bundle (`npm run bundle -w @aidc/cli`), compiled from V8's code
// cache where one matches (load-bundle.js): one file to load instead of hundreds of modules, and
// bytecode instead of parsing and compiling it. AIDC_NO_CODE_CACHE=1 compiles from source and
// writes no cache (how `npm run bench` times a start without it).
import { loadBundle } from './load-bundle.js';

const useCache = !process.env['AIDC_NO_CODE_CACHE'];
const bundle = loadBundle({ useCache });
process.exitCode = await bundle.exports.main(process.argv.slice(2));
if (useCache) bundle.save();

#!/usr/bin/env node
// The built CLI as one bundle (esbuild, `npm run bundle -w @aidc/cli`): one file to load instead
// of hundreds of modules, which roughly halves the time to start.
import { main } from '../dist/main.bundle.js';

process.exitCode = await main(process.argv.slice(2));

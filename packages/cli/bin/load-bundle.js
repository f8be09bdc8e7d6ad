// Loads the CLI's bundle (dist/main.bundle.cjs, one CommonJS file made by esbuild) with V8's code
// cache: the bytecode of the functions a run compiled, kept in dist/main.bundle.cache, so a later
// start neither parses nor compiles them again. Node 20 has no module.enableCompileCache() (it came
// in Node 22.1), so the bundle is compiled here as a vm.Script with `cachedData`.
//
// The cache file starts with a header line naming the bundle's size and modification time and
// Node's version: V8 checks only its own version, its flags and the source's length, so the header
// is what rejects a cache of another build (a stat, where hashing the 2.6 MB bundle cost 6-10 ms). A cache that is missing, of another build or rejected by V8 is written anew after the
// command (atomically; silently skipped where dist is not writable). `npm run bundle` writes a
// full one by running the examples' commands in one process (build-code-cache.js).
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
export const BUNDLE = join(dist, 'main.bundle.cjs');
export const CACHE = join(dist, 'main.bundle.cache');
const HEADER = 'aidc-code-cache 1 ';

/** The bundle's exports, and `save()` to write the code cache when it was not usable. */
export function loadBundle({ useCache = true, cacheFile = CACHE } = {}) {
  const stat = statSync(BUNDLE);
  // All ASCII (build-bundle.js checks): latin1 is the same text, read without a UTF-8 decode.
  const source = readFileSync(BUNDLE, 'latin1');
  const header = `${HEADER}${stat.size} ${stat.mtimeMs} ${process.version} ${process.arch}\n`;
  let cachedData;
  if (useCache) {
    try {
      const file = readFileSync(cacheFile);
      const end = file.indexOf(10);
      if (end > 0 && file.subarray(0, end + 1).toString('latin1') === header) {
        cachedData = file.subarray(end + 1);
      }
    } catch {
      // no cache yet: compile from source
    }
  }
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname, __aidcImportMetaUrl, __aidcImport) {${source}\n})`,
    { filename: BUNDLE, ...(cachedData ? { cachedData } : {}) },
  );
  const module = { exports: {} };
  script.runInThisContext()(
    module.exports,
    createRequire(BUNDLE),
    module,
    BUNDLE,
    dist,
    // import.meta.url of the modules inside the bundle (esbuild --define): as if they were
    // dist/main.bundle.js, so `new URL('../dist/x.js', import.meta.url)` finds dist/x.js.
    pathToFileURL(join(dist, 'main.bundle.js')).href,
    // The packages the bundle leaves out (build-bundle.js): imported from here, which resolves
    // them as dist would.
    (name) => import(name),
  );
  const usable = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    cacheUsed: usable,
    /** Writes the code cache (the functions compiled so far) when it was missing or unusable,
     *  or always with `force`. Never throws: a read-only install runs without a cache. */
    save(force = false) {
      if (usable && !force) return false;
      try {
        const temp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(
          temp,
          Buffer.concat([Buffer.from(header, 'latin1'), script.createCachedData()]),
        );
        renameSync(temp, cacheFile);
        return true;
      } catch {
        return false;
      }
    },
  };
}

// dist/vendor/zod.js, written by scripts/vendor-zod.mjs: what the compiled code's `#zod` import
// loads. zod is one CommonJS file (zod.cjs), compiled with V8's code cache (zod-<hash>.cache,
// made by the build for this bundle): no module-by-module loading and no recompiling at every
// start (README "Performance"). Without a usable cache it compiles as any script does.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const file = new URL('./zod.cjs', import.meta.url);
const cacheFile = new URL('./zod-__BUNDLE_HASH__.cache', import.meta.url);
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// Strict, as zod's own ES modules are.
const script = new Script(`(function (exports, module) {'use strict';${readFileSync(file, 'utf8')}\n})`, { filename: fileURLToPath(file), cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, module);

export const z = module.exports.z;

/** Did V8 take the code cache (false: there was none, or it was not this V8's)? */
export const codeCacheUsed = cachedData !== undefined && !script.cachedDataRejected;

/** The build's step: keep the code compiled so far, for the next starts. */
export function writeCodeCache() {
  writeFileSync(cacheFile, script.createCachedData());
}

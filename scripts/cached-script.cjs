// dist/vendor/cached-script.cjs, copied there by scripts/vendor.mjs: runs a bundled library
// (dist/vendor/<name>-bundle.cjs, one CommonJS file) compiled with V8's code cache
// (<name>-bundle.cache, made by the same build for that bundle), so it is neither loaded module by module nor recompiled at
// every start (README "Performance"). V8 itself rejects a cache of another V8 version or other
// flags; the library then compiles as any script does. The code runs strict, as the libraries'
// own ES modules do.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

/** The exports of dist/vendor/<name>-bundle.cjs, whether its code cache was taken, and how to write it. */
module.exports = function loadCached(name) {
  const file = join(__dirname, `${name}-bundle.cjs`);
  const cacheFile = join(__dirname, `${name}-bundle.cache`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`(function (exports, module, require, __filename, __dirname) {'use strict';${readFileSync(file, 'utf8')}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  // `require` for Node's built-in modules (yaml reads node:process) and what a bundle loads at
  // run time beside it (the CLI's: the yaml bundle, chalk); __filename is the bundle's own path,
  // which its modules' import.meta.url became (files they read relative to themselves).
  script.runInThisContext()(module.exports, module, createRequire(file), file, __dirname);
  return {
    exports: module.exports,
    codeCacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    /** The build's step: keep the code compiled so far for the next starts. */
    writeCodeCache: () => writeFileSync(cacheFile, script.createCachedData()),
  };
};

// dist/vendor/zod.js, copied there by scripts/vendor.mjs: the module the compiled code's `#zod`
// import resolves to (package.json "imports"): zod, bundled, from its code cache.
import { createRequire } from 'node:module';

const zod = createRequire(import.meta.url)('./cached-script.cjs')('zod');

export const z = zod.exports.z;
export const codeCacheUsed = zod.codeCacheUsed;
export const writeCodeCache = zod.writeCodeCache;

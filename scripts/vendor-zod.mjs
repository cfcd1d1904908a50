// Build step (npm run build): zod as one file with V8's code cache, for the compiled code's
// `#zod` import (package.json "imports"; README "Performance"):
//
//   dist/vendor/zod.cjs        zod's ≈ 95 modules bundled into one (rolldown; zod's code unchanged,
//                              not minified, its licence in the banner). Node resolved, read and
//                              linked each module separately: ≈ 60 ms of every command's start-up.
//   dist/vendor/zod-<h>.cache  V8's code cache of it, taken after loading every built-in scenario,
//                              so the functions a scenario's validation runs are compiled already;
//                              <h> is the bundle's hash, so a cache only ever pairs with its bundle.
//   dist/vendor/zod.js         the module '#zod' resolves to (scripts/zod-loader.mjs): compiles the
//                              bundle with the cache (V8 itself rejects a cache of another V8
//                              version or flags, and the bundle is then compiled as usual).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const vendor = `${root}dist/vendor/`;
const pkg = JSON.parse(readFileSync(`${root}node_modules/zod/package.json`, 'utf8'));
const licence = readFileSync(`${root}node_modules/zod/LICENSE`, 'utf8').trim();

rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
const entry = `${vendor}entry.mjs`;
writeFileSync(entry, "export { z } from 'zod';\n");
await build({
  input: entry,
  platform: 'node',
  logLevel: 'warn',
  output: { file: `${vendor}zod.cjs`, format: 'cjs', banner: `/* zod ${pkg.version}, bundled into one module by scripts/vendor-zod.mjs.\n${licence}\n*/` },
});
rmSync(entry);
const hash = createHash('sha256').update(readFileSync(`${vendor}zod.cjs`)).digest('hex').slice(0, 16);
writeFileSync(`${vendor}zod.js`, readFileSync(`${root}scripts/zod-loader.mjs`, 'utf8').replace('__BUNDLE_HASH__', hash));

// Warm the functions the CLI runs (schema construction, then parsing every built-in scenario), then keep them.
const { loadScenario, listBuiltins } = await import(pathToFileURL(`${root}dist/scenario/load.js`).href);
for (const b of listBuiltins()) loadScenario(b.name);
const { writeCodeCache } = await import(pathToFileURL(`${vendor}zod.js`).href);
writeCodeCache();
if (!readdirSync(vendor).includes(`zod-${hash}.cache`)) throw new Error('vendor-zod: no code cache written');

// Build step (npm run build): zod as one file, dist/vendor/zod.js, for the compiled code's
// `#zod` import (package.json "imports"). zod ships about 95 modules; Node resolves, reads and
// links each one separately, which was ≈ 60 ms of every command's start-up on the 2-core
// development machine, and the same code in one file loads in ≈ 30 ms (README "Performance").
// The code is zod's own, unchanged (not minified); its licence travels with it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}node_modules/zod/package.json`, 'utf8'));
const licence = readFileSync(`${root}node_modules/zod/LICENSE`, 'utf8').trim();

await build({
  input: `${root}scripts/vendor-zod-entry.mjs`,
  platform: 'node',
  logLevel: 'warn',
  output: {
    file: `${root}dist/vendor/zod.js`,
    format: 'esm',
    banner: `/* zod ${pkg.version}, bundled into one module by scripts/vendor-zod.mjs.\n${licence}\n*/`,
  },
});

// Build step (npm run build): zod and yaml each bundled into one file with V8's code cache
// (README "Performance"). Node resolved, read and linked zod's ≈ 95 modules and yaml's ≈ 60 one
// by one, ≈ 60 and ≈ 30 ms of start-up on the 2-core development machine. Into dist/vendor:
//
//   <name>-bundle.cjs   the library bundled by rolldown into one CommonJS file: its code
//                       unchanged, not minified, its licence in the banner
//   <name>-bundle.cache V8's code cache of it, taken after validating every built-in scenario as
//                       JSON and as YAML, so the functions that work runs are compiled already;
//                       always written together with its bundle (V8 checks the source length,
//                       its own version and flags)
//   cached-script.cjs   runs a bundle with its cache (scripts/cached-script.cjs)
//   zod.js              what `#zod` resolves to (scripts/zod-entry.mjs)
//   yaml.cjs            what src/scenario/yaml-library.ts loads on first use, when it exists
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const vendor = join(root, 'dist/vendor');
/** name: the bundle's entry (yaml is CommonJS for Node: its exports object as it is). */
const LIBRARIES = { zod: ['mjs', "export { z } from 'zod';\n"], yaml: ['cjs', "module.exports = require('yaml');\n"] };

rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
for (const [name, [kind, source]] of Object.entries(LIBRARIES)) {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
  const licence = readFileSync(join(root, 'node_modules', name, 'LICENSE'), 'utf8').trim().replaceAll('*/', '* /');
  const entry = join(vendor, `${name}-entry.${kind}`);
  writeFileSync(entry, source);
  await build({
    input: entry,
    platform: 'node',
    logLevel: 'warn',
    output: { file: join(vendor, `${name}-bundle.cjs`), format: 'cjs', banner: `/* ${name} ${pkg.version}, bundled into one module by scripts/vendor.mjs.\n${licence}\n*/` },
  });
  rmSync(entry);
}
cpSync(join(root, 'scripts/cached-script.cjs'), join(vendor, 'cached-script.cjs'));
cpSync(join(root, 'scripts/zod-entry.mjs'), join(vendor, 'zod.js'));
writeFileSync(join(vendor, 'yaml.cjs'), "// yaml, bundled, from its code cache (scripts/vendor.mjs).\nmodule.exports = require('./cached-script.cjs')('yaml');\n");

// Warm what a command runs — the CLI validating every built-in, as JSON and as YAML — then keep it.
const quiet = { stdout: () => {}, stderr: () => {}, isTTY: false, env: {} };
const { runCli } = await import(pathToFileURL(join(root, 'dist/cli/program.js')).href);
const { listBuiltins } = await import(pathToFileURL(join(root, 'dist/scenario/load.js')).href);
const { yamlLibrary } = await import(pathToFileURL(join(root, 'dist/scenario/yaml-library.js')).href);
const dir = mkdtempSync(join(tmpdir(), 'session-sim-vendor-'));
try {
  const files = listBuiltins().map((b) => {
    const file = join(dir, `${b.name}.yaml`);
    writeFileSync(file, yamlLibrary().stringify(JSON.parse(readFileSync(b.file, 'utf8'))));
    return [b.name, file];
  });
  if ((await runCli(['validate', ...files.flat()], quiet)) !== 0) throw new Error('vendor: a built-in scenario does not validate');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const { vendoredYaml } = await import(pathToFileURL(join(root, 'dist/scenario/yaml-library.js')).href);
const zod = await import(pathToFileURL(join(vendor, 'zod.js')).href);
const yaml = vendoredYaml();
if (yaml === undefined) throw new Error('vendor: dist/scenario/yaml-library.js did not load the bundled yaml');
zod.writeCodeCache();
yaml.writeCodeCache();

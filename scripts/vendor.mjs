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
//   cli-bundle.cjs      the command line — dist/cli/program.js and every module it imports,
//                       commander and zod included — as one file (scripts/cli-entry.mjs: each
//                       module still initialised only when a command first imports it), with
//                       its cache taken after validating every built-in and running one
//   cli.cjs             what dist/cli/main.js loads, when it exists: the bundle from its cache
//   strategy-worker.js, replication-worker.js
//                       the worker threads' entries when the CLI runs from the bundle (its copy
//                       of src/experiment starts its workers beside itself): the same bundle and
//                       cache, the worker's module initialised
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

// The command line as one file: Node resolved, read and compiled its ≈ 60 modules (validate) to
// ≈ 110 (run) one by one. CommonJS, to be compiled with a code cache (Node 20 has none for ES
// modules); its modules' import.meta.url is the bundle's path, two levels below the package as
// theirs are (package.json, scenarios/, ../vendor/yaml.cjs resolve as they do from dist/<dir>/).
cpSync(join(root, 'scripts/cli-entry.mjs'), join(vendor, 'cli-entry.mjs'));
await build({
  input: join(vendor, 'cli-entry.mjs'),
  platform: 'node',
  logLevel: 'warn',
  resolve: { alias: { '#zod': 'zod' } },
  external: [/^node:/],
  output: { file: join(vendor, 'cli-bundle.cjs'), format: 'cjs', codeSplitting: false, banner: '/* session-sim command line, bundled into one module by scripts/vendor.mjs with commander (MIT), zod (MIT), chalk (MIT), cli-table3 (MIT); their licences are in node_modules/<name>/LICENSE. */' },
});
rmSync(join(vendor, 'cli-entry.mjs'));
// A script compiled by node:vm can import() nothing (Node 20: no loader for it): every import must have become a module of the bundle.
const left = readFileSync(join(vendor, 'cli-bundle.cjs'), 'utf8').split('\n').filter((l) => /(^|[^\w.$])import\(/.test(l) && !/^\s*(\*|\/\/)/.test(l));
if (left.length > 0) throw new Error(`vendor: the CLI bundle still imports at run time:\n${left.join('\n')}`);
writeFileSync(join(vendor, 'cli.cjs'), "// The command line, bundled, from its code cache (scripts/vendor.mjs).\nmodule.exports = require('./cached-script.cjs')('cli');\n");
for (const worker of ['strategy-worker', 'replication-worker']) {
  const name = worker.replace(/-(\w)/, (_, c) => c.toUpperCase());
  writeFileSync(
    join(vendor, `${worker}.js`),
    `// The worker thread's entry when the CLI runs from its bundle (scripts/vendor.mjs): src/experiment/${worker}.ts, from the bundle's code cache.\nimport { createRequire } from 'node:module';\n\nawait createRequire(import.meta.url)('./cli.cjs').exports.${name}();\n`,
  );
}

// Warm what a command runs — the CLI validating every built-in, as JSON and as YAML, through its
// modules (zod's and yaml's bundles) and through its own bundle, which also runs one — then keep it.
const quiet = { stdout: () => {}, stderr: () => {}, isTTY: false, env: {} };
const { runCli } = await import(pathToFileURL(join(root, 'dist/cli/program.js')).href);
const { listBuiltins } = await import(pathToFileURL(join(root, 'dist/scenario/load.js')).href);
const { yamlLibrary } = await import(pathToFileURL(join(root, 'dist/scenario/yaml-library.js')).href);
const cli = createRequire(import.meta.url)(join(vendor, 'cli.cjs'));
const bundledCli = (await cli.exports.program()).runCli;
const dir = mkdtempSync(join(tmpdir(), 'session-sim-vendor-'));
try {
  const files = listBuiltins().map((b) => {
    const file = join(dir, `${b.name}.yaml`);
    writeFileSync(file, yamlLibrary().stringify(JSON.parse(readFileSync(b.file, 'utf8'))));
    return [b.name, file];
  });
  for (const [which, run] of [['modules', runCli], ['bundle', bundledCli]]) {
    if ((await run(['validate', ...files.flat()], quiet)) !== 0) throw new Error(`vendor: a built-in scenario does not validate (the CLI's ${which})`);
  }
  if ((await bundledCli(['run', 'server-crash', '--jobs', '1', '--quiet'], quiet)) !== 0) throw new Error('vendor: run server-crash failed (the CLI bundle)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const { vendoredYaml } = await import(pathToFileURL(join(root, 'dist/scenario/yaml-library.js')).href);
const zod = await import(pathToFileURL(join(vendor, 'zod.js')).href);
const yaml = vendoredYaml();
if (yaml === undefined) throw new Error('vendor: dist/scenario/yaml-library.js did not load the bundled yaml');
zod.writeCodeCache();
yaml.writeCodeCache();
cli.writeCodeCache();

// Build step (npm run build), from each built-in scenario as shipped:
//
//   dist/builtin-estimates.json  the simulated events per strategy (src/scenario/checks.ts
//                                estimateRun), so that `run <built-in>` knows before it has even
//                                loaded the command parser whether its strategies will want worker
//                                threads (src/cli/early-threads.ts): server-crash as shipped stays
//                                on one, and a worker started for it and stopped unused cost
//                                ≈ 0.05-0.09 s of its 0.6 s
//   dist/builtins/<name>.json    { source, config }: the file's text and the configuration
//                                loadScenario resolves it to, which `run <built-in>` as shipped
//                                takes instead of loading the schema (src/scenario/builtins.ts).
//                                Not for a scenario naming a costs file: that file could change.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { listBuiltins, loadScenario } = await import(pathToFileURL(join(root, 'dist/scenario/load.js')).href);
const { estimateRun } = await import(pathToFileURL(join(root, 'dist/scenario/checks.js')).href);
const resolved = join(root, 'dist/builtins');
rmSync(resolved, { recursive: true, force: true });
mkdirSync(resolved, { recursive: true });
const estimates = {};
for (const b of listBuiltins()) {
  const config = loadScenario(b.name);
  estimates[b.name] = estimateRun(config).eventsPerStrategy.map((e) => Math.round(e));
  const source = readFileSync(b.file, 'utf8');
  if (!/"costs"\s*:/.test(source) && !/^\s*costs\s*:/m.test(source)) writeFileSync(join(resolved, `${b.name}.json`), `${JSON.stringify({ source, config })}\n`);
}
writeFileSync(join(root, 'dist/builtin-estimates.json'), `${JSON.stringify(estimates, null, 1)}\n`);

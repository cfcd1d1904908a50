// Build step (npm run build): dist/builtin-estimates.json, the simulated events per strategy of
// each built-in scenario as shipped (src/scenario/checks.ts estimateRun), so that `run <built-in>`
// knows before it has even loaded the command parser whether its strategies will want worker
// threads (src/cli/early-threads.ts): server-crash as shipped stays on one, and a worker started
// for it and stopped unused cost ≈ 0.05-0.09 s of its 0.6 s.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { listBuiltins, loadScenario } = await import(pathToFileURL(join(root, 'dist/scenario/load.js')).href);
const { estimateRun } = await import(pathToFileURL(join(root, 'dist/scenario/checks.js')).href);
const estimates = Object.fromEntries(listBuiltins().map((b) => [b.name, estimateRun(loadScenario(b.name)).eventsPerStrategy.map((e) => Math.round(e))]));
writeFileSync(join(root, 'dist/builtin-estimates.json'), `${JSON.stringify(estimates, null, 1)}\n`);

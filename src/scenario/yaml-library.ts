/**
 * The yaml library, loaded on first use: only a .yaml/.yml scenario, a problem's line and
 * column (positions.ts) and `init` need it, so `--version`, `validate x.json` and a run of a
 * built-in never pay for it (≈ 30 ms of start-up; README "Performance"). It is CommonJS for
 * Node (its "node" export), so a synchronous require keeps the scenario loader synchronous;
 * it is the same module instance a static `import 'yaml'` would give.
 */
import { createRequire } from 'node:module';

type YamlLibrary = typeof import('yaml');
let library: YamlLibrary | undefined;

export function yamlLibrary(): YamlLibrary {
  return (library ??= createRequire(import.meta.url)('yaml') as YamlLibrary);
}

/**
 * The yaml library, loaded on first use: only a .yaml/.yml scenario, a problem's line and
 * column (positions.ts) and `init` need it, so `--version`, `validate x.json` and a run of a
 * built-in never pay for it (README "Performance"). A synchronous require keeps the scenario
 * loader synchronous. Running from dist/, it is the build's bundle of it (dist/vendor/yaml.cjs:
 * one file compiled from its V8 code cache, scripts/vendor.mjs), ≈ 30 ms less than its ≈ 60
 * modules; from the TypeScript sources (tests), the package itself.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type YamlLibrary = typeof import('yaml');

/** A bundle run by dist/vendor/cached-script.cjs. */
export interface VendoredLibrary {
  exports: unknown;
  /** Did V8 take the code cache (false: none, or not this V8's)? */
  codeCacheUsed: boolean;
  /** The build's step: keep the code compiled so far. */
  writeCodeCache: () => void;
}

const VENDORED = new URL('../vendor/yaml.cjs', import.meta.url);
let library: YamlLibrary | undefined;
let vendored: VendoredLibrary | undefined;

export function yamlLibrary(): YamlLibrary {
  if (library === undefined) {
    const require = createRequire(import.meta.url);
    if (VENDORED.protocol === 'file:' && existsSync(fileURLToPath(VENDORED))) {
      vendored = require(fileURLToPath(VENDORED)) as VendoredLibrary;
      library = vendored.exports as YamlLibrary;
    } else {
      library = require('yaml') as YamlLibrary;
    }
  }
  return library;
}

/** The bundle yamlLibrary() loaded, if it loaded one (the build and a test look at its cache). */
export function vendoredYaml(): VendoredLibrary | undefined {
  yamlLibrary();
  return vendored;
}

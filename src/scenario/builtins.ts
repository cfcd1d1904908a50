/**
 * The built-in scenarios shipped with the package (scenarios/), found by name without the
 * scenario schema, and each one as the build resolved it (dist/builtins/<name>.json, written by
 * scripts/builtin-estimates.mjs from loadScenario). `run server-crash` as shipped takes its
 * configuration from there: it loads neither zod nor the schema (≈ 15–18 ms to initialise) and
 * validates nothing (≈ 8–12 ms), about 25 ms of its ≈ 0.5 s (README "Performance"). The entry is
 * used only while the shipped file still reads exactly as it did at the build: an edited
 * built-in is loaded and validated like any file.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimulationConfig } from '../model/config.js';

/** The folder of built-in scenarios shipped with the package. */
export const BUILTIN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios');

/** The built-ins' file names, sorted (the order listBuiltins lists them in). */
export function builtinFileNames(): string[] {
  if (!existsSync(BUILTIN_DIR)) return [];
  return readdirSync(BUILTIN_DIR)
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .sort();
}

/** A built-in's name: its file name without the extension. */
export const builtinName = (fileName: string): string => basename(fileName, extname(fileName));

/** The file of the built-in named `name` (the first of that name, as listBuiltins orders them), or undefined. */
export function builtinFile(name: string): string | undefined {
  const f = builtinFileNames().find((x) => builtinName(x) === name);
  return f === undefined ? undefined : join(BUILTIN_DIR, f);
}

/** What the build wrote for one built-in: its file's text then, and the configuration it resolved to. */
export interface ResolvedBuiltin {
  source: string;
  config: SimulationConfig;
}

/** Where the build keeps built-in `name` resolved (from dist/: dist/builtins/<name>.json). */
export const resolvedBuiltinUrl = (name: string): URL => new URL(`../builtins/${name}.json`, import.meta.url);

/**
 * The configuration `loadScenario(ref)` gives, without loading the schema, when `ref` names a
 * built-in the build resolved and its file reads as it did then; else undefined (a file named
 * `ref` wins, as in loadScenario; running from the TypeScript sources there is no entry).
 */
export function resolvedBuiltin(ref: string): SimulationConfig | undefined {
  if (existsSync(ref)) return undefined;
  const file = builtinFile(ref);
  if (file === undefined) return undefined;
  let entry: ResolvedBuiltin;
  try {
    entry = JSON.parse(readFileSync(resolvedBuiltinUrl(ref), 'utf8')) as ResolvedBuiltin;
    if (readFileSync(file, 'utf8') !== entry.source) return undefined;
  } catch {
    return undefined;
  }
  return entry.config;
}

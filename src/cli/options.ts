/**
 * `--set`, shared by run, explain, validate, sweep and plan, defined once so it parses and
 * words its errors the same way everywhere (the numeric options are in ./limits.ts).
 */
import { InvalidArgumentError, Option } from 'commander';
import { ScenarioError } from '../scenario/errors.js';
import { parseOverride, type Override } from '../scenario/overrides.js';

/** `--set PATH=VALUE`, repeatable; a malformed one is a usage error naming the option. */
export function collectOverride(v: string, previous: Override[] = []): Override[] {
  try {
    return [...previous, parseOverride(v)];
  } catch (e) {
    if (e instanceof ScenarioError) throw new InvalidArgumentError(`expected PATH=VALUE (e.g. servers.count=6), found ${JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)}.`);
    throw e;
  }
}

export const setOption = () => new Option('--set <path=value>', 'override a scenario field before validation (repeatable): --set servers.count=6 --set clients.arrivalRate=40').argParser(collectOverride);

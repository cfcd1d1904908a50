/**
 * The JSON Schema accepts what the validator accepts: an editor must not underline "4kb" or
 * "1h30m" that `session-sim validate` takes. The schema's string patterns are the parsers'
 * own (src/scenario/units.ts), carried without regex flags (JSON Schema patterns have none),
 * so this checks them against the parsers over random strings built from the pieces people
 * type: digits, dots, units in either case, spaces and stray characters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/scenario/json-schema.js';
import { duration, size, warmupDuration } from '../../src/scenario/schema-units.js';
import { parseDuration, parseSize } from '../../src/scenario/units.js';

type Node = { properties?: Record<string, Node>; anyOf?: Node[]; pattern?: string; type?: string };
const root = scenarioJsonSchema() as Node;

/** The string pattern of a property of the shipped schema, as an ECMA-262 regex (JSON Schema's dialect, `u` as Ajv uses). */
function patternOf(node: Node | undefined): RegExp {
  const str = node?.anyOf?.find((b) => b.type === 'string');
  expect(str?.pattern, 'a string branch with a pattern').toBeTypeOf('string');
  return new RegExp(str!.pattern!, 'u');
}

const token = (pieces: string[]) => fc.constantFrom(...pieces);
const number = fc.oneof(fc.nat({ max: 100000 }).map(String), fc.tuple(fc.nat({ max: 999 }), fc.nat({ max: 999 })).map(([a, b]) => `${a}.${b}`), token(['0', '00', '1.', '.5', '-1', '1e3']));
const text = (units: string[]) =>
  fc.array(fc.oneof({ weight: 3, arbitrary: number }, { weight: 3, arbitrary: token(units) }, { weight: 1, arbitrary: token([' ', '', ',', 'x', 'auto', '\t']) }), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

const DURATION_UNITS = ['us', 'µs', 'ms', 's', 'm', 'h', 'd', 'S', 'M', 'H', 'min', 'sec'];
const SIZE_UNITS = ['B', 'b', 'KB', 'kb', 'Kb', 'kB', 'KiB', 'kib', 'MB', 'mb', 'MiB', 'GB', 'gb', 'GiB', 'TB', 'K', 'KIB'];

function parses(parse: (v: string) => number, s: string): boolean {
  try {
    parse(s);
    return true;
  } catch {
    return false;
  }
}

describe('string patterns of schema/scenario.schema.json match the parsers', () => {
  const cases = [
    { name: 'durations (duration, at, downFor, …)', pattern: patternOf(root.properties!.duration), zod: duration, parse: parseDuration, units: DURATION_UNITS },
    { name: 'sizes (sessionData, maxMemory, claimsSize)', pattern: patternOf(root.properties!.clients!.properties!.sessionData), zod: size, parse: parseSize, units: SIZE_UNITS },
    { name: 'warmup (a duration or "auto")', pattern: patternOf(root.properties!.warmup), zod: warmupDuration, parse: (v: string) => (v === 'auto' ? 0 : parseDuration(v)), units: DURATION_UNITS },
  ];

  it.each(cases)('$name: what validate accepts, the schema accepts; what the schema accepts, the parser reads', ({ pattern, zod, parse, units }) => {
    fc.assert(
      fc.property(text(units), (s) => {
        const validates = zod.safeParse(s).success;
        const matches = pattern.test(s);
        // The validator accepts a string exactly when the schema's pattern matches it, except
        // a value above the bound of a year / a tebibyte (a check a pattern cannot express).
        if (validates) expect(matches).toBe(true);
        if (matches) expect(parses(parse, s)).toBe(true);
        if (matches && !validates) expect(zod.safeParse(s).error?.issues.some((i) => /at most/.test(i.message))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the spellings issue 13 found refused by the schema but accepted by validate, and what formatDuration prints', () => {
    const sizeRe = patternOf(root.properties!.clients!.properties!.sessionData);
    const durationRe = patternOf(root.properties!.duration);
    for (const s of ['4kb', '4KB', '4Kb', '2KiB', '1gib', '200B', '300b']) expect(sizeRe.test(s), s).toBe(true);
    for (const s of ['1h30m', '5m00s', '1.5s', '1h05m', '250ms', '0.5ms', '30 s']) expect(durationRe.test(s), s).toBe(true);
    for (const s of ['4XB', '4', 'four KB', '1h30', '5 minutes']) expect(sizeRe.test(s) || durationRe.test(s), s).toBe(false);
  });
});

/**
 * Durations and sizes as people write them, parsed once into seconds and bytes.
 * Durations: a number of seconds, or "250ms", "30s", "5m", "1h", "1d" (also "1.5s", "500us"),
 * or several of those run together, largest first or not, as Go's time.ParseDuration reads
 * them: "1h30m", "5m00s", "2m30.5s". Everything formatDuration prints reads back this way.
 * Sizes: a number of bytes, or "200B", "4KB", "1MB", "1GB" in any letter case ("4kb"), also
 * KiB/MiB/GiB (binary multiples: 1KB = 1024 B, as Redis `maxmemory 1mb` and Memcached `-m`
 * count them).
 *
 * The patterns are written without regex flags on purpose: the JSON Schema shipped in
 * schema/scenario.schema.json carries their source as `pattern`, and JSON Schema patterns
 * have no flags, so a case-insensitive size must spell both cases out ([Kk][Bb]).
 */

const DURATION_PART = String.raw`\d+(?:\.\d+)?\s*(?:us|µs|ms|s|m|h|d)`;
export const DURATION_PATTERN = new RegExp(String.raw`^${DURATION_PART}(?:\s*${DURATION_PART})*$`);
const DURATION_PIECE = /(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h|d)/g;
export const SIZE_PATTERN = /^(\d+(?:\.\d+)?)\s*([Bb]|[KkMmGg](?:[Ii])?[Bb])$/;

const SECONDS: Record<string, number> = { us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };
const BYTES: Record<string, number> = { b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, gib: 1024 ** 3 };

/** Seconds from a duration; throws RangeError with a readable message on bad input. */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') {
    if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`expected a duration >= 0, found ${value}`);
    return value;
  }
  const text = value.trim();
  if (!DURATION_PATTERN.test(text)) throw new RangeError(`expected a duration such as "250ms", "30s", "5m", "1h" or "1h30m", found "${value}"`);
  let seconds = 0;
  for (const m of text.matchAll(DURATION_PIECE)) seconds += Number(m[1]) * SECONDS[m[2]!]!;
  return seconds;
}

/** Bytes from a size; throws RangeError with a readable message on bad input. */
export function parseSize(value: number | string): number {
  if (typeof value === 'number') {
    if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`expected a size >= 0, found ${value}`);
    return Math.round(value);
  }
  const m = SIZE_PATTERN.exec(value.trim());
  if (!m) throw new RangeError(`expected a size such as "200B", "4KB" or "1MB", found "${value}"`);
  return Math.round(Number(m[1]) * BYTES[m[2]!.toLowerCase()]!);
}

/**
 * "1h05m", "5m00s", "2.5s", "340ms": a compact human form of seconds, for narration and axes.
 * Whatever it prints for a duration (a finite number >= 0) parses back with parseDuration,
 * to its printed precision: three significant digits below a minute, whole seconds below an
 * hour, whole minutes above (cut, as a clock reads; test/scenario/units.test.ts checks it over
 * random values).
 */
export function formatDuration(seconds: number): string {
  // Never "NaN" or "InfinityhNaNm" in a message: a value no scenario can hold says so in words.
  if (Number.isNaN(seconds)) return 'an undefined time';
  if (!Number.isFinite(seconds)) return seconds > 0 ? 'an unbounded time' : 'minus an unbounded time';
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  // Round first, then choose the unit, so 0.9996 s reads "1s", not "1000ms".
  const ms = +(seconds * 1000).toPrecision(3);
  if (ms < 1000) return `${plain(ms)}ms`;
  const s3 = +seconds.toPrecision(3);
  if (s3 < 60) return `${s3}s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  return `${m}m${String(s).padStart(2, '0')}s`;
}

/** A number in plain decimals: 1.23e-7 is "0.000000123" (no exponent, which no duration may have). */
function plain(n: number): string {
  const text = String(n);
  return text.includes('e') ? n.toFixed(20).replace(/\.?0+$/, '') : text;
}

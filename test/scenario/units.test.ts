/**
 * Durations and sizes as people write them. Specification (DESIGN.md §3): durations are
 * seconds as numbers or "250ms" "30s" "5m" "1h"; sizes are bytes or "4KB" "1MB" (binary
 * multiples); anything else is refused with a readable message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseSize } from '../../src/scenario/units.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 0.25],
    ['30s', 30],
    ['5m', 300],
    ['1h', 3600],
    ['1d', 86400],
    ['1.5s', 1.5],
    ['500us', 0.0005],
    ['500µs', 0.0005],
    ['0s', 0],
    ['30 s', 30],
    [' 2m ', 120],
    // Several parts run together, as Go's time.ParseDuration reads them (and as formatDuration prints).
    ['1h30m', 5400],
    ['5m00s', 300],
    ['1h05m', 3900],
    ['2m30.5s', 150.5],
    ['1d12h', 129600],
    ['1m 30s', 90],
  ])('%j → %d s', (text, seconds) => {
    expect(parseDuration(text)).toBeCloseTo(seconds, 12);
  });

  it('passes numbers of seconds through', () => {
    expect(parseDuration(12)).toBe(12);
    expect(parseDuration(0.125)).toBe(0.125);
    expect(parseDuration(0)).toBe(0);
  });

  it.each(['', 'abc', '5 minutes', '10x', '-5s', '1e3s', 'ms', '1h30', 'h30m', '5m-30s', '1h,30m'])('refuses %j with a message naming it', (text) => {
    expect(() => parseDuration(text)).toThrow(RangeError);
    expect(() => parseDuration(text)).toThrow(text === '' ? /duration/ : new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });

  it('refuses negative, infinite and NaN numbers', () => {
    for (const v of [-1, Number.POSITIVE_INFINITY, Number.NaN]) expect(() => parseDuration(v)).toThrow(RangeError);
  });
});

describe('parseSize', () => {
  it.each([
    ['4KB', 4096],
    ['1MB', 1048576],
    ['1GB', 1073741824],
    ['200B', 200],
    ['1.5KB', 1536],
    ['4kb', 4096],
    ['4Kb', 4096],
    ['1gib', 1073741824],
    ['300b', 300],
    ['2KiB', 2048],
    ['1MiB', 1048576],
  ])('%j → %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it('passes numbers of bytes through, rounded to whole bytes', () => {
    expect(parseSize(250)).toBe(250);
    expect(parseSize(10.4)).toBe(10);
    expect(parseSize(0)).toBe(0);
  });

  it('refuses text without a known unit, and negative numbers', () => {
    for (const t of ['4', '4XB', 'four KB', '-4KB', '']) expect(() => parseSize(t)).toThrow(RangeError);
    expect(() => parseSize(-1)).toThrow(RangeError);
    expect(() => parseSize(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatDuration', () => {
  it.each([
    [0.25, '250ms'],
    [0.0005, '0.5ms'],
    [0.0123, '12.3ms'],
    [1, '1s'],
    [2.5, '2.5s'],
    [30, '30s'],
    [60, '1m00s'],
    [300, '5m00s'],
    [330, '5m30s'],
    [3600, '1h00m'],
    [3900, '1h05m'],
  ])('%d s → %j', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('round-trips through parseDuration for the values it prints in one unit', () => {
    for (const s of [0.25, 0.002, 1.5, 30, 45.5]) expect(parseDuration(formatDuration(s))).toBeCloseTo(s, 9);
  });

  it('a value that rounds up to the next unit is printed in that unit (never "1000ms" or "60s")', () => {
    // 0.9996 s has three significant digits "1.00e3" ms; 59.9996 s rounds to 60.0 s.
    expect(formatDuration(0.9996)).toBe('1s');
    expect(formatDuration(59.9996)).toBe('1m00s');
  });

  it('prints every duration so that it parses back as input, within its printed precision ("1h30m", "5m00s", "1.5s")', () => {
    // Doubles of every magnitude a run can hold, from sub-microsecond to a year and beyond.
    const seconds = fc.oneof(
      fc.double({ min: 0, max: 1e12, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 400 * 86400 }),
      fc.double({ min: 0, max: 1e-6, noNaN: true }),
    );
    fc.assert(
      fc.property(seconds, (x) => {
        const text = formatDuration(x);
        const back = parseDuration(text);
        // Three significant digits below a minute (half a unit in the last place ≤ 0.5 %),
        // whole seconds below an hour, whole minutes above (cut, as a clock reads: 3709 s is 1h01m).
        const step = x >= 3599.5 ? 60 : x >= 59.5 ? 0.5 : 0;
        expect(Math.abs(back - x)).toBeLessThanOrEqual(0.005 * x + step + 1e-15);
      }),
      { numRuns: 2000 },
    );
  });

  it('prints no exponent, even for a sub-microsecond value (a duration cannot be written "1e-7ms")', () => {
    expect(formatDuration(1.23e-10)).toBe('0.000000123ms');
    expect(parseDuration(formatDuration(1.23e-10))).toBeCloseTo(1.23e-10, 15);
  });
});

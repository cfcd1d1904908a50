/** Words for the explain narration: lists, per-strategy figures, plurals. */
import { formatDuration } from '../../scenario/units.js';
import type { Details } from './story.js';

export const t = (seconds: number) => `t=${formatDuration(seconds)}`;

/** "a", "a and b", "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** "124 under a, 127 under b" or "124 under every strategy" when all agree. */
export function perStrategy(values: Array<[string, number]>, all: number, unit = ''): string {
  if (values.length === 0) return '';
  const distinct = new Set(values.map(([, v]) => v));
  if (distinct.size === 1 && values.length === all && all > 1) return `${values[0]![1]}${unit} under every strategy`;
  return listWords(values.map(([n, v]) => `${v}${unit} under ${n}`));
}

/**
 * A figure per strategy, the noun after the first: "537 active users under a and 146 under b";
 * "365 active users under every strategy" (or "under a and b") when they agree.
 */
export function counted(values: Array<[string, number | string]>, all: number, noun = ''): string {
  if (values.length === 0) return '';
  if (values.every(([, v]) => v === values[0]![1])) {
    return `${values[0]![1]}${noun} under ${values.length === all && all > 1 ? 'every strategy' : listWords(values.map(([n]) => n))}`;
  }
  return listWords(values.map(([n, v], i) => `${v}${i === 0 ? noun : ''} under ${n}`));
}

/** For strategies already named: the figure alone when they agree, else "32.4s under a and 31.4s under b". */
export function plainOr(values: Array<[string, number | string]>): string {
  if (values.length === 0) return '';
  if (values.every(([, v]) => v === values[0]![1])) return String(values[0]![1]);
  return listWords(values.map(([n, v]) => `${v} under ${n}`));
}

/** "586" or "586–590". */
export function span(values: readonly number[], format: (x: number) => string = String): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return format(lo) === format(hi) ? format(lo) : `${format(lo)}–${format(hi)}`;
}

export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
export const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
/** "redis does" / "redis and jwt do". */
export const subject = (names: readonly string[], one: string, many: string) => `${listWords(names)} ${names.length === 1 ? one : many}`;

/** camelCase detail keys as words: "requestsFailedBeforeDetection" → "requests failed before detection". */
export function words(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

export function detailText(d: Details): string {
  return Object.entries(d)
    .filter(([k]) => k !== 'server')
    .map(([k, v]) => `${words(k)} ${typeof v === 'number' ? +v.toPrecision(6) : String(v)}`)
    .join(', ');
}

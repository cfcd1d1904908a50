/**
 * The building blocks of scenario fields: durations, sizes, probabilities and distributions,
 * in their own module so the topic schemas (schema-<topic>.ts) can use them without an
 * import cycle through schema.ts.
 */
import { z } from '#zod';
import { LogNormal, type DistributionSpec } from '../engine/distributions.js';
import { DURATION_PATTERN, SIZE_PATTERN, parseDuration, parseSize } from './units.js';

// ── text ───────────────────────────────────────────────────────────────────

/**
 * Free text that reports print (a scenario's name and description, a phase's name, a costs
 * file's source and machine): no control characters but tab and newline. A terminal obeys
 * ESC sequences, so a name holding "\u001b]0;…\u0007" retitled the window and "\u001b[2J"
 * cleared the screen of whoever ran the scenario; the refusal echoes them escaped.
 */
export const plainText = () =>
  z.string().regex(/^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f]*$/, { error: 'text without control characters (tab and newline are fine; terminal escapes such as ESC are not)' });

// ── units ──────────────────────────────────────────────────────────────────

const DURATION_HINT = 'a duration: seconds as a number, or a string such as "250ms", "30s", "5m", "1h30m"';
const SIZE_HINT = 'a size: bytes as a number, or a string such as "200B", "4KB", "1MB" (binary multiples, any letter case)';

/**
 * Finite bounds on every duration and size (issue 14), so no arithmetic on them can overflow
 * to Infinity or NaN: a year is longer than any run, token or cache lifetime we model (JWT
 * refresh tokens: 30 days), and a tebibyte is more than any session, store or link carries.
 * Documented in the README ("Bad input").
 */
export const MAX_DURATION = 365 * 86400;
export const MAX_SIZE = 1024 ** 4;

export const duration = z
  .union([z.number().min(0).max(MAX_DURATION), z.string().regex(DURATION_PATTERN, { error: DURATION_HINT })], { error: DURATION_HINT })
  .transform((v) => parseDuration(v))
  .refine((v) => v <= MAX_DURATION, { error: `a duration of at most 365d (${MAX_DURATION} s)` })
  .meta({ description: DURATION_HINT });

export const size = z
  .union([z.number().int().min(0).max(MAX_SIZE), z.string().regex(SIZE_PATTERN, { error: SIZE_HINT })], { error: SIZE_HINT })
  .transform((v) => parseSize(v))
  .refine((v) => v <= MAX_SIZE, { error: `a size of at most 1024GB (${MAX_SIZE} B)` })
  .meta({ description: SIZE_HINT });

export const probability = z.number().min(0).max(1);

const WARMUP_HINT = `${DURATION_HINT}, or "auto" (detect the end of the start-up transient with MSER-5)`;

/** `warmup`: a duration, or "auto" (pilot runs and MSER-5 choose it, see src/experiment/warmup.ts). */
export const warmupDuration = z
  .union([z.number().min(0).max(MAX_DURATION), z.string().regex(new RegExp(`^auto$|${DURATION_PATTERN.source}`), { error: WARMUP_HINT })], { error: WARMUP_HINT })
  .transform((v): number | 'auto' => (v === 'auto' ? 'auto' : parseDuration(v)))
  .refine((v) => v === 'auto' || v <= MAX_DURATION, { error: `a duration of at most 365d (${MAX_DURATION} s)` })
  .meta({ description: WARMUP_HINT });

// ── distributions ──────────────────────────────────────────────────────────

/**
 * The mean of an exponential: above 0. An exponential of mean 0 is not a distribution (its rate
 * would be infinite); the constant 0 is written as 0 or { dist: constant, value: 0 }.
 */
export const positiveMean = duration.refine((v) => v > 0, { error: 'a mean above 0 (for no time at all write 0, the constant)' });

const lognormal = z
  .strictObject({
    dist: z.literal('lognormal').meta({ description: 'lognormal: a right-skewed time (service times, round trips), given by {mean, p99}, {mean, sigma} or {mu, sigma}.' }),
    mean: duration.optional().meta({ description: 'The mean (above 0).' }),
    p99: duration.optional().meta({ description: 'The 99th percentile: above the mean, at most e^(z²/2) ≈ 14.97 × the mean.' }),
    sigma: z.number().min(0).optional().meta({ description: 'Standard deviation of the logarithm (0 = constant).' }),
    // e^(mu + sigma²/2) must be a finite duration: checked below.
    mu: z.number().optional().meta({ description: 'Mean of the logarithm of the time in seconds (with sigma).' }),
  })
  .check((ctx) => {
    const v = ctx.value;
    const ok = (v.mean !== undefined && (v.p99 !== undefined) !== (v.sigma !== undefined) && v.mu === undefined) ||
      (v.mu !== undefined && v.sigma !== undefined && v.mean === undefined && v.p99 === undefined);
    if (!ok) {
      ctx.issues.push({ code: 'custom', input: v, message: 'a lognormal given by {mean, p99}, {mean, sigma} or {mu, sigma}' });
      return;
    }
    if (v.mean !== undefined && v.mean <= 0) {
      // Name the field the user wrote: a zero mean is wrong at mean, not at the p99 it cannot reach.
      ctx.issues.push({ code: 'custom', input: v.mean, path: ['mean'], message: 'a mean above 0' });
      return;
    }
    if (v.mu !== undefined && v.sigma !== undefined && !(Math.exp(v.mu + v.sigma ** 2 / 2) <= MAX_DURATION)) {
      ctx.issues.push({ code: 'custom', input: v.mu, path: ['mu'], message: `a mu and sigma whose mean e^(mu + sigma²/2) is at most 365d (${MAX_DURATION} s)` });
      return;
    }
    if (v.mean !== undefined && v.p99 !== undefined) {
      try {
        LogNormal.fromMeanP99(v.mean, v.p99);
      } catch (e) {
        // p99 must exceed the mean, and a lognormal's p99 is at most e^(z²/2) ≈ 14.97 × its mean.
        const message = v.p99 <= v.mean ? 'a p99 greater than the mean' : (e as Error).message.replace('lognormal p99 may be', 'a p99 of');
        ctx.issues.push({ code: 'custom', input: v, path: ['p99'], message });
      }
    }
  });

/** uniform needs min ≤ max; empirical needs one weight per value (checked here so the model never sees them). */
const orderedBounds = (ctx: { value: { min: number; max: number }; issues: z.core.$ZodRawIssue[] }) => {
  if (ctx.value.max < ctx.value.min) ctx.issues.push({ code: 'custom', input: ctx.value.max, path: ['max'], message: 'a value >= min' });
};
const weightPerValue = (ctx: { value: { values: number[]; weights?: number[] | undefined }; issues: z.core.$ZodRawIssue[] }) => {
  const { values, weights } = ctx.value;
  if (weights !== undefined && weights.length !== values.length) {
    ctx.issues.push({ code: 'custom', input: weights, path: ['weights'], message: `one weight per value (${values.length})` });
  } else if (weights !== undefined && !weights.some((w) => w > 0)) {
    ctx.issues.push({ code: 'custom', input: weights, path: ['weights'], message: 'at least one weight > 0' });
  }
};

/** A distribution of durations (think time, service time, latency), in seconds. */
export const durationDistribution = z
  .union(
    [
      duration,
      z.discriminatedUnion('dist', [
        z.strictObject({ dist: z.literal('constant').meta({ description: 'constant: always the same time.' }), value: duration.meta({ description: 'The time.' }) }),
        z.strictObject({ dist: z.literal('exponential').meta({ description: 'exponential: memoryless times (think times, times between failures).' }), mean: positiveMean.meta({ description: 'The mean (above 0).' }) }),
        z.strictObject({ dist: z.literal('uniform').meta({ description: 'uniform: every time between min and max equally likely.' }), min: duration.meta({ description: 'The shortest time.' }), max: duration.meta({ description: 'The longest time (>= min).' }) }).check(orderedBounds),
        lognormal,
        z.strictObject({ dist: z.literal('empirical').meta({ description: 'empirical: measured times, drawn with their weights.' }), values: z.array(duration).min(1).meta({ description: 'The measured times.' }), weights: z.array(z.number().min(0)).optional().meta({ description: 'One weight per value (default: all equal).' }) }).check(weightPerValue),
      ]),
    ],
    { error: `${DURATION_HINT}, or a distribution such as { "dist": "exponential", "mean": "5s" }` },
  )
  .transform(toDistributionSpec);

/** A distribution of counts (requests per session). */
export const countDistribution = z
  .union(
    [
      z.number().int().min(1),
      z.discriminatedUnion('dist', [
        z.strictObject({ dist: z.literal('constant').meta({ description: 'constant: always the same count.' }), value: z.number().int().min(1).meta({ description: 'The count.' }) }),
        z.strictObject({ dist: z.literal('geometric').meta({ description: 'geometric: 1, 2, 3 … with a constant chance of stopping after each (page views per visit).' }), mean: z.number().min(1).meta({ description: 'The mean count (>= 1).' }) }),
        z.strictObject({ dist: z.literal('uniform').meta({ description: 'uniform: every count from min to max equally likely.' }), min: z.number().int().min(1).meta({ description: 'The smallest count.' }), max: z.number().int().min(1).meta({ description: 'The largest count (>= min).' }) }).check(orderedBounds),
        z.strictObject({ dist: z.literal('empirical').meta({ description: 'empirical: measured counts, drawn with their weights.' }), values: z.array(z.number().int().min(1)).min(1).meta({ description: 'The measured counts.' }), weights: z.array(z.number().min(0)).optional().meta({ description: 'One weight per value (default: all equal).' }) }).check(weightPerValue),
      ]),
    ],
    { error: 'a count (a whole number >= 1), or a distribution such as { "dist": "geometric", "mean": 20 }' },
  )
  .transform(toDistributionSpec);

type DistInput =
  | number
  | { dist: 'constant'; value: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'geometric'; mean: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'lognormal'; mean?: number; p99?: number; sigma?: number; mu?: number }
  | { dist: 'empirical'; values: number[]; weights?: number[] | undefined };

function toDistributionSpec(v: DistInput): DistributionSpec {
  if (typeof v === 'number') return { dist: 'constant', value: v };
  switch (v.dist) {
    case 'lognormal': {
      const d = v.mu !== undefined ? { mu: v.mu, sigma: v.sigma! } :
        v.p99 !== undefined ? LogNormal.fromMeanP99(v.mean!, v.p99) : LogNormal.fromMeanSigma(v.mean!, v.sigma!);
      return { dist: 'lognormal', mu: d.mu, sigma: d.sigma };
    }
    case 'uniform':
      // Counts are drawn as real numbers and rounded by the model.
      return { dist: 'uniform', min: v.min, max: v.max };
    case 'empirical':
      return v.weights === undefined ? { dist: 'empirical', values: v.values } : { dist: 'empirical', values: v.values, weights: v.weights };
    default:
      return v;
  }
}

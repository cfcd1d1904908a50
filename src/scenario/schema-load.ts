/**
 * Load that changes over the run: `clients.phases` (Artillery's `config.phases`: `duration`,
 * `arrivalRate`, `rampTo`, `name`, and `pause`; k6 users know them as the stages of the
 * `ramping-arrival-rate` executor) and `clients.profile` (a daily curve, or a flash crowd).
 * The model (src/model/arrivals.ts) turns them into an exact non-homogeneous Poisson process.
 */
import { z } from '#zod';
import type { LoadPhase, LoadProfile } from '../model/config.js';
import { DEFAULT_ABANDON_PROBABILITY } from '../model/session-loss.js';
import { duration, durationDistribution, plainText, probability } from './schema-units.js';

const rate = z.number().min(0);

/**
 * One phase. Artillery: `{ duration, arrivalRate }` holds a rate, `rampTo` ramps linearly from
 * `arrivalRate` to it over the phase, `{ pause }` sends no one. A k6 stage `{ duration, target }`
 * is `{ duration, arrivalRate: <previous target>, rampTo: target }`.
 */
export const loadPhase = z
  .strictObject({
    name: plainText().optional().meta({ description: 'A label for reports (Artillery `name`).' }),
    duration: duration.optional().meta({ description: 'How long the phase lasts (above 0).' }),
    arrivalRate: rate.optional().meta({ description: 'New sessions per second at the start of the phase (held unless rampTo is given).' }),
    rampTo: rate.optional().meta({ description: 'Ramp linearly from arrivalRate to this rate over the phase (Artillery `rampTo`).' }),
    pause: duration.optional().meta({ description: 'A phase of this length with no arrivals (Artillery `pause`), instead of duration and arrivalRate.' }),
  })
  .check((ctx) => {
    const p = ctx.value;
    const issue = (path: string, message: string) => ctx.issues.push({ code: 'custom', input: p[path as keyof typeof p], path: [path], message });
    if (p.pause !== undefined) {
      for (const k of ['duration', 'arrivalRate', 'rampTo'] as const) if (p[k] !== undefined) issue(k, `no ${k} in a pause phase (a pause is its own phase)`);
      // Negative values already failed the duration check; zero is legal there but empty here.
      if (p.pause === 0) issue('pause', 'a pause above 0');
      return;
    }
    if (p.duration === undefined) issue('duration', 'a phase duration (or a pause)');
    else if (p.duration === 0) issue('duration', 'a phase duration above 0');
    if (p.arrivalRate === undefined) issue('arrivalRate', p.rampTo !== undefined ? 'an arrivalRate to ramp from (rampTo needs a starting rate)' : 'an arrivalRate (new sessions per second)');
  })
  .transform((p): LoadPhase => ({
    name: p.name ?? null,
    duration: p.pause ?? p.duration!,
    arrivalRate: p.pause !== undefined ? 0 : p.arrivalRate!,
    rampTo: p.rampTo ?? null,
  }));

export const loadPhases = z.array(loadPhase).min(1).meta({
  description: 'Artillery phases one after another (k6 stages); they replace arrivalRate. No session starts after the last one; duration defaults to their total.',
});

const diurnal = z.strictObject({
  type: z.literal('diurnal').meta({ description: 'diurnal: a daily cosine peaking at arrivalRate at peakHour.' }),
  // Consumer traffic peaks in the evening, 20:00–22:00 local time (Sandvine, Global Internet Phenomena).
  peakHour: z.number().min(0).lt(24).default(20).meta({ description: 'Clock hour of the peak (arrivalRate is the peak rate).' }),
  // Our choice: a busy evening against a quiet early morning is about 4 : 1 for a regional web site.
  peakToTrough: z.number().min(1).default(4).meta({ description: 'Peak rate over the trough rate twelve hours later (≥ 1).' }),
  startHour: z.number().min(0).lt(24).default(0).meta({ description: 'Clock hour at the start of the run.' }),
  timeScale: z.number().positive().default(1).meta({ description: 'Hours of the daily curve per simulated hour: 24 plays a whole day in one hour (sessions are not sped up).' }),
});

const spike = z.strictObject({
  type: z.literal('spike').meta({ description: 'spike: a flash crowd, the rate × factor for a while.' }),
  at: duration.meta({ description: 'When the flash crowd arrives.' }),
  duration: duration.prefault('1m').meta({ description: 'How long it lasts.' }),
  // Our choice, as the issue's black-friday ramp: five times the usual rate.
  factor: z.number().min(0).default(5).meta({ description: 'The rate is multiplied by this during the spike (×k).' }),
});

export const loadProfile = z
  .discriminatedUnion('type', [diurnal, spike])
  .transform((p): LoadProfile => p)
  .meta({ description: 'A load shape without writing phases: a daily curve (diurnal) or a flash crowd (spike, also on top of phases).' });

/** Total seconds of the phases (the run's duration when the scenario gives none: Artillery runs its phases). */
export function phasesTotal(phases: readonly LoadPhase[] | undefined): number {
  return phases === undefined ? 0 : phases.reduce((t, p) => t + p.duration, 0);
}

/** The scenario gave no `duration` of its own (so the phases set it). */
export function durationGiven(raw: unknown): boolean {
  return raw !== null && typeof raw === 'object' && (raw as { duration?: unknown }).duration !== undefined;
}

interface LoadFields {
  duration: number;
  clients: { phases?: LoadPhase[] | undefined; profile?: LoadProfile | undefined };
}

/** Phases that fit the run, a profile that goes with them, a spike inside the run. */
export function loadProblems(s: LoadFields): { path: string; expected: string; found: string }[] {
  const problems: { path: string; expected: string; found: string }[] = [];
  const { phases, profile } = s.clients;
  const fmt = (x: number) => `${+x.toPrecision(6)} s`;
  if (phases !== undefined) {
    const total = phasesTotal(phases);
    // Cutting a phase short would silently change the load the scenario describes.
    if (total > s.duration + 1e-9) problems.push({ path: 'clients.phases', expected: `phases that end within the run (duration ${fmt(s.duration)}; omit duration to run exactly the phases)`, found: `${fmt(total)} of phases` });
    if (profile?.type === 'diurnal') problems.push({ path: 'clients.profile.type', expected: 'no diurnal profile beside phases (each sets the rate over time; a spike may go on top of phases)', found: '"diurnal" and phases' });
  }
  if (profile?.type === 'spike') {
    if (profile.at >= s.duration) problems.push({ path: 'clients.profile.at', expected: `a time within the run (duration ${fmt(s.duration)})`, found: fmt(profile.at) });
    if (profile.duration <= 0) problems.push({ path: 'clients.profile.duration', expected: 'a spike duration above 0', found: fmt(profile.duration) });
  }
  return problems;
}

/**
 * What a user who finds their session gone does: `continue` (the server starts a new session
 * and the user carries on), `relogin` (a login request: password check on a server, a new
 * session write, a token issue for jwt), `abandon` (leaves with relogin.abandonProbability,
 * else logs in again). See src/model/session-loss.ts.
 */
export const onSessionLoss = z.enum(['continue', 'relogin', 'abandon']).default('continue').meta({
  description: 'A user who finds their session gone: continue (as if nothing happened), relogin (a login request; after a crash, a login storm), or abandon (leaves with relogin.abandonProbability, else logs in again).',
});

export const relogin = z
  .strictObject({
    // bcrypt cost 10 (Spring Security BCryptPasswordEncoder's default strength): ≈ 50–100 ms per check on a server core.
    serviceTime: durationDistribution.prefault('75ms').meta({ description: 'Server time of the login request (the password check; bcrypt cost 10 ≈ 75 ms).' }),
    // Our choice: one user in four gives up when sent back to the login page.
    abandonProbability: probability.default(DEFAULT_ABANDON_PROBABILITY).meta({ description: 'With onSessionLoss abandon: the share of users who leave instead of logging in again.' }),
  })
  .prefault({})
  .meta({ description: 'The login request of users who log in again (onSessionLoss relogin or abandon).' });

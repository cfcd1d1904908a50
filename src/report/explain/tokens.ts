/**
 * Explain sentences for tokens: signing-key rotation and token-service outages.
 */
import { formatDuration } from '../../scenario/units.js';
import { listWords, plainOr, span, subject } from './words.js';
import type { Details, Group, Narration, Story } from './story.js';

function keyRotation(ctx: Story, has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
  const users = has.filter((n) => rec(n).usesTokens !== false);
  const non = ctx.names.filter((n) => !users.includes(n));
  const tail = non.length > 0 ? `; ${subject(non, 'does', 'do')} not use tokens` : '';
  if (users.length === 0) return `the signing key was rotated, but no strategy here uses tokens.`;
  const overlap = span(users.map((n) => num(n, 'overlapSeconds')), formatDuration);
  const zero = users.every((n) => num(n, 'overlapSeconds') === 0);
  let text = zero ? 'the signing key was rotated with no overlap: tokens signed with the old key are refused from now on, though they have not expired' : `the signing key was rotated; tokens signed with the old key still verify for ${overlap}`;
  const ttl = (n: string) => (ctx.accessTtl(n) === undefined ? '' : ` (${formatDuration(ctx.accessTtl(n)!)} tokens)`);
  const covered = users.filter((n) => rec(n).oldTokensStillValid === true);
  const cut = users.filter((n) => !covered.includes(n));
  if (!zero && covered.length > 0) text += `: under ${listWords(covered.map((n) => `${n}${ttl(n)}`))} that covers every token's lifetime, so nobody is rejected`;
  if (!zero && cut.length > 0) text += `${covered.length > 0 ? ';' : ':'} under ${listWords(cut.map((n) => `${n}${ttl(n)}`))} tokens issued before the rotation are refused once the overlap ends, though they have not expired (token-rejected)`;
  if (zero) text += ` under ${listWords(users)}`;
  return `${text}${tail}.`;
}

function tokenOutage(ctx: Story, g: Group, has: string[], rec: (n: string) => Details): string {
  const users = has.filter((n) => rec(n).usesTokens !== false && rec(n).alreadyDown !== true);
  const non = ctx.names.filter((n) => !has.includes(n) || rec(n).usesTokens === false);
  const tail = non.length > 0 ? `; ${subject(non, 'does', 'do')} not use tokens` : '';
  const event = ctx.config.events.find((e) => e.type === 'token-service-outage' && e.at === g.at);
  const downFor = event?.type === 'token-service-outage' && event.downFor !== null ? ` for ${formatDuration(event.downFor)}` : '';
  if (users.length === 0) return `the token service went down${downFor}, but no strategy here uses tokens${tail}.`;
  const ttls = users.map((n) => [n, formatDuration(Number(rec(n).accessTtlSeconds ?? ctx.accessTtl(n) ?? 0))] as [string, string]);
  return `the token service went down${downFor}: under ${listWords(users)} nobody can log in (token-service-unavailable) and no token can be refreshed; access tokens live ${plainOr(ttls)}, so a user carries on only until theirs expires, unless the service is back first${tail}.`;
}

/** Sentences by event type. */
export const tokenNarrations: Record<string, Narration> = {
  'key-rotation': (ctx, { has, rec, num }) => keyRotation(ctx, has, rec, num),
  'token-service-outage': (ctx, { g, has, rec }) => tokenOutage(ctx, g, has, rec),
  'token-service-recover': (_ctx, { has, rec }) => {
    const users = has.filter((n) => rec(n).usesTokens !== false && rec(n).wasDown !== false);
    const others = has.filter((n) => !users.includes(n));
    if (users.length === 0) return `the token service was not down${others.length > 0 ? ` (${listWords(others)})` : ''}.`;
    return `the token service is back: logins and token refreshes work again under ${listWords(users)}.`;
  },
};

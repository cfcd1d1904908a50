/**
 * Tokens (JWT) as deployments run them (issue 4, "Tokens"): sizes, revocation exposure,
 * the token service as a resource, key rotation, clock skew, where the data lives.
 */
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JwtAlgorithm } from '../../../src/model/config.js';
import { DENY_ENTRY_BYTES } from '../../../src/model/session-store.js';
import { dataCookieBytes } from '../../../src/model/session-state/signed-token.js';
import { tokenLength } from '../../../src/model/token-service.js';
import { runAll } from '../../helpers/scenario.js';

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** A real token, signed with node:crypto, whose payload JSON is exactly `claimsBytes` long. */
function realToken(alg: JwtAlgorithm, claimsBytes: number): string {
  const header = b64url(JSON.stringify({ alg, typ: 'JWT', kid: 'k1' }));
  const base = JSON.stringify({ sub: 'user-42', iat: 1700000000, exp: 1700000900, pad: '' });
  const payload = b64url(JSON.stringify({ sub: 'user-42', iat: 1700000000, exp: 1700000900, pad: 'x'.repeat(claimsBytes - base.length) }));
  const input = `${header}.${payload}`;
  let signature: Buffer;
  switch (alg) {
    case 'HS256':
      signature = createHmac('sha256', 'secret').update(input).digest();
      break;
    case 'RS256':
      signature = sign('sha256', Buffer.from(input), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
      break;
    case 'ES256':
      // JWS uses the raw r‖s form (64 bytes), not DER.
      signature = sign('sha256', Buffer.from(input), { key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, dsaEncoding: 'ieee-p1363' });
      break;
    case 'EdDSA':
      signature = sign(null, Buffer.from(input), generateKeyPairSync('ed25519').privateKey);
      break;
  }
  return `${input}.${b64url(signature)}`;
}

describe('token size', () => {
  it.each(['HS256', 'RS256', 'ES256', 'EdDSA'] as JwtAlgorithm[])('%s: the formula matches a token signed by node:crypto byte for byte', (alg) => {
    for (const claims of [100, 250, 251, 252, 1000]) expect(tokenLength(alg, claims)).toBe(realToken(alg, claims).length);
  });

  it('typical tokens (250 B of claims with kid) are ≈ 460 chars HS256, ≈ 500 ES256, ≈ 760 RS256 (REFERENCE.md)', () => {
    // Our header's kid is "k1" (38 B of header); REFERENCE's typical token has a longer kid,
    // ≈ 22 B more (30 characters): within 8 %.
    expect(Math.abs(tokenLength('HS256', 250) / 460 - 1)).toBeLessThan(0.08);
    expect(Math.abs(tokenLength('ES256', 250) / 500 - 1)).toBeLessThan(0.08);
    expect(Math.abs(tokenLength('RS256', 250) / 760 - 1)).toBeLessThan(0.08);
  });
});

/**
 * Long sessions (they outlast the run), a request every ≈ 5 s; a `share` of the sessions are
 * revoked at a uniform time within an hour of their start. `extra`: more of the scenario.
 */
const revocationRun = (strategies: object[], share = 0.5, extra: object = {}) =>
  runAll({
    duration: '3600s',
    warmup: '300s',
    clients: {
      arrivalRate: 0.5,
      requestsPerSession: { dist: 'geometric', mean: 100000 },
      thinkTime: { dist: 'exponential', mean: '5s' },
      revocation: { share, after: { dist: 'uniform', min: 0, max: '1h' } },
    },
    strategies: strategies as never,
    ...extra,
  } as never);

describe('revocation', () => {
  // Access tokens of 10 min refreshed 10 s before expiry; half of the sessions are revoked.
  const ttl = 600;
  const revocation = revocationRun;
  const r = revocation([
    { type: 'jwt', name: 'none', accessTtl: '10m', refreshBefore: '10s' },
    { type: 'jwt', name: 'deny', accessTtl: '10m', refreshBefore: '10s', revocation: 'deny-list' },
  ]);

  it('with none, a revoked token keeps working for ≈ half the access lifetime', () => {
    // A token is refreshed every L = ttl − 10 s + E[wait for the next request] ≈ 595 s; at a
    // revocation the token has ttl − age left, age = time since the last refresh. Revocations
    // fall at a ~ U(0, 1 h) after a session start s ~ U(0, 3600); only those in the window
    // [300, 3600] count, which weights a by (3600 − max(a, 300)) and favours young tokens a
    // little. E[exposure] = ttl − E[a mod L] under that weighting (numeric integral below);
    // the standard error is ≈ (L/√12)/√n.
    const L = ttl - 10 + 5.02;
    let mass = 0;
    let age = 0;
    for (let a = 0.5; a < 3600; a += 1) {
      const w = 3600 - Math.max(a, 300);
      mass += w;
      age += w * (a % L);
    }
    const expected = ttl - age / mass;
    const m = r.none!.metrics.security;
    const se = L / Math.sqrt(12) / Math.sqrt(m.revocations);
    expect(m.revocations).toBeGreaterThan(300);
    expect(Math.abs(m.revocationExposure - expected)).toBeLessThan(4 * se);
    expect(Math.abs(m.revocationExposure - ttl / 2)).toBeLessThan(0.1 * ttl);
    expect(m.revokedTokenAcceptances).toBeGreaterThan(0);
  });

  it('with a deny-list, the exposure is 0 and no revoked token is accepted', () => {
    const m = r.deny!.metrics.security;
    expect(m.revocationExposure).toBe(0);
    expect(m.revokedTokenAcceptances).toBe(0);
    expect(m.revokedTokenRejections).toBeGreaterThan(r.none!.metrics.security.revokedTokenRejections);
  });

  it('a revoked token\'s 401 is the revocation working: counted apart, not as a failed request', () => {
    for (const name of ['deny', 'none']) {
      const m = r[name]!.metrics;
      expect(m.security.revokedTokenRejections).toBeGreaterThan(0);
      // No other failure happens in this set-up: every rejection is outside failedRequests.
      expect(m.failedRequests).toBe(0);
      expect(Object.keys(m.failuresByReason)).not.toContain('token-revoked');
      expect(Object.values(m.failuresByReason).reduce((a, b) => a + b, 0)).toBe(m.failedRequests);
      expect(r[name]!.timeline.failed.reduce((a, b) => a + b, 0)).toBe(0);
    }
  });

  it('the deny-list costs exactly one store lookup per request', () => {
    const plain = revocation([{ type: 'jwt', name: 'deny', revocation: 'deny-list' }, { type: 'jwt', name: 'none' }], 0);
    const m = plain.deny!.metrics;
    // Commands are counted when sent, requests when they end: the edges of the window differ
    // by the requests in flight (a few at ≈ 1800 users × 20 ms / 5 s ≈ 7).
    expect(Math.abs(m.store.ops - m.requests)).toBeLessThan(20);
    expect(plain.none!.metrics.store.ops).toBe(0);
    expect(m.store.latencyShare).toBeGreaterThan(0);
  });
});

describe('a deny-list brings state back, with the store\'s failure modes', () => {
  // The revocation set-up above: a deny-list beside no list, half the users revoked.
  const denyRun = (extra: object = {}, events: object[] = []) =>
    revocationRun(
      [
        { type: 'jwt', name: 'deny', accessTtl: '10m', refreshBefore: '10s', revocation: 'deny-list' },
        { type: 'jwt', name: 'none', accessTtl: '10m', refreshBefore: '10s' },
      ],
      0.5,
      { events, ...extra },
    );

  const r = denyRun();

  it('its entries take store memory (one key per revoked, unexpired token); without a list there is none', () => {
    const peak = r.deny!.metrics.store.peakMemoryBytes;
    // Revocations ≈ 0.25/s × (t / 1 h) near the end and an entry lives ≤ 10 min: tens of entries.
    expect(peak / DENY_ENTRY_BYTES).toBeGreaterThan(20);
    expect(Number.isInteger(peak / DENY_ENTRY_BYTES)).toBe(true);
    expect(r.none!.metrics.store.peakMemoryBytes).toBe(0);
  });

  it('each entry outlives its token on every server: with clocks ±60 s apart no revoked token is accepted', () => {
    const skewed = denyRun({ servers: { clockSkew: '60s' } });
    expect(skewed.deny!.metrics.security.revokedTokenAcceptances).toBe(0);
    expect(skewed.deny!.metrics.security.revokedTokenRejections).toBeGreaterThan(0);
  });

  it('a store restart without a replica empties the list: tokens revoked before it are accepted again until they expire', () => {
    const crashed = denyRun({}, [{ at: 1800, type: 'store-crash', node: 0 }, { at: 1805, type: 'store-recover', node: 0 }]);
    const m = crashed.deny!.metrics.security;
    expect(m.revokedTokenAcceptances).toBeGreaterThan(0);
    // Those tokens are the ones revoked in the 10 min before the crash, used until they expire:
    // fewer acceptances than with no list at all.
    expect(m.revokedTokenAcceptances).toBeLessThan(crashed.none!.metrics.security.revokedTokenAcceptances);
    expect(r.deny!.metrics.security.revokedTokenAcceptances).toBe(0);
  });

  it('a logout while the store is unreachable writes nothing: that token stays usable, its time left counted as exposure', () => {
    const out = denyRun({}, [{ at: 1800, type: 'store-outage', downFor: '2m' }]);
    const m = out.deny!.metrics.security;
    // ≈ 0.25/s × 0.5 × 120 s ≈ 15 logouts in the outage, each exposed for its token's time left.
    expect(m.revocationExposure).toBeGreaterThan(0);
    expect(m.revokedTokenAcceptances).toBeGreaterThan(0);
    expect(r.deny!.metrics.security.revocationExposure).toBe(0);
  });
});

describe('the token service is a resource that can fail', () => {
  const outage = runAll({
    duration: '1200s',
    warmup: '200s',
    clients: { arrivalRate: 5, requestsPerSession: { dist: 'geometric', mean: 100 } },
    events: [{ at: 400, type: 'token-service-outage', downFor: '10m' }],
    strategies: [
      { type: 'jwt', name: 'short', accessTtl: '5m' },
      { type: 'jwt', name: 'long', accessTtl: '15m' },
    ],
  });

  it('an outage longer than the access lifetime lets tokens expire: users are rejected and must log in again', () => {
    const m = outage.short!.metrics;
    expect(m.lossByCause['token-rejected']).toBeGreaterThan(100);
    expect(m.failuresByReason['token-rejected']).toBeGreaterThanOrEqual(m.lossByCause['token-rejected']);
    // Nobody can log in meanwhile.
    expect(m.failuresByReason['token-service-unavailable']).toBeGreaterThan(0);
  });

  it('tokens that outlive the outage carry their users through it', () => {
    // A counted session started at s ≥ 200 s and logged in then (or, from 400 s, could not log
    // in until 1000 s): its 15 min token lasts past s + 900 ≥ 1100 s and it first tries to
    // refresh at s + 840 ≥ 1040 s, after the service is back at 1000 s.
    expect(outage.long!.metrics.lossByCause['token-rejected']).toBe(0);
    expect(outage.long!.metrics.failuresByReason['token-service-unavailable']).toBeGreaterThan(0);
  });
});

describe('keys and clocks', () => {
  const base = { duration: '1200s', warmup: '200s', clients: { arrivalRate: 5, requestsPerSession: { dist: 'geometric' as const, mean: 100 } } };

  it('key rotation without overlap rejects every outstanding token at once; with overlap nothing breaks', () => {
    const r = runAll({
      ...base,
      events: [{ at: 400, type: 'key-rotation' }, { at: 800, type: 'key-rotation', overlap: '15m' }],
      strategies: [{ type: 'jwt', name: 'jwt' }],
    }).jwt!;
    // Every user active at t = 400 s (≈ 5 × 500 × (1 − e^{−400/500}) ≈ 1376) whose session
    // started in the window (age < 200 s: ≈ 5 × 500 × (1 − e^{−200/500}) ≈ 824) and who comes
    // back (≈ 0.99) loses the session: ≈ 816, ±10 %. The second rotation adds nothing.
    const lost = r.metrics.lossByCause['token-rejected'];
    expect(Math.abs(lost - 816)).toBeLessThan(82);
    const rejectedAfter800 = r.timeline.failed.slice(Math.ceil(800 / r.timeline.window)).reduce((a, b) => a + b, 0);
    expect(rejectedAfter800).toBe(0);
  });

  it('servers with skewed clocks reject valid tokens unless the leeway covers the skew', () => {
    const r = runAll({
      ...base,
      servers: { clockSkew: '2m' },
      strategies: [
        { type: 'jwt', name: 'strict', accessTtl: '5m' },
        { type: 'jwt', name: 'lenient', accessTtl: '5m', leeway: '2m' },
      ],
    });
    // Servers at −2 m, −40 s, +40 s, +2 m: the one behind refuses tokens issued less than 2 m
    // ago (nbf), the one ahead those with less than 2 m left; both are a large share of 5 m tokens.
    expect(r.strict!.metrics.failuresByReason['token-rejected']).toBeGreaterThan(0.1 * r.strict!.metrics.requests);
    expect(r.strict!.metrics.lostSessions).toBe(0);
    expect(r.lenient!.metrics.failedRequests).toBe(0);
  });

  it('a refresh token that expires before the session ends forces a new login (token-rejected)', () => {
    const r = runAll({ ...base, strategies: [{ type: 'jwt', name: 'jwt', accessTtl: '1m', refreshBefore: '10s', refreshTtl: '3m' }] }).jwt!;
    // Sessions longer than 3 m (P = e^{−180/500} ≈ 0.70 of them) lose it, if they start early
    // enough to get there in the run (≥ 3 m before the end: 820 of 1000 s).
    const expected = r.metrics.sessions * Math.exp(-180 / 500) * (820 / 1000);
    expect(Math.abs(r.metrics.lossByCause['token-rejected'] - expected)).toBeLessThan(0.15 * expected);
  });
});

describe('where the session data lives', () => {
  const base = { duration: '300s', warmup: '30s', clients: { arrivalRate: 5 } };

  it('client: the encrypted cookie rides on every request; over 4096 bytes it cannot be set', () => {
    expect(dataCookieBytes(1024)).toBe('session='.length + 4 * Math.ceil(1052 / 3));
    const r = runAll({ ...base, clients: { arrivalRate: 5, sessionData: '4KB' }, strategies: [{ type: 'jwt', name: 'client' }, { type: 'jwt', name: 'store', data: 'store' }] });
    expect(r.client!.metrics.bandwidth.bytesPerRequest).toBe('Authorization: Bearer '.length + tokenLength('ES256', 250) + 'Cookie: '.length + dataCookieBytes(4096));
    // Every response that would set it fails (CookieOverflow): new sessions can never store theirs.
    expect(r.client!.metrics.failuresByReason['cookie-too-large']).toBe(r.client!.metrics.requests);
    // store: only the token travels; the data costs a GET and a save per request.
    expect(r.store!.metrics.failedRequests).toBe(0);
    expect(r.store!.metrics.bandwidth.bytesPerRequest).toBe('Authorization: Bearer '.length + tokenLength('ES256', 250));
    expect(Math.abs(r.store!.metrics.store.ops - 2 * r.store!.metrics.requests)).toBeLessThan(20);
  });

  it('client: two parallel requests both setting the cookie — the last response wins (lost updates)', () => {
    // As for whole-session stores (test/model/concurrency.test.ts): pairs × 0.2², within 4 SD.
    const m = runAll({ ...base, clients: { arrivalRate: 5, concurrency: { share: 0.3 } }, strategies: [{ type: 'jwt', name: 'jwt' }] }).jwt!.metrics;
    const expected = ((m.requests * 0.285) / 1.285) * 0.04;
    expect(Math.abs(m.lostUpdates - expected)).toBeLessThan(4 * Math.sqrt(expected));
  });
});

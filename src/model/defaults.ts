/**
 * Defaults of the session-store, concurrency and token settings, each naming the real
 * system and setting it mirrors (REFERENCE.md). The scenario schema fills the same values
 * in; the model falls back to them for hand-built configs.
 */
import type { CostProfile } from './config.js';

/** Built-in CPU costs on one server core. Token figures: REFERENCE.md "Tokens (JWT)". */
export const DEFAULT_COSTS: CostProfile = {
  source: 'built-in (REFERENCE.md; JSON measured with `session-sim calibrate`, Node 20, x86-64)',
  // JSON.stringify / JSON.parse of a web session object: ≈ 4 µs and ≈ 4.7 µs per KB measured on
  // the development machine with `session-sim calibrate` (REFERENCE.md gives no figure).
  jsonSerializePerKB: 4e-6,
  jsonParsePerKB: 4.7e-6,
  // AES-GCM ≈ 0.3 µs per KB on a modern server core (REFERENCE.md, "Serialised sizes").
  aesGcmPerKB: 0.3e-6,
  jwt: {
    // HS256 verify ≈ 3–4 µs (REFERENCE.md); an HMAC signs at the cost it verifies.
    HS256: { sign: 3.5e-6, verify: 3.5e-6 },
    // RS256 verify ≈ 20 µs, sign ≈ 300–600 µs (REFERENCE.md).
    RS256: { sign: 450e-6, verify: 20e-6 },
    // ES256 verify ≈ 45 µs, sign ≈ 25 µs (REFERENCE.md).
    ES256: { sign: 25e-6, verify: 45e-6 },
    // EdDSA is not in REFERENCE.md: Ed25519 in Node typically signs in ≈ 20 µs, verifies in ≈ 50 µs.
    EdDSA: { sign: 20e-6, verify: 50e-6 },
  },
};

/** AES-GCM adds a 12-byte nonce and a 16-byte tag (REFERENCE.md). */
export const AES_GCM_OVERHEAD_BYTES = 28;
/** A browser keeps at most ≈ 4096 bytes per cookie (RFC 6265 §6.1 minimum, what browsers enforce). */
export const COOKIE_LIMIT_BYTES = 4096;

/** phpredis: redis.session.lock_wait_time 20000 µs, lock_retries 100, lock_expire = max_execution_time 30 s. */
export const PHPREDIS_LOCK_WAIT = 0.02;
export const PHPREDIS_LOCK_RETRIES = 100;
export const PHPREDIS_LOCK_EXPIRE = 30;
/** Compare-and-set (WATCH/MULTI/EXEC): retries of the read-modify-write before giving up (our choice). */
export const CAS_RETRIES = 10;
/** Write-behind: Hazelcast MapStore write-delay-seconds must be ≥ 1 for write-behind; 1 s. */
export const WRITE_BEHIND_DELAY = 1;

/** Spring Session, ASP.NET: sessions are maps of a handful of attributes (user, cart, csrf, flash). */
export const SESSION_ATTRIBUTES = 4;

/** jsonwebtoken's clockTolerance default is 0 (.NET uses 5 min). */
export const JWT_LEEWAY = 0;
/** Auth0's default absolute refresh-token lifetime: 2,592,000 s (30 days). */
export const REFRESH_TOKEN_TTL = 30 * 86400;

/** Token service: a login/refresh endpoint on the same network (≈ 1 ms round trip) with 2 cores. */
export const TOKEN_SERVICE_WORKERS = 2;
export const TOKEN_SERVICE_TIME = 0.5e-3;

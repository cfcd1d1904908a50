/**
 * Measuring, on the machine the simulator runs on, what session handling costs a server
 * core: JWT signing and verification (HS256, RS256 with a 2048-bit key, ES256 on P-256,
 * EdDSA on Ed25519) with node:crypto, JSON serialise and parse of a web session per KB,
 * and AES-256-GCM per KB. A measured cost beats a quoted one (REFERENCE.md); the result is
 * a cost profile a scenario can point at (`"costs": "./costs.json"`).
 *
 * Each figure is the best of a few timed batches (the least disturbed by other work on
 * the machine), after a warm-up so the JIT has compiled the loop.
 */
import { createCipheriv, createDecipheriv, createHmac, generateKeyPairSync, randomBytes, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { cpus } from 'node:os';
import type { CostProfile, JwtAlgorithm } from '../model/config.js';

export interface CalibrationOptions {
  /** Milliseconds per timed batch (default 40). */
  batchMs?: number;
  /** Timed batches per figure; the fastest counts (default 3). */
  batches?: number;
}

export interface Calibration {
  profile: CostProfile;
  machine: string;
  /** Operations timed per figure, for the record. */
  samples: Record<string, number>;
}

const ALGORITHMS: JwtAlgorithm[] = ['HS256', 'RS256', 'ES256', 'EdDSA'];

/** Seconds per call of `fn`: the best of `batches` batches of about `batchMs` each. */
function time(fn: () => void, batchMs: number, batches: number): { seconds: number; calls: number } {
  // Warm up: compile the loop and the crypto paths.
  for (let i = 0; i < 20; i++) fn();
  let best = Infinity;
  let calls = 0;
  for (let b = 0; b < batches; b++) {
    const budget = BigInt(Math.round(batchMs * 1e6));
    const start = process.hrtime.bigint();
    let n = 0;
    let elapsed = 0n;
    do {
      for (let k = 0; k < 8; k++) fn();
      n += 8;
      elapsed = process.hrtime.bigint() - start;
    } while (elapsed < budget);
    calls += n;
    const per = Number(elapsed) / 1e9 / n;
    if (per < best) best = per;
  }
  return { seconds: best, calls };
}

/** A web session object of about `bytes` of JSON: a user, a cart, flags (what sessions hold). */
export function sessionObject(bytes: number): object {
  const o = { cookie: { originalMaxAge: 1800000, httpOnly: true, path: '/' }, user: { id: 4217, name: 'Ada Lovelace', roles: ['user', 'beta'] }, csrf: 'c3RhdGljLWNzcmYtdG9rZW4', cart: [] as object[] };
  for (let i = 0; JSON.stringify(o).length < bytes; i++) o.cart.push({ sku: `SKU-${1000 + i}`, qty: 1 + (i % 3), price: 12.5 + i });
  return o;
}

/** The signing input of a typical token: header with kid, 250 bytes of claims. */
function signingInput(alg: JwtAlgorithm): Buffer {
  const header = Buffer.from(JSON.stringify({ alg, typ: 'JWT', kid: 'k1' })).toString('base64url');
  const claims = JSON.stringify({ sub: 'user-4217', iss: 'https://auth.example.com', aud: 'api', iat: 1700000000, exp: 1700000900, jti: 'a1b2c3d4', pad: '' });
  const payload = Buffer.from(JSON.stringify({ ...JSON.parse(claims), pad: 'x'.repeat(Math.max(0, 250 - claims.length)) })).toString('base64url');
  return Buffer.from(`${header}.${payload}`);
}

function jwtTimings(alg: JwtAlgorithm, batchMs: number, batches: number): { sign: number; verify: number; calls: number } {
  const input = signingInput(alg);
  let signFn: () => Buffer;
  let verifyFn: (sig: Buffer) => boolean;
  if (alg === 'HS256') {
    const secret = randomBytes(32);
    signFn = () => createHmac('sha256', secret).update(input).digest();
    verifyFn = (sig) => timingSafeEqual(createHmac('sha256', secret).update(input).digest(), sig);
  } else {
    let pair: { privateKey: KeyObject; publicKey: KeyObject };
    let digest: string | null = 'sha256';
    let dsaEncoding: 'ieee-p1363' | undefined;
    if (alg === 'RS256') pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    else if (alg === 'ES256') {
      pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      dsaEncoding = 'ieee-p1363'; // JWS carries r‖s, not DER
    } else {
      pair = generateKeyPairSync('ed25519');
      digest = null;
    }
    const priv = dsaEncoding ? { key: pair.privateKey, dsaEncoding } : pair.privateKey;
    const pub = dsaEncoding ? { key: pair.publicKey, dsaEncoding } : pair.publicKey;
    signFn = () => sign(digest, input, priv);
    verifyFn = (sig) => verify(digest, input, pub, sig);
  }
  const sig = signFn();
  if (!verifyFn(sig)) throw new Error(`calibration: ${alg} signature did not verify`);
  const s = time(() => void signFn(), batchMs, batches);
  const v = time(() => void verifyFn(sig), batchMs, batches);
  return { sign: s.seconds, verify: v.seconds, calls: s.calls + v.calls };
}

/** Time everything; returns a cost profile and where it was measured. */
export function calibrate(options: CalibrationOptions = {}): Calibration {
  const batchMs = options.batchMs ?? 40;
  const batches = options.batches ?? 3;
  const samples: Record<string, number> = {};

  const obj = sessionObject(4096);
  const text = JSON.stringify(obj);
  const kb = Buffer.byteLength(text) / 1024;
  const ser = time(() => void JSON.stringify(obj), batchMs, batches);
  const par = time(() => void JSON.parse(text), batchMs, batches);
  samples.json = ser.calls + par.calls;

  const key = randomBytes(32);
  const plain = randomBytes(16 * 1024);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([c.update(plain), c.final()]);
  const tag = c.getAuthTag();
  const enc = time(() => {
    const cipher = createCipheriv('aes-256-gcm', key, randomBytes(12));
    cipher.update(plain);
    cipher.final();
    cipher.getAuthTag();
  }, batchMs, batches);
  const dec = time(() => {
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAuthTag(tag);
    d.update(sealed);
    d.final();
  }, batchMs, batches);
  samples.aesGcm = enc.calls + dec.calls;

  const jwt = {} as CostProfile['jwt'];
  for (const alg of ALGORITHMS) {
    const t = jwtTimings(alg, batchMs, batches);
    jwt[alg] = { sign: t.sign, verify: t.verify };
    samples[alg] = t.calls;
  }

  const cpu = cpus()[0];
  const machine = `${cpu?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version} (${process.platform}-${process.arch})`;
  return {
    machine,
    samples,
    profile: {
      source: `session-sim calibrate, ${new Date().toISOString().slice(0, 10)}`,
      jsonSerializePerKB: ser.seconds / kb,
      jsonParsePerKB: par.seconds / kb,
      // One direction (encrypt or decrypt) per KB: the mean of the two.
      aesGcmPerKB: (enc.seconds + dec.seconds) / 2 / 16,
      jwt,
    },
  };
}

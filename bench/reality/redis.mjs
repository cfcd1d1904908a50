// Redis asynchronous replication against the real thing: a primary and a replica on loopback
// (no persistence), users writing their sessions through the primary, the primary killed
// (SIGKILL) mid-run and the replica promoted by hand (REPLICAOF NO ONE, what Sentinel does after
// down-after-milliseconds). Counted: acknowledged writes the promoted replica does not have, and
// the sessions they belong to. With `wait` each SET is followed by WAIT 1 100 and counts as
// acknowledged only when a replica confirmed it.
import net from 'node:net';
import { random } from './driver.mjs';
import { freePort, startRedis } from './systems.mjs';

/** A minimal RESP client: one command at a time per connection, replies in order. */
export function connect(port) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const waiting = [];
    let buf = Buffer.alloc(0);
    const parse = (b, i) => {
      const end = b.indexOf('\r\n', i);
      if (end < 0) return null;
      const type = String.fromCharCode(b[i]);
      const line = b.toString('utf8', i + 1, end);
      if (type === '+' || type === '-' || type === ':') return { value: type === ':' ? Number(line) : type === '-' ? new Error(line) : line, next: end + 2 };
      if (type === '$') {
        const n = Number(line);
        if (n < 0) return { value: null, next: end + 2 };
        if (b.length < end + 2 + n + 2) return null;
        return { value: b.toString('utf8', end + 2, end + 2 + n), next: end + 2 + n + 2 };
      }
      if (type === '*') {
        const n = Number(line);
        const out = [];
        let at = end + 2;
        for (let k = 0; k < n; k++) {
          const r = parse(b, at);
          if (r === null) return null;
          out.push(r.value);
          at = r.next;
        }
        return { value: out, next: at };
      }
      throw new Error(`RESP: unexpected ${type}`);
    };
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const r = parse(buf, 0);
        if (r === null) break;
        buf = buf.subarray(r.next);
        waiting.shift()?.(r.value);
      }
    });
    let closed = false;
    const failAll = (e) => {
      closed = true;
      while (waiting.length) waiting.shift()(e instanceof Error ? e : new Error(String(e)));
    };
    sock.on('error', failAll);
    sock.on('close', () => {
      failAll(new Error('closed'));
      reject(new Error('closed before connecting'));
    });
    sock.on('connect', () =>
      resolve({
        call(...args) {
          if (closed) return Promise.resolve(new Error('closed'));
          return new Promise((res) => {
            waiting.push(res);
            sock.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`);
          });
        },
        close() {
          sock.destroy();
        },
      }),
    );
    sock.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const exp = (rnd, mean) => -Math.log(1 - rnd()) * mean;

/**
 * Users: Poisson arrivals at `rate`, `requests` writes each (`think` s apart), each write a SET of
 * the whole session (`bytes` of value) with a new version. The primary dies at `kill`.
 */
export async function redisFailover({ rate, duration, requests, think, kill, bytes = 400, wait = false, seed = 7 }) {
  const pPort = await freePort();
  const rPort = await freePort();
  const primary = await startRedis(pPort);
  const replica = await startRedis(rPort, ['--replicaof', '127.0.0.1', String(pPort)]);
  try {
    // Wait until the replica is in sync.
    const admin = await connect(rPort);
    const dbg = (m) => process.env.REALITY_DEBUG && process.stderr.write(m + '\n');
    dbg('admin connected');
    for (let k = 0; k < 100; k++) {
      const info = await admin.call('INFO', 'replication');
      if (/master_link_status:up/.test(info)) break;
      await sleep(50);
    }
    const rnd = random(seed);
    const acked = new Map(); // session → latest acknowledged version before the kill
    let killed = false;
    let writes = 0;
    let ackedWrites = 0;
    let failed = 0;
    const started = Date.now();
    const now = () => (Date.now() - started) / 1000;
    let target = pPort;
    const value = 'x'.repeat(bytes);
    const users = [];
    let promotedAt = -1;
    let snapshot = null;
    const killer = (async () => {
      await sleep(kill * 1000);
      dbg('kill'); primary.child.kill('SIGKILL');
      killed = true;
      await admin.call('REPLICAOF', 'NO', 'ONE');
      promotedAt = now(); dbg('promoted');
      // What the promoted replica holds, before anyone writes to it.
      snapshot = new Map();
      let cursor = '0';
      do {
        const [next, keys] = await admin.call('SCAN', cursor, 'COUNT', '1000');
        cursor = next;
        for (const k of keys) snapshot.set(k, Number((await admin.call('GET', k)).split(':')[0]));
      } while (cursor !== '0');
      target = rPort; dbg('snapshot ' + snapshot.size);
    })();
    let id = 0;
    for (let t = exp(rnd, 1 / rate); t < duration; t += exp(rnd, 1 / rate)) {
      const at = t;
      const sid = `sess:${id++}`;
      const thinks = Array.from({ length: requests }, () => exp(rnd, think));
      users.push(
        (async () => {
          await sleep(Math.max(0, at - now()) * 1000);
          let c = null;
          let port = -1;
          for (let v = 1; v <= requests; v++) {
            if (v > 1) await sleep(thinks[v - 1] * 1000);
            if (now() > duration) break;
            if (killed && promotedAt < 0) continue; // no primary: the request fails (not counted as a write)
            try {
              if (c === null || port !== target) {
                c?.close();
                port = target;
                c = await connect(port);
              }
              const wasKilled = killed;
              writes++;
              const ok = await c.call('SET', sid, `${v}:${value}`, 'EX', '1800');
              if (ok instanceof Error) throw ok;
              if (wait) {
                const n = await c.call('WAIT', '1', '100');
                if (!(n >= 1)) {
                  failed++;
                  continue;
                }
              }
              ackedWrites++;
              if (!wasKilled && !killed) acked.set(sid, v);
            } catch {
              failed++;
              c = null;
            }
          }
          c?.close();
        })(),
      );
    }
    dbg('users ' + users.length); await Promise.all(users); dbg('users done');
    await killer;
    let writesLost = 0;
    let sessionsAffected = 0;
    for (const [sid, v] of acked) {
      const held = snapshot.get(sid) ?? 0;
      if (held < v) {
        writesLost += v - held;
        sessionsAffected++;
      }
    }
    admin.close();
    return { writes, ackedWrites, failed, writesLost, sessionsAffected, sessions: id, wait };
  } finally {
    primary.stop();
    replica.stop();
  }
}

// Plays users against a balancer on loopback: sessions start as a Poisson process, each sends a
// fixed number of requests separated by exponential think times, from its own source address in
// 127.0.0.0/8 (http.request localAddress; Linux routes all of 127/8 to lo). It keeps the cookies
// it is given (the balancer's and the application's session id) like a browser.
//
// Counted as session-sim counts them: sessions started inside the window, sessions that lost
// their state at least once (a server answered `x-session: lost`), failed requests (an HTTP
// status other than 200, or a connection error: what the client sees); requests per server over
// the whole run.
import http from 'node:http';

/** A deterministic generator (mulberry32), so a run's workload is reproducible. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const exp = (rnd, mean) => -Math.log(1 - rnd()) * mean;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One HTTP GET with the user's cookies; resolves { status, server, session, cookies } or { error }. */
function get(port, localAddress, cookies, timeoutMs) {
  return new Promise((resolve) => {
    const headers = { connection: 'close' };
    const jar = Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    if (jar) headers.cookie = jar;
    const req = http.request({ host: '127.0.0.1', port, path: '/', localAddress, headers, agent: false, timeout: timeoutMs }, (res) => {
      const set = res.headers['set-cookie'] ?? [];
      for (const c of set) {
        const m = /^([^=;\s]+)=([^;]*)/.exec(c);
        if (m) cookies[m[1]] = m[2];
      }
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, server: res.headers['x-server'], session: res.headers['x-session'] }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

/**
 * Run the workload: `rate` sessions/s for `duration` s, `requests` each, `think` s mean think
 * time; events at `events` = [{ at, run }]; counts sessions that start after `warmup`.
 */
export async function drive({ port, rate, duration, warmup, requests, think, seed, events = [], timeoutMs = 15000 }) {
  const rnd = random(seed);
  const started = Date.now();
  const now = () => (Date.now() - started) / 1000;
  const out = { sessions: 0, lostSessions: 0, requests: 0, failedRequests: 0, failures: {}, perServer: {} };
  const users = [];
  for (const e of events) setTimeout(e.run, e.at * 1000);
  let t = exp(rnd, 1 / rate);
  let k = 0;
  while (t < duration) {
    const at = t;
    // Each user its own address: 127.a.b.c, a in 1..254 so that even NGINX ip_hash (first three
    // octets) sees distinct keys.
    const addr = `127.${1 + Math.floor(rnd() * 254)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`;
    const thinks = Array.from({ length: requests - 1 }, () => exp(rnd, think));
    const counted = at >= warmup;
    users.push(
      (async () => {
        await sleep(Math.max(0, at - now()) * 1000);
        if (counted) out.sessions++;
        const cookies = {};
        let lost = false;
        for (let i = 0; i < requests; i++) {
          if (i > 0) await sleep(thinks[i - 1] * 1000);
          if (now() > duration) break; // session-sim stops at `duration` too
          const r = await get(port, addr, cookies, timeoutMs);
          // Requests per server over the whole run, as session-sim's timeline counts them.
          if (r.server !== undefined) out.perServer[r.server] = (out.perServer[r.server] ?? 0) + 1;
          if (!counted) continue;
          out.requests++;
          if (r.error || r.status !== 200) {
            out.failedRequests++;
            const why = r.error ?? `http-${r.status}`;
            out.failures[why] = (out.failures[why] ?? 0) + 1;
            continue;
          }
          if (r.session === 'lost') lost = true;
        }
        if (lost) out.lostSessions++;
      })(),
    );
    t += exp(rnd, 1 / rate);
    k++;
  }
  await Promise.all(users);
  out.wallSeconds = now();
  return out;
}

// The bare reference of `npm run bench`: the single-request-session M/M/1 work (Poisson
// arrivals at λ, uniform random routing to n single-worker servers with exponential service
// and unbounded FIFO queues) as a plain event loop — a typed-array binary heap of (time,
// sequence) keys, per-server ring buffers of arrival times, an inline Mulberry32 generator —
// with no framework, no sessions, no metrics beyond the mean response time that checks it.
// session-sim on the same workload does this plus everything its JSON contract reports.

/** @returns {{ requests: number, meanResponse: number, seconds: number }} */
export function referenceMM1({ lambda, servers, mu, duration, seed = 1 }) {
  let state = seed >>> 0;
  const uniform = () => {
    let t = (state = (state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const exp = (rate) => -Math.log(1 - uniform()) / rate;

  // Heap of events: key (time, seq); payload = server index, or -1 for an arrival.
  let cap = 1024;
  let hTime = new Float64Array(cap);
  let hSeq = new Float64Array(cap);
  let hWhat = new Int32Array(cap);
  let size = 0;
  let seq = 0;
  const push = (time, what) => {
    if (size === cap) {
      cap *= 2;
      const t = new Float64Array(cap); t.set(hTime); hTime = t;
      const s = new Float64Array(cap); s.set(hSeq); hSeq = s;
      const w = new Int32Array(cap); w.set(hWhat); hWhat = w;
    }
    const q = ++seq;
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (hTime[p] <= time) break;
      hTime[i] = hTime[p]; hSeq[i] = hSeq[p]; hWhat[i] = hWhat[p];
      i = p;
    }
    hTime[i] = time; hSeq[i] = q; hWhat[i] = what;
  };
  let popTime = 0;
  let popWhat = 0;
  const pop = () => {
    popTime = hTime[0]; popWhat = hWhat[0];
    const n = --size;
    if (n === 0) return;
    const lt = hTime[n], ls = hSeq[n], lw = hWhat[n];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && (hTime[r] < hTime[l] || (hTime[r] === hTime[l] && hSeq[r] < hSeq[l]))) c = r;
      if (lt < hTime[c] || (lt === hTime[c] && ls < hSeq[c])) break;
      hTime[i] = hTime[c]; hSeq[i] = hSeq[c]; hWhat[i] = hWhat[c];
      i = c;
    }
    hTime[i] = lt; hSeq[i] = ls; hWhat[i] = lw;
  };

  // Per server: busy flag and a ring buffer of the arrival times of waiting + in-service requests.
  const ring = 1 << 16;
  const queue = new Float64Array(servers * ring);
  const head = new Int32Array(servers);
  const count = new Int32Array(servers);

  const t0 = process.hrtime.bigint();
  let requests = 0;
  let responseSum = 0;
  push(exp(lambda), -1);
  while (size > 0) {
    pop();
    const now = popTime;
    if (now > duration) break;
    if (popWhat < 0) {
      push(now + exp(lambda), -1);
      const s = Math.floor(uniform() * servers);
      const k = count[s]++;
      if (k >= ring) throw new Error('reference queue overflow');
      queue[s * ring + ((head[s] + k) & (ring - 1))] = now;
      if (k === 0) push(now + exp(mu), s);
    } else {
      const s = popWhat;
      responseSum += now - queue[s * ring + head[s]];
      requests++;
      head[s] = (head[s] + 1) & (ring - 1);
      if (--count[s] > 0) push(now + exp(mu), s);
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { requests, meanResponse: responseSum / requests, seconds };
}

// The configurations the reality harness runs: each one a real balancer's configuration and the
// session-sim scenario that says the same thing. The workload is shared (workload()).

/** The users: Poisson sessions, a fixed number of requests, exponential think time; one backend killed. */
export const WORKLOADS = {
  full: { rate: 25, duration: 60, warmup: 10, requests: 10, think: 1, kill: 30, servers: 3 },
  quick: { rate: 20, duration: 24, warmup: 4, requests: 8, think: 0.5, kill: 12, servers: 3 },
  // The vitest check (test/bench/reality.test.ts): one configuration in well under 30 s.
  test: { rate: 20, duration: 16, warmup: 2, requests: 6, think: 0.5, kill: 6, servers: 3 },
};

const haproxyBase = (port, backends, backend) => `global
  maxconn 4000
defaults
  mode http
  # HAProxy: a retry waits min(timeout connect, 1 s); retries 3 (the default) with option
  # redispatch on the last one.
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  retries 3
  option redispatch
frontend fe
  bind 127.0.0.1:${port}
  default_backend be
backend be
${backend}
${backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check inter 2s fall 3 rise 2${backend.includes('cookie SRV') ? ` cookie ${b.name}` : ''}`).join('\n')}
`;

const nginxBase = (port, backends, method) => `  upstream be {
    ${method}
${backends.map((b) => `    server 127.0.0.1:${b.port} max_fails=1 fail_timeout=10s;`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://be;
      # the defaults, written out: proxy_next_upstream error timeout; proxy_next_upstream_tries 0
      proxy_next_upstream error timeout;
      proxy_connect_timeout 1s;
    }
  }`;

const haproxyLb = { algorithm: 'round-robin', healthCheck: { interval: '2s', rise: 2, fall: 3 }, retries: 3, retryDelay: '1s', redispatch: true };
const nginxLb = {
  algorithm: 'round-robin',
  // NGINX OSS has no active checks: passive max_fails=1 fail_timeout=10s, proxy_next_upstream.
  healthCheck: { enabled: false },
  passive: { type: 'nginx', maxFails: 1, failTimeout: '10s' },
  retryPolicy: { style: 'nginx' },
};

export const CONFIGS = [
  {
    name: 'haproxy cookie insert',
    system: 'haproxy',
    config: (port, backends) => haproxyBase(port, backends, '  balance roundrobin\n  cookie SRV insert indirect nocache'),
    lb: haproxyLb,
    strategy: { name: 'cookie', type: 'sticky', affinity: 'cookie' },
  },
  {
    name: 'haproxy balance source (map-based)',
    system: 'haproxy',
    config: (port, backends) => haproxyBase(port, backends, '  balance source\n  hash-type map-based'),
    lb: haproxyLb,
    strategy: { name: 'source-map', type: 'sticky', affinity: 'ip-hash', hashing: 'modulo' },
  },
  {
    name: 'haproxy balance source (consistent)',
    system: 'haproxy',
    config: (port, backends) => haproxyBase(port, backends, '  balance source\n  hash-type consistent'),
    lb: haproxyLb,
    strategy: { name: 'source-consistent', type: 'sticky', affinity: 'ip-hash', hashing: 'consistent', pointsPerWeight: 16 },
  },
  {
    name: 'nginx ip_hash',
    system: 'nginx',
    config: (port, backends) => nginxBase(port, backends, 'ip_hash;'),
    lb: { ...nginxLb, hash: { ipHash: 'ip_hash' } },
    strategy: { name: 'ip_hash', type: 'sticky', affinity: 'ip-hash', hashing: 'modulo' },
  },
  {
    name: 'nginx hash $remote_addr consistent',
    system: 'nginx',
    config: (port, backends) => nginxBase(port, backends, 'hash $remote_addr consistent;'),
    lb: nginxLb,
    strategy: { name: 'hash-consistent', type: 'sticky', affinity: 'ip-hash', hashing: 'consistent', pointsPerWeight: 160 },
  },
];

/** The session-sim scenario of a configuration under the workload. */
export function scenarioFor(c, w) {
  return {
    name: `reality: ${c.name}`,
    seed: 2026,
    duration: w.duration,
    warmup: w.warmup,
    clients: {
      arrivalRate: w.rate,
      requestsPerSession: w.requests,
      thinkTime: { dist: 'exponential', mean: w.think },
      network: { natShare: 0, cookieRefusal: 0, ipChangeRate: 0 },
    },
    // The backends answer in well under a millisecond; plenty of workers, as Node's event loop.
    servers: { count: w.servers, workers: 256, queueLimit: 10000, serviceTime: '0.5ms', sessionIdleTimeout: '30m' },
    loadBalancer: c.lb,
    strategies: [c.strategy],
    events: [{ at: w.kill, type: 'server-crash', server: 1 }],
  };
}

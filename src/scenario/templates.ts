/**
 * Starter scenarios for `session-sim init`: commented YAML that teaches the format while
 * it runs. JSON files get the same content without comments and with a `$schema` pointer,
 * so editors complete and check them. Any built-in scenario can also be a template.
 */
import { readFileSync } from 'node:fs';
import { listBuiltins, parseText } from './load.js';
import { yamlLibrary } from './yaml-library.js';

export interface Template {
  name: string;
  summary: string;
  /** YAML text with comments. */
  yaml: string;
}

const STARTER = `# A session-sim scenario: a workload, servers behind a load balancer, the session
# strategies to compare, and what goes wrong. Every field has a default; delete what you
# do not need. Durations: "250ms", "30s", "5m", "1h" or seconds; sizes: "4KB" or bytes.
# Check it:  session-sim validate FILE     Run it:  session-sim run FILE  (or explain FILE)
name: My scenario
description: >-
  One of four servers crashes at t=5m for two minutes. Compare lost sessions:
  sticky strategies lose the crashed server's users, the shared store and tokens do not.
seed: 1
duration: 10m            # simulated time
warmup: 1m               # excluded from every figure

clients:
  arrivalRate: 4         # new sessions per second (Poisson)
  requestsPerSession: { dist: geometric, mean: 20 }
  thinkTime: { dist: exponential, mean: 5s }    # pause between a response and the next click
  sessionData: 1KB       # serialised session (a logged-in JSON session is about 200 B)
  network:
    natShare: 0          # share of users behind one carrier-grade NAT / corporate proxy address
    cookieRefusal: 0     # share of browsers refusing cookies

servers:
  count: 4               # s0 … s3; events name them by index
  workers: 8             # requests served at once per server
  queueLimit: 100        # Tomcat acceptCount default
  serviceTime: { dist: lognormal, mean: 20ms, p99: 150ms }

loadBalancer:
  algorithm: least-connections    # round-robin | least-connections | random
  healthCheck: { interval: 2s, fall: 3, rise: 2 }   # HAProxy defaults

store:
  kind: redis            # redis | memcached | database (for "external" strategies)

strategies:
  - { name: sticky-cookie, type: sticky, affinity: cookie }   # HAProxy cookie SRV insert
  - { name: sticky-ip, type: sticky, affinity: ip-hash }      # HAProxy balance source
  - { name: redis, type: external }                           # express-session + connect-redis
  - { name: jwt, type: jwt, algorithm: ES256, accessTtl: 15m }

events:
  - { at: 5m, type: server-crash, server: 2, downFor: 2m }
`;

const MINIMAL = `# The smallest useful scenario: defaults everywhere else (see \`session-sim init --template full\`).
name: Minimal scenario
duration: 5m
events:
  - { at: 2m, type: server-crash, server: 1 }
`;

const FULL = `# Every field of a session-sim scenario with its default value and where the default
# comes from. Delete what you do not change.
name: Unnamed scenario
description: ""
seed: 1                      # every random draw derives from it
duration: 10m                # simulated time
warmup: 1m                   # excluded from every figure

clients:
  arrivalRate: 10            # new sessions per second (Poisson)
  requestsPerSession: { dist: geometric, mean: 20 }
  thinkTime: { dist: exponential, mean: 5s }
  sessionData: 1KB           # serialised session size
  writeRatio: 0.2            # share of requests that modify the session
  network:
    natShare: 0              # share of users behind carrier-grade NAT or a corporate proxy
    natAddresses: 8          # public addresses those users share
    cookieRefusal: 0         # share of browsers refusing cookies

servers:
  count: 4
  workers: 16                # requests served at once
  queueLimit: 100            # Tomcat acceptCount 100
  serviceTime: { dist: lognormal, mean: 20ms, p99: 150ms }
  sessionIdleTimeout: 30m    # Servlet / Spring Session 30 min

loadBalancer:
  algorithm: round-robin     # HAProxy balance roundrobin
  healthCheck:
    interval: 2s             # HAProxy inter 2s
    rise: 2                  # HAProxy rise 2
    fall: 3                  # HAProxy fall 3

store:
  kind: redis
  latency: { dist: lognormal, mean: 0.3ms, p99: 2ms }   # a round trip on 1 GbE ≈ 200 µs
  opsPerSecond: 75000        # Redis without pipelining

# Without a list, one of each family runs: sticky-cookie, sticky-ip, the store, jwt.
strategies:
  - { name: sticky-cookie, type: sticky, affinity: cookie }
  - { name: sticky-ip, type: sticky, affinity: ip-hash }
  - { name: redis, type: external }
  - { name: jwt, type: jwt, algorithm: ES256, accessTtl: 15m, refreshBefore: 1m, claimsSize: 250 }

events: []                   # e.g. - { at: 5m, type: server-crash, server: 2, downFor: 2m }
`;

export const TEMPLATES: readonly Template[] = [
  { name: 'starter', summary: 'a commented server crash to edit (the default)', yaml: STARTER },
  { name: 'minimal', summary: 'five lines, defaults everywhere else', yaml: MINIMAL },
  { name: 'full', summary: 'every field with its default and where it comes from', yaml: FULL },
];

/** Template names: our own, then the built-in scenarios. */
export function templateNames(): string[] {
  return [...TEMPLATES.map((t) => t.name), ...listBuiltins().map((b) => b.name)];
}

/** A template's YAML text, or undefined when no template or built-in has that name. */
export function templateYaml(name: string): string | undefined {
  const own = TEMPLATES.find((t) => t.name === name);
  if (own) return own.yaml;
  const builtin = listBuiltins().find((b) => b.name === name);
  if (!builtin) return undefined;
  const doc = new (yamlLibrary().Document)(parseText(readFileSync(builtin.file, 'utf8'), builtin.file));
  doc.commentBefore = ` Copied from the built-in scenario "${name}" (session-sim explain ${name} tells its story).`;
  return doc.toString({ lineWidth: 100 });
}

/**
 * The file text for `path`: YAML keeps the comments (with a modeline the YAML language
 * server reads for completion); JSON gets the same data with a `$schema` pointer first.
 */
export function renderTemplate(yamlText: string, path: string, schemaRef: string): string {
  if (/\.json$/i.test(path)) {
    const data = yamlLibrary().parse(yamlText) as Record<string, unknown>;
    return `${JSON.stringify({ $schema: schemaRef, ...data }, null, 2)}\n`;
  }
  return `# yaml-language-server: $schema=${schemaRef}\n${yamlText}`;
}

/**
 * Starter scenarios for `session-sim init`: commented YAML that teaches the format while
 * it runs. JSON files get the same content without comments and with a `$schema` pointer,
 * so editors complete and check them. Any built-in scenario can also be a template.
 */
import { readFileSync } from 'node:fs';
import { builtinFile, builtinFileNames, builtinName } from './builtins.js';
import { yamlLibrary } from './yaml-library.js';

export interface Template {
  name: string;
  summary: string;
  /** YAML text with comments (`full` is generated from the schema when asked for: ./template-full.ts). */
  yaml: string | (() => Promise<string>);
}

const STARTER = `# A session-sim scenario: a workload, servers behind a load balancer, the session
# strategies to compare, and what goes wrong. Every field has a default; delete what you
# do not need. Durations: "250ms", "30s", "5m", "1h" or seconds; sizes: "4KB" or bytes.
# Check it:  session-sim validate FILE     Run it:  session-sim run FILE  (or explain FILE)
name: My scenario
description: >-
  One of four servers crashes at t=8m for two minutes. Compare lost sessions:
  sticky strategies lose the crashed server's users, the shared store and tokens do not.
seed: 1
duration: 15m            # simulated time
warmup: 5m               # excluded from every figure: 3 visits of ≈ 95 s, so the window starts steady

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
  - { at: 8m, type: server-crash, server: 2, downFor: 2m }
`;

const MINIMAL = `# The smallest useful scenario: defaults everywhere else (see \`session-sim init --template full\`).
name: Minimal scenario
duration: 12m
warmup: 5m
events:
  - { at: 7m, type: server-crash, server: 1 }
`;

export const TEMPLATES: readonly Template[] = [
  { name: 'starter', summary: 'a commented server crash to edit (the default)', yaml: STARTER },
  { name: 'minimal', summary: 'six lines, defaults everywhere else', yaml: MINIMAL },
  { name: 'full', summary: 'every field with its default and where it comes from', yaml: async () => (await import('./template-full.js')).fullTemplate() },
];

/** Template names: our own, then the built-in scenarios. */
export function templateNames(): string[] {
  return [...TEMPLATES.map((t) => t.name), ...builtinFileNames().map(builtinName)];
}

/** A template's YAML text, or undefined when no template or built-in has that name. */
export async function templateYaml(name: string): Promise<string | undefined> {
  const own = TEMPLATES.find((t) => t.name === name);
  if (own) return typeof own.yaml === 'string' ? own.yaml : own.yaml();
  const file = builtinFile(name);
  if (file === undefined) return undefined;
  // The scenario reader (and with it the schema) only for a built-in template: `run` needs neither.
  const { parseText } = await import('./load.js');
  const doc = new (yamlLibrary().Document)(parseText(readFileSync(file, 'utf8'), file));
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

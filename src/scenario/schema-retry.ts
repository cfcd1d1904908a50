/**
 * `loadBalancer.retryPolicy`: whose rules a connection retry follows when the chosen server is
 * dead but still in rotation (before health checks mark it DOWN). The real balancers differ,
 * and under hash balancing that decides who fails requests during detection:
 *
 *   haproxy  `retries` to the same server `retryDelay` apart; `option redispatch` moves the last
 *            one. Under `hash-type map-based` the redispatch lands on the same dead server again
 *            (map_get_server_hash takes no server to avoid); under `hash-type consistent` it goes
 *            to the next server on the ring (chash_get_server_hash(p, hash, avoid)).
 *   nginx    `proxy_next_upstream error timeout` (the default): at once to another peer, never
 *            one already tried for this request (`ip_hash`/`hash` re-hash, `consistent` walks the
 *            ring), at most `proxy_next_upstream_tries` peers (0: every peer once).
 *   envoy    `num_retries` (= `retries`) host re-selections `retryDelay` apart: the hash policy
 *            picks the same host again unless `retry_host_predicate: previous_hosts` is set; then
 *            up to `host_selection_retry_max_attempts` re-selections skip the hosts tried.
 */
import { z } from '#zod';

export const retryPolicySchema = z
  .strictObject({
    style: z
      .enum(['haproxy', 'nginx', 'envoy'])
      .default('haproxy')
      .meta({ description: 'Whose retry rules apply: haproxy (retries + option redispatch), nginx (proxy_next_upstream), envoy (retry policy).' }),
    // NGINX `proxy_next_upstream_tries` 0: no limit but the number of peers.
    nextUpstreamTries: z.number().int().min(0).max(1000).default(0).meta({ description: 'NGINX proxy_next_upstream_tries: peers tried per request at most (0 = every peer once).' }),
    // Envoy: no retry host predicate unless configured.
    previousHosts: z.boolean().default(false).meta({ description: 'Envoy retry_host_predicate envoy.retry_host_predicates.previous_hosts: re-select hosts already tried.' }),
    // Envoy `host_selection_retry_max_attempts` defaults to 1.
    hostSelectionRetryMaxAttempts: z.number().int().min(1).max(100).default(1).meta({ description: 'Envoy host_selection_retry_max_attempts: re-selections before the last host picked is used anyway.' }),
  })
  .meta({ description: 'How a failed connection is retried (HAProxy, NGINX or Envoy rules).' });

/**
 * The `prices` block: what the simulated fleet costs, so a planner can compare strategies in
 * money. Not `costs`: that field already names the CPU cost profile of `session-sim
 * calibrate` (microseconds per JWT verify, per KB of JSON), a different thing a scenario may
 * give at the same time; `prices` are dollars per hour and per GB.
 *
 * Every price is optional and defaults to an example: AWS on-demand list prices in us-east-1
 * (read 2026-12-02; see README "Money: prices and cost"). `"prices": {}` takes them all;
 * no `prices` block, no cost figures and no cost columns.
 */
import { z } from '#zod';

/** Example prices, US dollars (README "Money: prices and cost" gives each source and its date). */
export const EXAMPLE_PRICES = {
  // EC2 m7g.large (2 vCPU, 8 GiB), Linux on-demand, us-east-1: $0.0816/h (as quoted for June 2026).
  serverPerHour: 0.0816,
  // ElastiCache cache.m7g.large (2 vCPU, 6.38 GiB) on-demand: $0.149/h per node, replicas included.
  storeNodePerHour: 0.149,
  // The token service's two workers on one m7g.large.
  tokenServicePerHour: 0.0816,
  // EC2 data transfer out to the internet, us-east-1, first 10 TB/month: $0.09/GB.
  egressPerGB: 0.09,
} as const;

const price = (description: string, example: number) => z.number().min(0).default(example).meta({ description: `${description} (US dollars; example default ${example})` });

export const pricesSchema = z
  .strictObject({
    serverPerHour: price('one application server for one hour', EXAMPLE_PRICES.serverPerHour),
    storeNodePerHour: price('one store node (each primary and each replica) for one hour', EXAMPLE_PRICES.storeNodePerHour),
    tokenServicePerHour: price('the token service (jwt strategies) for one hour', EXAMPLE_PRICES.tokenServicePerHour),
    egressPerGB: price('one GB (2^30 bytes) of the session bytes requests carry (cookies, tokens)', EXAMPLE_PRICES.egressPerGB),
  })
  .meta({ description: 'Money: prices of servers, store nodes, the token service and transfer; gives every strategy a cost per hour, per month and per million requests. Not `costs` (the CPU cost profile).' });

import type { Simulator } from '../../src/engine/simulator.js';
import { EventKind } from '../../src/model/event-kinds.js';
import { Request } from '../../src/model/session.js';

/**
 * Stands in for the world in model tests: requests to hand to the store or the token service,
 * and the time each one's reply arrived (EventKind.StoreReply).
 */
export function replies(sim: Simulator) {
  const at: number[] = [];
  sim.on(EventKind.StoreReply, (id) => {
    at[id] = sim.now;
  });
  let next = 0;
  return {
    /** Reply time per request id (undefined: none yet). */
    at,
    request(): Request {
      const r = new Request(next++);
      r.serial = next;
      return r;
    },
  };
}

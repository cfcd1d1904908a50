/**
 * Session state in the memory of the server that handled the request (sticky strategies).
 * A request that lands where the state is not finds an empty session: the state stayed
 * on another server (affinity broken) or died with it (server crash).
 */
import { LossCause, type Recorder } from '../recorder.js';
import type { Server } from '../server.js';
import type { Request } from '../session.js';
import { Step, type SessionStateModel } from './session-state.js';

/** Bytes of an inserted server cookie, e.g. `SERVERID=s2` plus the app's session cookie `JSESSIONID=<32 hex>`. */
const COOKIE_BYTES = 'SERVERID=s2; JSESSIONID=0123456789ABCDEF0123456789ABCDEF'.length;

export class InMemorySessionState implements SessionStateModel {
  readonly where = 'in the memory of the server that handles the session';
  readonly stateOnServers = true;
  readonly bytesPerRequest = COOKIE_BYTES;

  constructor(
    private readonly servers: Server[],
    private readonly idleTimeout: number,
    private readonly recorder: Recorder,
  ) {}

  load(req: Request, now: number): Step {
    const session = req.session;
    const server = req.server;
    if (req.noSessionId) {
      // URL rewriting, a link without the id: this page finds no session wherever it lands, but
      // the user's other links still carry the id, so the state stays where it is.
      if (session.hasState && now - session.lastAccess <= this.idleTimeout) this.recorder.sessionLost(session, LossCause.AffinityBroken, now);
      return Step.Continue;
    }
    if (session.hasState) {
      const home = this.servers[session.stateServer]!;
      if (now - session.lastAccess > this.idleTimeout) {
        // The user came back after the idle timeout: expired by design, not lost.
        this.recorder.sessionExpired(session, now);
      } else if (home.incarnation !== session.stateIncarnation) {
        this.recorder.sessionLost(session, LossCause.ServerCrash, now);
      } else if (session.stateServer !== server) {
        this.recorder.sessionLost(session, LossCause.AffinityBroken, now);
      }
    }
    session.hasState = true;
    session.stateServer = server;
    session.stateIncarnation = this.servers[server]!.incarnation;
    session.lastAccess = now;
    return Step.Continue;
  }

  save(): Step {
    return Step.Continue;
  }

  resume(): Step {
    return Step.Continue;
  }
}

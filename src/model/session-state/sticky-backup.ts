/**
 * Sticky sessions with the store as a backup — the common production setup (Tomcat's
 * PersistentManager / Redisson's session manager in write-through mode, Hazelcast's
 * write-behind MapStore): the session lives in the memory of the server the user is
 * pinned to, reads hit that memory, and writes also go to the store.
 *
 *   write-through  the response waits for the store SET: a crash loses nothing, the
 *                  store carries write load only.
 *   write-behind   the write is flushed `writeBehindDelay` later (write-coalescing: when
 *                  an entry comes due the session's latest value is flushed, once); a
 *                  crash loses what was not flushed yet.
 *
 * When a request lands where the session is not (its server crashed, or affinity broke),
 * the server reads the store: if the backup holds the latest write, the session is
 * recovered; otherwise it is lost. Only writes refresh the store's TTL (reads never reach
 * it), so a backup can expire under a user who only reads. A backup write that fails is
 * skipped: the session in memory is still the user's.
 */
import type { Simulator } from '../../engine/simulator.js';
import type { CostProfile } from '../config.js';
import { EventKind } from '../event-kinds.js';
import { Counter, LossCause, type Recorder } from '../recorder.js';
import type { Server } from '../server.js';
import { ReadResult, WriteResult, type SessionStore } from '../session-store.js';
import type { Request, Session } from '../session.js';
import { ConflictTracker } from './conflicts.js';
import { storedBytes } from './external-store.js';
import { Step, type SessionStateModel } from './session-state.js';

const COOKIE_BYTES = 'SERVERID=s2; JSESSIONID=0123456789ABCDEF0123456789ABCDEF'.length;
const COMMAND_BYTES = 60;
const SHORT_REPLY_BYTES = 5;

const S = { Fallback: 30, Backup: 31 } as const;

export interface StickyBackupOptions {
  mode: 'write-through' | 'write-behind';
  writeBehindDelay: number;
  idleTimeout: number;
  sessionBytes: number;
  attributes: number;
  concurrent: boolean;
  costs: CostProfile;
}

export class StickyBackupSessionState implements SessionStateModel {
  readonly where: string;
  readonly stateOnServers = true;
  readonly bytesPerRequest = COOKIE_BYTES;
  private readonly conflicts: ConflictTracker;
  private readonly valueBytes: number;
  private readonly serialiseCpu: number;
  private readonly parseCpu: number;
  // Write-behind queue: due times are increasing (constant delay), so a ring in FIFO order.
  private flushSession: (Session | null)[] = new Array<Session | null>(64).fill(null);
  private flushWrite = new Int32Array(64);
  private flushServer = new Int32Array(64);
  private flushIncarnation = new Int32Array(64);
  private flushDue = new Float64Array(64);
  private flushHead = 0;
  private flushSize = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly store: SessionStore,
    private readonly servers: Server[],
    private readonly options: StickyBackupOptions,
    private readonly recorder: Recorder,
  ) {
    this.conflicts = new ConflictTracker(options.attributes, options.concurrent);
    this.valueBytes = storedBytes(options.sessionBytes, store.config.encryption);
    const kb = options.sessionBytes / 1024;
    const crypto = store.config.encryption ? options.costs.aesGcmPerKB * (this.valueBytes / 1024) : 0;
    this.serialiseCpu = options.costs.jsonSerializePerKB * kb + crypto;
    this.parseCpu = options.costs.jsonParsePerKB * kb + crypto;
    this.where = options.mode === 'write-through'
      ? 'in the memory of the server that handles the session, written through to the store'
      : `in the memory of the server that handles the session, flushed to the store ${options.writeBehindDelay} s later`;
    sim.on(EventKind.WriteBehindFlush, this.onFlush.bind(this));
  }

  load(req: Request, now: number): Step {
    const session = req.session;
    if (req.isWrite) req.extraCpu += this.serialiseCpu;
    if (!session.hasState || now - session.lastAccess > this.options.idleTimeout) {
      if (session.hasState) this.recorder.sessionExpired(session, now);
      req.sessionIsNew = true;
      this.adopt(req, now);
      return Step.Continue;
    }
    const home = this.servers[session.stateServer]!;
    if (home.incarnation === session.stateIncarnation && session.stateServer === req.server) {
      this.adopt(req, now);
      return Step.Continue;
    }
    // Not here: ask the backup.
    const store = this.store;
    req.storeNode = store.nodeFor(session);
    if (!store.reachable(req.storeNode)) {
      this.lose(req, now);
      return Step.Continue;
    }
    req.extraCpu += this.parseCpu;
    return this.send(req, now, COMMAND_BYTES, this.valueBytes, S.Fallback);
  }

  save(req: Request, now: number): Step {
    if (!req.isWrite && !req.sessionIsNew) return Step.Continue;
    const session = req.session;
    session.writeSerial++;
    if (req.isWrite) {
      const lost = this.conflicts.write(req, true);
      if (lost > 0) this.recorder.count(now, Counter.LostUpdates, lost);
    }
    if (this.options.mode === 'write-behind') {
      this.enqueueFlush(session, req.server, now);
      return Step.Continue;
    }
    const store = this.store;
    req.storeNode = store.nodeFor(session);
    if (!store.reachable(req.storeNode)) return Step.Continue;
    req.pendingSerial = session.writeSerial;
    return this.send(req, now, COMMAND_BYTES + this.valueBytes, SHORT_REPLY_BYTES, S.Backup);
  }

  resume(req: Request, now: number): Step {
    const store = this.store;
    const node = store.nodes[req.storeNode]!;
    const reached = store.reachable(req.storeNode) && req.storeEpoch === node.epoch;
    const session = req.session;
    if (req.step === S.Fallback) {
      if (reached && store.read(req.storeNode, session, now) === ReadResult.Fresh && session.flushedWrite === session.writeSerial) {
        this.recorder.count(now, Counter.RecoveredFromStore, 1);
        this.adopt(req, now);
      } else {
        this.lose(req, now);
      }
      return Step.Continue;
    }
    // S.Backup: the write-through SET landed (or could not).
    if (reached) this.land(session, req.storeNode, now, req.pendingSerial);
    return Step.Continue;
  }

  /** The session is now in this server's memory. */
  private adopt(req: Request, now: number): void {
    const session = req.session;
    session.hasState = true;
    session.stateServer = req.server;
    session.stateIncarnation = this.servers[req.server]!.incarnation;
    session.lastAccess = now;
    this.conflicts.read(req);
  }

  /** Neither memory nor backup has the latest state. */
  private lose(req: Request, now: number): void {
    const session = req.session;
    const home = this.servers[session.stateServer]!;
    this.recorder.sessionLost(session, home.incarnation !== session.stateIncarnation ? LossCause.ServerCrash : LossCause.AffinityBroken, now);
    req.sessionIsNew = true;
    this.adopt(req, now);
  }

  private land(session: Session, node: number, now: number, writeSerial: number): void {
    if (this.store.write(node, session, now, this.valueBytes) !== WriteResult.Ok) return;
    session.storeSerial = this.store.lastSerial;
    if (writeSerial > session.flushedWrite) session.flushedWrite = writeSerial;
  }

  private send(req: Request, now: number, up: number, down: number, step: number): Step {
    const store = this.store;
    req.step = step;
    req.storeEpoch = store.nodes[req.storeNode]!.epoch;
    store.send(req.storeNode, now, up, down, 1, req);
    return Step.Wait;
  }

  // ── write-behind ────────────────────────────────────────────────────────

  private enqueueFlush(session: Session, server: number, now: number): void {
    if (this.flushSize === this.flushDue.length) this.growFlushes();
    const k = (this.flushHead + this.flushSize) % this.flushDue.length;
    // The entry outlives this event, and maybe the session: it holds the session's slot.
    session.hold();
    this.flushSession[k] = session;
    this.flushWrite[k] = session.writeSerial;
    this.flushServer[k] = server;
    this.flushIncarnation[k] = this.servers[server]!.incarnation;
    this.flushDue[k] = now + this.options.writeBehindDelay;
    if (this.flushSize++ === 0) this.sim.scheduleAt(this.flushDue[k]!, EventKind.WriteBehindFlush);
  }

  private onFlush(): void {
    const now = this.sim.now;
    const cap = this.flushDue.length;
    while (this.flushSize > 0 && this.flushDue[this.flushHead]! <= now) {
      const k = this.flushHead;
      const session = this.flushSession[k]!;
      this.flushSession[k] = null;
      this.flushHead = (k + 1) % cap;
      this.flushSize--;
      this.flush(session, this.flushServer[k]!, this.flushIncarnation[k]!, now);
      session.unhold();
    }
    if (this.flushSize > 0) this.sim.scheduleAt(this.flushDue[this.flushHead]!, EventKind.WriteBehindFlush);
  }

  private flush(session: Session, server: number, incarnation: number, now: number): void {
    // Died with its server before the flush; or already flushed by an earlier entry
    // (write-coalescing: an entry that comes due flushes the session's latest value).
    if (this.servers[server]!.incarnation !== incarnation) return;
    if (session.flushedWrite >= session.writeSerial) return;
    const node = this.store.nodeFor(session);
    if (!this.store.reachable(node)) return;
    this.store.send(node, now, COMMAND_BYTES + this.valueBytes, SHORT_REPLY_BYTES, 1, null);
    this.land(session, node, now, session.writeSerial);
  }

  private growFlushes(): void {
    const cap = this.flushDue.length;
    const n = cap * 2;
    const sessions = new Array<Session | null>(n).fill(null);
    const write = new Int32Array(n);
    const server = new Int32Array(n);
    const incarnation = new Int32Array(n);
    const due = new Float64Array(n);
    for (let j = 0; j < this.flushSize; j++) {
      const k = (this.flushHead + j) % cap;
      sessions[j] = this.flushSession[k]!;
      write[j] = this.flushWrite[k]!;
      server[j] = this.flushServer[k]!;
      incarnation[j] = this.flushIncarnation[k]!;
      due[j] = this.flushDue[k]!;
    }
    this.flushSession = sessions;
    this.flushWrite = write;
    this.flushServer = server;
    this.flushIncarnation = incarnation;
    this.flushDue = due;
    this.flushHead = 0;
  }
}

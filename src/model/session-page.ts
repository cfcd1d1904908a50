/**
 * Where sessions' numbers live: a page of `size` consecutive slots, one typed-array column per
 * field (struct of arrays), and the side records for what is not a number. Session
 * (./session.ts) is the view of one slot; SessionTable (./session-table.ts) owns the pages.
 */
import type { EntityRandom } from '../engine/random.js';
import type { Request } from './request.js';
import type { SessionTable } from './session-table.js';

/**
 * The fields of `size` consecutive session slots, one column per field. The store and token
 * columns are null until a session of the page first writes a non-default value to them;
 * the side records likewise.
 */
export class SessionPage {
  readonly id: Int32Array;
  readonly startTime: Float64Array;
  /** Mulberry32 state of each session's own generator. */
  readonly rngState: Int32Array;
  readonly requestsLeft: Int32Array;
  readonly ipBits: Int32Array;
  readonly flags: Uint8Array;
  readonly pinnedServer: Int32Array;
  readonly stateServer: Int32Array;
  readonly stateIncarnation: Int32Array;
  /** Place in the table's dense list of live sessions. */
  readonly liveIndex: Int32Array;
  /** References kept past the current event (see SessionTable). */
  readonly holds: Int32Array;
  readonly lastAccess: Float64Array;
  readonly cookieSetAt: Float64Array;
  readonly cookieSeenAt: Float64Array;
  // Store bookkeeping (external store, sticky + backup).
  storeHash: Int32Array | null = null;
  storeNode: Int32Array | null = null;
  storeSerial: Float64Array | null = null;
  writeSerial: Float64Array | null = null;
  flushedWrite: Float64Array | null = null;
  // Tokens and revocations.
  tokenExpiry: Float64Array | null = null;
  tokenIssuedAt: Float64Array | null = null;
  tokenKeyEpoch: Int32Array | null = null;
  refreshExpiry: Float64Array | null = null;
  revokedAt: Float64Array | null = null;
  lockSides: (SessionLockSide | null)[] | null = null;
  netSides: (SessionNetSide | null)[] | null = null;

  constructor(
    readonly size: number,
    /** The table that frees this page's slots (null: a session of its own, in tests). */
    readonly table: SessionTable | null,
    /** Slot of the page's first session. */
    readonly base: number,
  ) {
    this.id = new Int32Array(size);
    this.startTime = new Float64Array(size);
    this.rngState = new Int32Array(size);
    this.requestsLeft = new Int32Array(size);
    this.ipBits = new Int32Array(size);
    this.flags = new Uint8Array(size);
    this.pinnedServer = new Int32Array(size);
    this.stateServer = new Int32Array(size);
    this.stateIncarnation = new Int32Array(size);
    this.liveIndex = new Int32Array(size);
    this.holds = new Int32Array(size);
    this.lastAccess = new Float64Array(size);
    this.cookieSetAt = new Float64Array(size);
    this.cookieSeenAt = new Float64Array(size);
  }

  /** Slot i's fields at their defaults for a new session. */
  init(i: number, id: number, startTime: number, seed: number): void {
    this.id[i] = id;
    this.startTime[i] = startTime;
    this.rngState[i] = seed | 0;
    this.requestsLeft[i] = 0;
    this.ipBits[i] = 0;
    this.flags[i] = 0;
    this.pinnedServer[i] = -1;
    this.stateServer[i] = -1;
    this.stateIncarnation[i] = 0;
    this.liveIndex[i] = -1;
    this.holds[i] = 0;
    this.lastAccess[i] = 0;
    this.cookieSetAt[i] = 0;
    this.cookieSeenAt[i] = 0;
    if (this.storeHash !== null) this.initStore(i, i + 1);
    if (this.tokenExpiry !== null) this.initToken(i, i + 1);
    if (this.lockSides !== null) this.lockSides[i] = null;
    if (this.netSides !== null) this.netSides[i] = null;
  }

  /** The store columns, allocated (every slot at its default) on first use. */
  store(): void {
    if (this.storeHash !== null) return;
    const n = this.size;
    this.storeHash = new Int32Array(n);
    this.storeNode = new Int32Array(n);
    this.storeSerial = new Float64Array(n);
    this.writeSerial = new Float64Array(n);
    this.flushedWrite = new Float64Array(n);
    this.initStore(0, n);
  }

  /** The token columns, allocated (every slot at its default) on first use. */
  token(): void {
    if (this.tokenExpiry !== null) return;
    const n = this.size;
    this.tokenExpiry = new Float64Array(n);
    this.tokenIssuedAt = new Float64Array(n);
    this.tokenKeyEpoch = new Int32Array(n);
    this.refreshExpiry = new Float64Array(n);
    this.revokedAt = new Float64Array(n);
    this.initToken(0, n);
  }

  private initStore(from: number, to: number): void {
    // Int32Array/Float64Array are zeroed: only the -1 defaults need writing.
    this.storeHash!.fill(-1, from, to);
    this.storeNode!.fill(0, from, to);
    this.storeSerial!.fill(-1, from, to);
    this.writeSerial!.fill(0, from, to);
    this.flushedWrite!.fill(0, from, to);
  }

  private initToken(from: number, to: number): void {
    this.tokenExpiry!.fill(0, from, to);
    this.tokenIssuedAt!.fill(0, from, to);
    this.tokenKeyEpoch!.fill(0, from, to);
    this.refreshExpiry!.fill(0, from, to);
    this.revokedAt!.fill(-1, from, to);
  }
}

/** Overlapping requests and locks (clients.concurrency, store and server locks). */
export class SessionLockSide {
  sent = 0;
  versions: Int32Array | null = null;
  lockOwner = -1;
  lockUntil = 0;
  localLockHolder: Request | null = null;
  waitHead: Request | null = null;
  waitTail: Request | null = null;
}

/** A mobile user, or per-request network draws. */
export class SessionNetSide {
  mobility: EntityRandom | null = null;
  nextIpChange = Infinity;
  ipChanges = 0;
  requestRng: EntityRandom | null = null;
}

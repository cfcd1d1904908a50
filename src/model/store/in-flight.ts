/**
 * Operations on the wire to a single-threaded node (a Redis instance, a token endpoint's
 * cores): what each one needs when it reaches the node. A node serves commands in the order
 * they ARRIVE, so an operation's turn is decided by an arrival event, not when it is sent: one
 * sent later over a faster path goes first, and the node never idles while a slower one is
 * still on the wire (a Lindley recursion in send order would make it wait behind that one and
 * inflate the queueing delay wherever latency varies).
 *
 * Columns in typed arrays indexed by a slot, recycled through a free list: nothing is
 * allocated per operation once the pool has grown to the run's high-water mark.
 */
import type { Request } from '../session.js';
import { grownTo } from '../../engine/typed-arrays.js';

/** What the node does with the operation (DenyListSet: `SET denylist:<jti>`, applied when it arrives). */
export const OpKind = { Command: 0, Wait: 1, DenyListSet: 2 } as const;

export class InFlight {
  node: Int32Array;
  commands: Int32Array;
  kind: Uint8Array;
  epoch: Int32Array;
  /** When it left the caller. */
  sentAt: Float64Array;
  /** Seconds from the node's reply to the caller (half the round trip + download). */
  back: Float64Array;
  /** WAIT: when the write it waits for reaches a replica. */
  replicatedAt: Float64Array;
  /** DenyListSet: the key's id and when it expires (its EX). */
  key: Int32Array;
  expiresAt: Float64Array;
  /** The request waiting for the reply (null: nobody waits) and its serial (a recycled record is not it). */
  request: (Request | null)[];
  serial: Float64Array;
  private free: Int32Array;
  private freeCount = 0;
  private fresh = 0;

  constructor(capacity = 256) {
    this.node = new Int32Array(capacity);
    this.commands = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.epoch = new Int32Array(capacity);
    this.sentAt = new Float64Array(capacity);
    this.back = new Float64Array(capacity);
    this.replicatedAt = new Float64Array(capacity);
    this.key = new Int32Array(capacity);
    this.expiresAt = new Float64Array(capacity);
    this.serial = new Float64Array(capacity);
    this.request = new Array<Request | null>(capacity).fill(null);
    this.free = new Int32Array(capacity);
  }

  /** A free slot for an operation of `req` (null: fire and forget). */
  acquire(req: Request | null): number {
    const slot = this.freeCount > 0 ? this.free[--this.freeCount]! : this.fresh++;
    if (slot >= this.node.length) this.grow();
    this.request[slot] = req;
    this.serial[slot] = req === null ? -1 : req.serial;
    return slot;
  }

  /** The waiting request, if it is still the one that sent the operation. */
  waiter(slot: number): Request | null {
    const req = this.request[slot]!;
    return req !== null && req.serial === this.serial[slot] ? req : null;
  }

  release(slot: number): void {
    this.request[slot] = null;
    this.free[this.freeCount++] = slot;
  }

  private grow(): void {
    const n = this.node.length * 2;
    this.node = grownTo(this.node, n);
    this.commands = grownTo(this.commands, n);
    this.kind = grownTo(this.kind, n);
    this.epoch = grownTo(this.epoch, n);
    this.sentAt = grownTo(this.sentAt, n);
    this.back = grownTo(this.back, n);
    this.replicatedAt = grownTo(this.replicatedAt, n);
    this.key = grownTo(this.key, n);
    this.expiresAt = grownTo(this.expiresAt, n);
    this.serial = grownTo(this.serial, n);
    this.free = grownTo(this.free, n);
    for (let i = this.request.length; i < n; i++) this.request.push(null);
  }
}

/**
 * What happens when two requests of one session overlap: each reads the session, changes
 * it, writes it back. Under last-writer-wins the later write carries the state it read,
 * so every write that landed between its read and its own write is silently overwritten
 * — a lost update. Whole-session stores (express-session, ASP.NET Core, PHP without
 * locking) collide on any two writes; per-attribute stores (Spring Session's hash, a
 * servlet container's attribute map) only when both change the same attribute.
 *
 * Bookkeeping per session and attribute a (Session.versions): writes landed, and how many
 * of them are already counted as overwritten (a write can only be lost once). A writer
 * that read version r when the attribute stood at version v overwrites v − max(r, counted)
 * updates. A third slot counts every write and touch, which is what Redis WATCH sees.
 * Only used when the client model can send overlapping requests; otherwise nothing can
 * collide and nothing is tracked.
 */
import type { Request, Session } from '../session.js';

export class ConflictTracker {
  /**
   * @param attributes 1 for whole-session granularity, else the session's attribute count
   * @param enabled    requests of one session can overlap (clients.concurrency.share > 0)
   */
  constructor(
    readonly attributes: number,
    readonly enabled: boolean,
  ) {}

  private versionsOf(session: Session): Int32Array {
    const n = this.attributes;
    let v = session.versions;
    if (v === null || v.length < 2 * n + 1) v = session.versions = new Int32Array(2 * n + 1);
    return v;
  }

  private slot(req: Request): number {
    return this.attributes === 1 ? 0 : req.attribute % this.attributes;
  }

  /** The request has read the session (its load landed). */
  read(req: Request): void {
    if (!this.enabled) return;
    const v = this.versionsOf(req.session);
    req.readVersion = v[this.slot(req)]!;
    req.readWrites = v[2 * this.attributes]!;
  }

  /**
   * The request's write lands, last writer wins. `modifies`: it carries a change of its own
   * (false for express-session's resave of an unmodified session, which still overwrites).
   * Returns the updates it silently overwrote.
   */
  write(req: Request, modifies: boolean): number {
    if (!this.enabled) return 0;
    const v = this.versionsOf(req.session);
    const n = this.attributes;
    const a = this.slot(req);
    const landed = v[a]!;
    const counted = v[n + a]!;
    const from = req.readVersion > counted ? req.readVersion : counted;
    const lost = landed - from;
    if (lost > 0) v[n + a] = landed;
    if (modifies) v[a] = landed + 1;
    v[2 * n]++;
    return lost > 0 ? lost : 0;
  }

  /** A write that changes nothing (EXPIRE, a lastAccessedTime update): WATCH still sees it. */
  touch(session: Session): void {
    if (!this.enabled) return;
    this.versionsOf(session)[2 * this.attributes]++;
  }

  /** Compare-and-set: has anything written the key since this request read it (EXEC would fail)? */
  changedSinceRead(req: Request): boolean {
    if (!this.enabled) return false;
    return this.versionsOf(req.session)[2 * this.attributes]! !== req.readWrites;
  }
}

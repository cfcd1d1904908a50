/**
 * A one-line progress bar on stderr for replicated runs: replications done, elapsed time and an
 * estimate of the time left. Drawn only on a terminal, and only once the run has taken longer
 * than a second (a short run should not flicker); the line is cleared at the end so the table
 * or the JSON that follows is clean.
 */
import type { ReplicationProgress } from '../experiment/replications.js';
import { formatDuration } from '../scenario/units.js';

export interface ProgressOptions {
  /** Draw nothing before this many milliseconds have passed. */
  delayMs?: number;
  /** Redraw at most this often (and at least this often while the run is busy in workers). */
  intervalMs?: number;
  width?: number;
  now?: () => number;
}

export class ProgressBar {
  private readonly start: number;
  /** When the current phase began: the last report of the previous phase (or the start). */
  private phaseStart: number;
  private lastUpdate: number;
  private state: ReplicationProgress | null = null;
  private drawn = false;
  private lastDraw = -Infinity;
  private readonly timer: NodeJS.Timeout | null;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  private readonly width: number;
  private readonly now: () => number;

  constructor(
    private readonly write: (text: string) => void,
    options: ProgressOptions & { timer?: boolean } = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.delayMs = options.delayMs ?? 1000;
    this.intervalMs = options.intervalMs ?? 200;
    this.width = options.width ?? 24;
    this.start = this.now();
    this.phaseStart = this.start;
    this.lastUpdate = this.start;
    // Keeps "elapsed" moving while workers run; unref'd so it never holds the process open.
    this.timer = options.timer === false ? null : setInterval(() => this.draw(false), this.intervalMs);
    this.timer?.unref();
  }

  update(p: ReplicationProgress): void {
    const t = this.now();
    if (this.state !== null && this.state.phase !== p.phase) this.phaseStart = this.lastUpdate;
    this.lastUpdate = t;
    this.state = p;
    this.draw(false);
  }

  /** The line as it would be drawn now (exposed for tests). */
  line(): string {
    const p = this.state;
    if (p === null) return '';
    const t = this.now();
    const elapsed = (t - this.start) / 1000;
    const filled = Math.round((this.width * Math.min(p.done, p.total)) / Math.max(1, p.total));
    const bar = `${'█'.repeat(filled)}${'░'.repeat(this.width - filled)}`;
    const phaseElapsed = (t - this.phaseStart) / 1000;
    const left = p.done > 0 ? (phaseElapsed / p.done) * (p.total - p.done) : NaN;
    const count = p.open ? `${p.done} (at most ${p.total}, until precise)` : `${p.done}/${p.total}`;
    const remaining = Number.isFinite(left) && p.done < p.total ? `  ${p.open ? 'at most ' : ''}~${formatDuration(left)} left` : '';
    return `${p.phase} ${bar} ${count}  elapsed ${formatDuration(elapsed)}${remaining}`;
  }

  private draw(force: boolean): void {
    if (this.state === null) return;
    const t = this.now();
    if (t - this.start < this.delayMs) return;
    if (!force && t - this.lastDraw < this.intervalMs / 2) return;
    this.lastDraw = t;
    this.drawn = true;
    this.write(`\r${this.line()}\u001b[K`);
  }

  /** Stop, and erase the line if one was drawn. */
  done(): void {
    if (this.timer !== null) clearInterval(this.timer);
    if (this.drawn) this.write('\r\u001b[K');
  }
}

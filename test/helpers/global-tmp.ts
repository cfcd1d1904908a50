/**
 * Vitest global setup: the whole run writes its temporary files under one directory, removed
 * when the run ends. Test files make their own with mkdtempSync(join(tmpdir(), …)) and the CLI
 * processes they start inherit the environment, so pointing TMPDIR at a fresh directory (which
 * os.tmpdir() reads at each call) collects all of them without touching each test; before
 * this, every run left ≈ 90 directories in /tmp. SESSION_SIM_KEEP_TMP=1 keeps it to look at.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'session-sim-tests-'));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (process.env.SESSION_SIM_KEEP_TMP === '1') console.log(`temporary files kept in ${root}`);
    else rmSync(root, { recursive: true, force: true });
  };
}

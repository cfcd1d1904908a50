// A deterministic hostile-input scan (npm run scan:fields; after npm run build): every field of
// every built-in scenario, as resolved (so every default is a field too), set in turn to each of a
// few large counts, then run as the property test runs one-field mutations (--jobs 1, a 600k
// event budget, half a session a second). It reports every case that exits 1, takes over 3 s,
// hangs (no answer in 60 s) or grows the process past 4 GB. It found the counts that sized memory
// or time from a number alone (README "Bad input: the limits": pointsPerWeight,
// tokenService.workers, natAddresses, pages, queueLimit), one of which made the kernel's OOM
// killer take a test worker at 24 GB.
//
// A simulation is synchronous, so no timer inside the process that runs it can stop it: this
// process forks a child that runs the cases and says which one it starts; a child that hangs or
// grows too big is killed, its case reported, and a new child goes on after it. Arguments:
// [from] [to], a range of case numbers; SCAN_VALUES='[…]' (JSON) replaces the values tried.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const load = (path) => import(pathToFileURL(join(root, 'dist', path)).href);
const { listBuiltins, loadScenario, toScenarioDocument } = await load('index.js');
const { runCli } = await load('cli/program.js');

const VALUES = process.env.SCAN_VALUES ? JSON.parse(process.env.SCAN_VALUES) : [1e7, 1e8, 1e9, 2 ** 31 - 1, 2 ** 32, 1e15];
const from = Number(process.argv[2] ?? 0);
const to = Number(process.argv[3] ?? Infinity);
const HANG_SECONDS = 60;
const KILL_BYTES = 4 * 2 ** 30;

/** Every path to a number in a document. */
function numberPaths(doc, prefix = [], out = []) {
  if (typeof doc === 'number') out.push(prefix);
  else if (doc !== null && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) numberPaths(v, [...prefix, Array.isArray(doc) ? Number(k) : k], out);
  return out;
}
function setAt(doc, path, value) {
  const copy = structuredClone(doc);
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k];
  node[path.at(-1)] = value;
  return copy;
}

const cases = [];
for (const b of listBuiltins()) {
  const doc = toScenarioDocument(loadScenario(b.name));
  for (const path of numberPaths(doc)) for (const value of VALUES) cases.push({ name: b.name, doc, path, value });
}
const where = (i) => `${i}\t${cases[i].name}\t${cases[i].path.join('.')}\t${cases[i].value}`;

if (process.send) await child();
else await parent();

/** Run cases from..to, telling the parent each one before it starts and each finding. */
async function child() {
  const dir = mkdtempSync(join(tmpdir(), 'scan-fields-'));
  const file = join(dir, 'case.json');
  for (let i = from; i < Math.min(to, cases.length); i++) {
    const { doc, path, value } = cases[i];
    process.send({ start: i });
    writeFileSync(file, JSON.stringify(setAt(doc, path, value)));
    const sets = path[0] === 'clients' ? [] : ['--set', 'clients.arrivalRate=0.5'];
    let stderr = '';
    const started = performance.now();
    const code = await runCli(['run', '-q', '--jobs', '1', '--format', 'json', '--max-events', '600000', ...sets, file], { stdout: () => {}, stderr: (t) => void (stderr += t), isTTY: false, env: {} });
    const seconds = (performance.now() - started) / 1000;
    const gb = process.memoryUsage().rss / 2 ** 30;
    if (code === 1 || seconds > 3 || gb > 1.5) process.send({ found: `${where(i)}\texit ${code}\t${seconds.toFixed(1)} s\t${gb.toFixed(2)} GB\t${stderr.split('\n')[0]}` });
  }
  rmSync(dir, { recursive: true, force: true });
  process.disconnect();
}

/** Children in turn until every case has run; a child that hangs or grows past KILL_BYTES is killed and its case reported. */
async function parent() {
  console.log(`${cases.length} cases (${listBuiltins().length} built-ins × their numbers × ${VALUES.length} values)`);
  let found = 0;
  let next = from;
  const end = Math.min(to, cases.length);
  while (next < end) {
    let current = -1;
    let since = Date.now();
    let killed = '';
    const c = fork(fileURLToPath(import.meta.url), [String(next), String(end)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    c.on('message', (m) => {
      if ('start' in m) {
        current = m.start;
        since = Date.now();
      } else {
        found++;
        console.log(m.found);
      }
    });
    const watch = setInterval(() => {
      const rss = rssBytes(c.pid);
      if (rss > KILL_BYTES) killed = `grew past ${(rss / 2 ** 30).toFixed(1)} GB`;
      else if (Date.now() - since > HANG_SECONDS * 1000) killed = `no answer in ${HANG_SECONDS} s`;
      if (killed) c.kill('SIGKILL');
    }, 250);
    const code = await new Promise((resolve) => c.on('exit', (code) => resolve(code)));
    clearInterval(watch);
    if (code === 0 && !killed) break;
    if (current < 0) throw new Error(`the scan's child exited ${code} before its first case`);
    found++;
    console.log(`${where(current)}\t${killed || `the process died (exit ${code})`}`);
    next = current + 1;
  }
  console.log(`${found} cases found`);
  process.exitCode = found > 0 ? 1 : 0;
}

/** Resident memory of a process (Linux /proc; 0 elsewhere, where only hangs are caught). */
function rssBytes(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  } catch {
    return 0;
  }
}

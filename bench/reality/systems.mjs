// Starting and stopping the real systems for the reality harness, on 127.0.0.1 only, each in a
// temporary directory, each bounded in time (killed when the harness ends or fails).
import { execFileSync, fork, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const children = new Set();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

export function which(cmd) {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin']) {
    const r = spawnSync('test', ['-x', join(dir, cmd)]);
    if (r.status === 0) return join(dir, cmd);
  }
  return null;
}

/**
 * Make sure the Debian packages are there: apt-get install (quietly, as root) when one is
 * missing, saying so on stderr. Returns the programs that are available afterwards.
 */
export function ensureInstalled(packages, log = (m) => process.stderr.write(`${m}\n`)) {
  const need = { haproxy: 'haproxy', nginx: 'nginx', 'redis-server': 'redis-server' };
  const missing = packages.filter((p) => which(p) === null);
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) {
      log(`reality: ${missing.join(', ')} missing and not root: cannot apt-get install; those configurations are skipped`);
    } else {
      log(`reality: installing ${missing.map((p) => need[p] ?? p).join(' ')} with apt-get (quietly)`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      spawnSync('apt-get', ['update', '-qq'], { env, stdio: 'ignore', timeout: 300_000 });
      spawnSync('apt-get', ['install', '-y', '-qq', ...missing.map((p) => need[p] ?? p)], { env, stdio: 'ignore', timeout: 600_000 });
    }
  }
  return Object.fromEntries(packages.map((p) => [p, which(p)]));
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Wait until something accepts connections on the port. */
export async function waitForPort(port, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1');
      c.on('connect', () => {
        c.destroy();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/** n backends (backend.mjs) on fresh ports; kill(i) is SIGKILL, as a crash. */
export async function startBackends(n) {
  const list = [];
  for (let i = 0; i < n; i++) {
    const port = await freePort();
    const child = fork(join(HERE, 'backend.mjs'), [`s${i}`, String(port)], { stdio: 'ignore' });
    children.add(child);
    list.push({ name: `s${i}`, port, child });
  }
  for (const b of list) await waitForPort(b.port);
  return {
    list,
    kill(i) {
      list[i].child.kill('SIGKILL');
    },
    stop() {
      for (const b of list) {
        b.child.kill('SIGKILL');
        children.delete(b.child);
      }
    },
  };
}

/** Run a daemon in the foreground from a config file in a temporary directory. */
async function daemon(cmd, args, port, dir) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
  children.add(child);
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  try {
    await waitForPort(port);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${cmd} did not start: ${err.trim() || e.message}`);
  }
  return {
    child,
    stop() {
      child.kill('SIGKILL');
      children.delete(child);
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {}
    },
  };
}

export async function startHaproxy(config, port) {
  const dir = mkdtempSync(join(tmpdir(), 'reality-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  execFileSync(which('haproxy'), ['-c', '-q', '-f', file]);
  return daemon(which('haproxy'), ['-db', '-f', file], port, dir);
}

export async function startNginx(configBody, port) {
  const dir = mkdtempSync(join(tmpdir(), 'reality-nginx-'));
  const file = join(dir, 'nginx.conf');
  const conf = `daemon off;\nmaster_process on;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\nevents { worker_connections 4096; }\nhttp {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n${configBody}\n}\n`;
  writeFileSync(file, conf);
  return daemon(which('nginx'), ['-p', dir, '-c', file], port, dir);
}

export async function startRedis(port, extra = []) {
  const dir = mkdtempSync(join(tmpdir(), 'reality-redis-'));
  // No persistence: what a crashed primary held is gone; the replica is the only copy.
  return daemon(which('redis-server'), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes', ...extra], port, dir);
}

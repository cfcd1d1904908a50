// A small application server for the reality harness: it keeps sessions in memory, as a sticky
// deployment does. GET / with no session id creates one; with an id it does not know (another
// server's, or its own from before a restart) it answers `x-session: lost` and creates a new one.
// Every answer names the server (`x-server`). Listens on 127.0.0.1 only.
//   node backend.mjs <name> <port>
import http from 'node:http';
import { randomBytes } from 'node:crypto';

const [name, port] = [process.argv[2], Number(process.argv[3])];
const sessions = new Map();

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  const sid = /(?:^|;\s*)sid=([0-9a-f]+)/.exec(req.headers.cookie ?? '')?.[1];
  let state = 'known';
  let id = sid;
  if (sid === undefined || !sessions.has(sid)) {
    state = sid === undefined ? 'new' : 'lost';
    id = randomBytes(12).toString('hex');
    sessions.set(id, { requests: 0 });
  }
  sessions.get(id).requests++;
  res.writeHead(200, { 'content-type': 'text/plain', 'x-server': name, 'x-session': state, 'set-cookie': `sid=${id}; Path=/` });
  res.end(name);
});
server.keepAliveTimeout = 1000;
server.listen(port, '127.0.0.1', () => process.send?.('ready'));

// The embedded store's server, run in a worker thread by embedded.ts: dynalite (DynamoDB in Node)
// on a loopback port, behind the gate that checks the folder's token, answers the health probe
// other commands use, and holds writes while a backup freezes the store. In a thread of its own,
// parsing and applying every write happens off the event loop that answers the API. Plain
// JavaScript so that it starts in any thread without a TypeScript loader (about 0.1 s).
//
// Messages: from the parent { type: 'closing' } (health says 503 from now on) and
// { type: 'stop' } (close the server and the LevelDB files, then exit); to the parent
// { type: 'ready', endpoint }, { type: 'failed', message, code }, { type: 'closed' }.

import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ path?: string, token: string, pid: number, headers: { token: string, freeze: string }, controlPath: string, freezeLimitMs: number }} */
const options = workerData;
const TOKEN_HEADER = options.headers.token;
const FREEZE_HEADER = options.headers.freeze;
const CONTROL_PATH = options.controlPath;

const WRITE_TARGETS =
  /\.(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems|CreateTable|DeleteTable|UpdateTable)$/;

/** Same as folder.ts isAlive: signal 0 tells whether a pid is a live process. */
const isAlive = (pid) => {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

const createGate = (token) => {
  let closing = false;
  /** @type {{ id: string, pid: number, since: number } | undefined} */
  let freeze;
  /** @type {(() => void)[]} */
  let waiting = [];
  const thaw = () => {
    freeze = undefined;
    const resume = waiting;
    waiting = [];
    for (const go of resume) go();
  };
  // A backup that died (or hung for the limit) must not hold every writer forever.
  const timer = setInterval(() => {
    if (freeze && (!isAlive(freeze.pid) || Date.now() - freeze.since > options.freezeLimitMs)) thaw();
  }, 500);
  timer.unref();

  const control = (req, res, path) => {
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === 'health') return reply(closing ? 503 : 200, { pid: options.pid, closing });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (path === 'freeze' && req.method === 'POST') {
      if (freeze) return reply(409, { error: 'a backup is already running', pid: freeze.pid });
      freeze = {
        id: randomBytes(8).toString('hex'),
        pid: Number(url.searchParams.get('pid')),
        since: Date.now(),
      };
      return reply(200, { id: freeze.id });
    }
    if (path === 'thaw' && req.method === 'POST') {
      if (freeze && url.searchParams.get('id') === freeze.id) thaw();
      return reply(200, {});
    }
    return reply(404, { error: 'unknown control path' });
  };

  return {
    wrap: (handler) => (req, res) => {
      if (req.headers[TOKEN_HEADER] !== token) {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'this store answers only promisegap commands on the same folder' }));
        return;
      }
      const path = req.url ?? '/';
      if (path.startsWith(CONTROL_PATH))
        return control(req, res, path.slice(CONTROL_PATH.length).split('?')[0] ?? '');
      const target = String(req.headers['x-amz-target'] ?? '');
      if (freeze && WRITE_TARGETS.test(target) && req.headers[FREEZE_HEADER] !== freeze.id) {
        req.pause();
        waiting.push(() => {
          req.resume();
          handler(req, res);
        });
        return;
      }
      handler(req, res);
    },
    setClosing: () => {
      closing = true;
    },
    stop: () => {
      clearInterval(timer);
      thaw();
    },
  };
};

const fail = (error) => {
  parentPort?.postMessage({
    type: 'failed',
    message: error instanceof Error ? error.message : String(error),
    code: error?.code,
  });
  parentPort?.close();
};

const start = () => {
  const dynalite = createRequire(import.meta.url)('dynalite');
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const gate = createGate(options.token);
  const [handler] = server.listeners('request');
  if (!handler) return fail(new Error('dynalite did not install its request handler'));
  server.removeAllListeners('request');
  server.on('request', gate.wrap(handler));
  server.once('error', fail);
  server.listen(0, '127.0.0.1', () => {
    server.removeListener('error', fail);
    parentPort?.postMessage({ type: 'ready', endpoint: `http://127.0.0.1:${server.address().port}` });
  });
  parentPort?.on('message', (message) => {
    if (message?.type === 'closing') gate.setClosing();
    if (message?.type === 'stop') {
      gate.setClosing();
      gate.stop();
      // dynalite's close() waits for requests in flight and closes its LevelDB files.
      server.close((error) => {
        parentPort?.postMessage(error ? { type: 'failed', message: error.message } : { type: 'closed' });
        parentPort?.close();
      });
      // Keep-alive sockets of clients that are gone would hold close() open.
      server.closeIdleConnections?.();
    }
  });
};

try {
  start();
} catch (error) {
  fail(error);
}

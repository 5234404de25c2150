/**
 * The browser host: serves the built renderer and the bridge on 127.0.0.1, for machines where the
 * Electron binary cannot run. Same handlers as Electron (through the same dispatcher), reached by
 * POST /api/<method>; push events by Server-Sent Events on /api/events.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Dispatch } from '../ipc/dispatch.js';
import type { EventMessage } from '../../preload/contract.js';
import { bridgeError } from '../../preload/errors.js';
import { packAnswer } from '../../preload/list-wire.js';
import type { Logger } from '../core/log.js';
import { checkRequest, CONTENT_SECURITY_POLICY, COOKIE_NAME } from './security.js';
import { createLaunchGate, type LaunchGate } from './launch.js';
import { decodePath, formField, headerValue, requestPath } from './request-target.js';
import { createPeerLookup, samePeerUser } from './peer.js';
import { staticFiles } from './static-files.js';
import type { Socket } from 'node:net';

const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Events sent while no page listens wait for the next event connection, the newest this many. The
 * page's first calls go out before its EventSource connects (renderer/src/state/first-calls.ts), so
 * an event they should see (the drives listed after the first list, main/host/start.ts) can come
 * first; Electron's preload listens before the page runs and has no such gap.
 */
const MAX_WAITING_EVENTS = 32;
const MAX_LAUNCH_BODY_BYTES = 1024;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface BrowserHostOptions {
  rendererDir: string;
  hostClientFile: string;
  dispatch: Dispatch;
  log: Logger;
  /** A folder for the one-time launch page (made 0700): under the app's data folder. */
  launchDir: string;
  port?: number;
}

export interface BrowserHost {
  /** `file://` URL of the one-time launch page: open it in the app window (it holds no secret itself). */
  launchPageUrl: string;
  origin: string;
  broadcast(message: EventMessage): void;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type });
  res.end(body);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req, MAX_BODY_BYTES);
  return text === '' ? {} : JSON.parse(text);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const rendererRoot = path.resolve(options.rendererDir);
  const streams = new Set<ServerResponse>();
  let waiting: string[] = [];
  let expectedHost = '';
  let gate: LaunchGate | null = null;

  const indexFile = path.join(rendererRoot, 'index.html');
  const files = staticFiles(rendererRoot, [options.hostClientFile]);
  /**
   * The app document: the renderer's index.html with the browser host's window.dojang, a deferred
   * classic script ahead of the app module: it runs first (deferred scripts and modules run in
   * document order) and blocks no parsing, so all three files are asked for at once.
   */
  async function appDocument(): Promise<Buffer> {
    return Buffer.from((await files.read(indexFile)).toString('utf8').replace('<head>', '<head>\n    <script defer src="/host-client.js"></script>'));
  }

  async function serveStatic(urlPath: string, res: ServerResponse): Promise<void> {
    const relative = decodePath(urlPath === '/' ? '/index.html' : urlPath);
    if (relative === null) return send(res, 404, 'not found');
    const file = urlPath === '/host-client.js' ? options.hostClientFile : path.resolve(rendererRoot, '.' + relative);
    if (file !== options.hostClientFile && !file.startsWith(rendererRoot + path.sep)) return send(res, 404, 'not found');
    try {
      const body = file === indexFile ? await appDocument() : await files.read(file);
      send(res, 200, body, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
    } catch {
      send(res, 404, 'not found');
    }
  }

  /**
   * POST /launch (from the launch page): one-time code → session cookie, and the app document itself
   * as the answer (one navigation: a redirect to '/' would stay cross-site from file:// and so go
   * without the SameSite=Strict cookie). The document's own requests are same-origin and carry the
   * cookie; host-client.js renames its address to '/' so that a reload asks for the app by GET.
   */
  function launch(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST' || headerValue(req.headers, 'host') !== expectedHost) return send(res, 403, 'forbidden');
    readBody(req, MAX_LAUNCH_BODY_BYTES)
      .then((body) => gate?.exchange(formField(body, 'code')) ?? null)
      .catch(() => null)
      .then(async (session) => {
        if (session === null) {
          options.log.warn('browser host refused a launch', { reason: 'launch code wrong, spent or expired' });
          return send(res, 403, 'forbidden');
        }
        const cookie = `${COOKIE_NAME}=${session}; HttpOnly; SameSite=Strict; Path=/`;
        const body = await appDocument().catch(() => null);
        // Without the renderer files the session still starts; '/' answers their absence as before.
        res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': CONTENT_TYPES['.html'], 'set-cookie': cookie });
        res.end(body ?? '<!doctype html><meta charset="utf-8"><title>Dojang</title>');
      });
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const pathname = requestPath(req.url);
    if (pathname === null) return send(res, 400, 'bad request');
    if (pathname === '/launch') return launch(req, res);
    const verdict = checkRequest(req, expectedHost, gate?.session() ?? null);
    if (!verdict.allowed) {
      options.log.warn('browser host refused a request', { reason: verdict.reason, path: pathname.slice(0, 100) });
      return send(res, 403, 'forbidden');
    }
    if (pathname === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', connection: 'keep-alive' });
      res.write(': connected\n\n');
      for (const frame of waiting) res.write(frame);
      waiting = [];
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (pathname.startsWith('/api/')) {
      if (req.method !== 'POST' || !(headerValue(req.headers, 'content-type') ?? '').startsWith('application/json')) {
        return send(res, 405, 'method not allowed');
      }
      const method = pathname.slice('/api/'.length);
      readJson(req)
        .then((body) => options.dispatch(method, body))
        .then(
          (outcome) => send(res, 200, JSON.stringify(packAnswer(method, outcome)), 'application/json'),
          () => send(res, 400, JSON.stringify({ ok: false, error: bridgeError('INVALID_REQUEST', 'bridge.badBody') }), 'application/json'),
        );
      return;
    }
    if (req.method !== 'GET') return send(res, 405, 'method not allowed');
    serveStatic(pathname, res).catch(() => send(res, 404, 'not found'));
  }

  // Other local users (Linux): each connection's owner is looked up when it opens; no request of
  // theirs reaches our code, and their connection is closed.
  const peerLookup = createPeerLookup();
  const peers = new WeakMap<Socket, Promise<boolean>>();
  function checkPeer(socket: Socket): Promise<boolean> {
    const verdict = peerLookup({ address: socket.remoteAddress, port: socket.remotePort }, { address: socket.localAddress ?? '', port: socket.localPort ?? 0 }).then(
      (owner) => {
        if (samePeerUser(owner, process.getuid?.())) return true;
        options.log.warn('browser host refused a connection from another user', { uid: typeof owner === 'string' ? owner : owner.uid });
        socket.destroy();
        return false;
      },
      () => (socket.destroy(), false),
    );
    peers.set(socket, verdict);
    return verdict;
  }

  const server = createServer((req, res) => {
    void (peers.get(req.socket) ?? checkPeer(req.socket)).then((ok) => {
      if (!ok) return;
      try {
        handle(req, res);
      } catch (error) {
        // Nothing above should throw; if it does, this request fails, never the process.
        options.log.error('browser host request failed', { error: error instanceof Error ? error.message : String(error) });
        if (!res.headersSent) send(res, 400, 'bad request');
        else res.destroy();
      }
    });
  });
  server.on('connection', (socket: Socket) => void checkPeer(socket));
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  expectedHost = `127.0.0.1:${port}`;
  const origin = `http://${expectedHost}`;
  gate = createLaunchGate(options.launchDir, origin);
  const launchGate = gate;
  void files.warm();

  return {
    origin,
    launchPageUrl: launchGate.pageUrl,
    broadcast(message) {
      const frame = `data: ${JSON.stringify(message)}\n\n`;
      if (!streams.size) waiting = [...waiting, frame].slice(-MAX_WAITING_EVENTS);
      for (const stream of streams) stream.write(frame);
    },
    close() {
      launchGate.close();
      for (const stream of streams) stream.end();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

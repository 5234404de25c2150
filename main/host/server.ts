/**
 * The browser host: serves the built renderer and the bridge on 127.0.0.1, for machines where the
 * Electron binary cannot run. Same handlers as Electron (through the same dispatcher), reached by
 * POST /api/<method>; push events by Server-Sent Events on /api/events.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Dispatch } from '../ipc/dispatch.js';
import type { EventMessage } from '../../preload/contract.js';
import type { Logger } from '../core/log.js';
import { checkRequest, CONTENT_SECURITY_POLICY, COOKIE_NAME, newSecret, secretsEqual } from './security.js';

const MAX_BODY_BYTES = 1024 * 1024;
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
  port?: number;
}

export interface BrowserHost {
  /** The one-time launch URL: it carries the secret and trades it for the session cookie. */
  launchUrl: string;
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

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const secret = newSecret();
  const rendererRoot = path.resolve(options.rendererDir);
  const streams = new Set<ServerResponse>();
  let expectedHost = '';

  async function serveStatic(urlPath: string, res: ServerResponse): Promise<void> {
    if (urlPath === '/host-client.js') {
      send(res, 200, await readFile(options.hostClientFile), CONTENT_TYPES['.js']);
      return;
    }
    const relative = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
    const file = path.resolve(rendererRoot, '.' + relative);
    if (!file.startsWith(rendererRoot + path.sep)) return send(res, 404, 'not found');
    try {
      let body = await readFile(file);
      if (file === path.join(rendererRoot, 'index.html')) {
        // The browser host's window.dojang: a classic script, so it runs before the deferred app module.
        body = Buffer.from(body.toString('utf8').replace('<head>', '<head>\n    <script src="/host-client.js"></script>'));
      }
      send(res, 200, body, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
    } catch {
      send(res, 404, 'not found');
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://invalid');
    if (req.method === 'GET' && url.pathname === '/launch') {
      if (req.headers.host !== expectedHost || !secretsEqual(url.searchParams.get('s'), secret)) return send(res, 403, 'forbidden');
      res.writeHead(302, { ...SECURITY_HEADERS, location: '/', 'set-cookie': `${COOKIE_NAME}=${secret}; HttpOnly; SameSite=Strict; Path=/` });
      return res.end();
    }
    const verdict = checkRequest(req, expectedHost, secret);
    if (!verdict.allowed) {
      options.log.warn('browser host refused a request', { reason: verdict.reason, path: url.pathname.slice(0, 100) });
      return send(res, 403, 'forbidden');
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST' || !String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return send(res, 405, 'method not allowed');
      }
      readBody(req)
        .then((body) => options.dispatch(url.pathname.slice('/api/'.length), body))
        .then(
          (outcome) => send(res, 200, JSON.stringify(outcome), 'application/json'),
          () => send(res, 400, JSON.stringify({ ok: false, error: { code: 'INVALID_REQUEST', message: 'The request body is not valid JSON or is too large.' } }), 'application/json'),
        );
      return;
    }
    if (req.method !== 'GET') return send(res, 405, 'method not allowed');
    void serveStatic(url.pathname, res);
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  expectedHost = `127.0.0.1:${port}`;
  const origin = `http://${expectedHost}`;

  return {
    origin,
    launchUrl: `${origin}/launch?s=${secret}`,
    broadcast(message) {
      const frame = `data: ${JSON.stringify(message)}\n\n`;
      for (const stream of streams) stream.write(frame);
    },
    close() {
      for (const stream of streams) stream.end();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

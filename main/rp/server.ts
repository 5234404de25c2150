/**
 * The demo bank's HTTP server (node:http: the CLI bundle carries no web framework). Pages, the
 * page script, the dojang-web SDK file, and a small JSON API:
 *   POST /api/challenge {purpose: 'login'|'register'}     → {nonce, message, expiresAt}
 *   POST /api/login {nonce, signedData, customerId?}       → verdict
 *   POST /api/register {nonce, signedData, rValue, idn, customerId} → verdict
 *   POST /api/transfer {from, to, amount, memo}            → {nonce, message, text, expiresAt}
 *   POST /api/transfer/confirm {nonce, signedData}         → verdict
 * A verdict is 200 whether accepted or not; malformed requests are 400 {error: {code, message}}.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { isDojangError } from '../../common/errors.js';
import type { DemoBank } from './bank.js';
import { PAGE_SCRIPT } from './page-script.js';
import { page, STYLE, type PageName, type TrustedRoot } from './pages.js';

export interface BankServerOptions {
  bank: DemoBank;
  roots: readonly TrustedRoot[];
  /** The built SDK (dist/web/sdk/dojang-web.js); null: /sdk/dojang-web.js says how to build it. */
  sdkFile: string | null;
  host?: string;
  /** 0: any free port. */
  port?: number;
  /** Where unexpected errors go (never to the page). */
  onError?: (e: unknown) => void;
}

export interface BankServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024;
const HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
const PAGES: Record<string, PageName> = { '/': 'home', '/login': 'login', '/register': 'register', '/transfer': 'transfer' };

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
const fail = (res: ServerResponse, status: number, code: string, message: string) => json(res, status, { error: { code, message } });

class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new BodyError(415, 'INVALID_REQUEST', 'JSON만 받습니다 (send application/json)');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BodyError(413, 'INVALID_REQUEST', `요청이 너무 큽니다 (the request is over ${MAX_BODY} bytes)`);
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new BodyError(400, 'INVALID_REQUEST', 'JSON 객체가 아닙니다 (the body is not a JSON object)');
  }
}

export async function startBankServer(opts: BankServerOptions): Promise<BankServer> {
  const { bank } = opts;
  const api: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    '/api/challenge': (b) => {
      if (b.purpose !== 'login' && b.purpose !== 'register') throw new BodyError(400, 'INVALID_REQUEST', "purpose: 'login' 또는 'register' (login or register)");
      return bank.challenge(b.purpose);
    },
    '/api/login': (b) => bank.login(b),
    '/api/register': (b) => bank.register(b),
    '/api/transfer': (b) => bank.newTransfer(b),
    '/api/transfer/confirm': (b) => bank.confirmTransfer(b),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://bank.invalid').pathname;
    if (req.method === 'GET' && PAGES[pathname]) return send(res, 200, 'text/html; charset=utf-8', page(PAGES[pathname], opts.roots));
    if (req.method === 'GET' && pathname === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', PAGE_SCRIPT);
    if (req.method === 'GET' && pathname === '/style.css') return send(res, 200, 'text/css; charset=utf-8', STYLE);
    if (req.method === 'GET' && pathname === '/sdk/dojang-web.js') {
      const sdk = opts.sdkFile ? await readFile(opts.sdkFile).catch(() => null) : null;
      if (sdk) return send(res, 200, 'text/javascript; charset=utf-8', sdk);
      return send(
        res,
        404,
        'text/javascript; charset=utf-8',
        "throw new Error('dojang-web SDK not built: run npm run build (dist/web/sdk/dojang-web.js), or give rp serve --sdk FILE');\n",
      );
    }
    const route = api[pathname];
    if (!route) return fail(res, 404, 'NOT_FOUND', `없는 주소입니다 (no such page: ${pathname})`);
    if (req.method !== 'POST') return fail(res, 405, 'INVALID_REQUEST', 'POST만 받습니다 (POST only)');
    try {
      json(res, 200, await route(await readJson(req)));
    } catch (e) {
      if (e instanceof BodyError) return fail(res, e.status, e.code, e.message);
      if (isDojangError(e)) return fail(res, e.code === 'INTERNAL' ? 500 : 400, e.code, e.message);
      opts.onError?.(e);
      fail(res, 500, 'INTERNAL', '서버 오류입니다 (internal error)');
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      opts.onError?.(e);
      if (!res.headersSent) fail(res, 500, 'INTERNAL', '서버 오류입니다 (internal error)');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserHost, type BrowserHost } from './server.js';
import { createDispatcher, type Handlers } from '../ipc/dispatch.js';
import { silentLogger } from '../core/log.js';
import type { EventMessage } from '../../preload/contract.js';
import type { Outcome } from '../../preload/errors.js';
import { unpackAnswer, type PackedList } from '../../preload/list-wire.js';
import { exchange, request as rawRequest } from '../../common/http-fuzz.test-util.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(origin: string, pathName: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(origin + pathName, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Two rows of one store and CA: packed on the wire (preload/list-wire.ts), the same list once unpacked. */
const LISTED = {
  certificates: ['a', 'b'].map((id) => ({
    id,
    kind: 'npki',
    location: { kind: 'default', label: '~/NPKI', root: '/home/u/NPKI' },
    ca: { id: 'yessign', nameKo: '금융결제원', nameEn: 'KFTC' },
    holder: id,
  })),
  looked: [],
  skipped: [],
  scannedAt: '2026-12-03T00:00:00.000Z',
};

let dir: string;
let host: BrowserHost;
let cookie: string;
let launchCode: string;
let launchReply: Reply;

/** What the launch page's form posts (read as the app window would: the file is this user's). */
function codeInPage(pageUrl: string): string {
  return /name="code" value="([^"]+)"/.exec(readFileSync(fileURLToPath(pageUrl), 'utf8'))![1]!;
}

function postLaunch(code: string, headers: Record<string, string> = {}): Promise<Reply> {
  return request(host.origin, '/launch', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', ...headers },
    body: `code=${encodeURIComponent(code)}`,
  });
}

let connected = 0;
/** Opens the page's event connection and reads `count` events from it, then closes it. */
function readEvents(count: number): Promise<Array<{ event: string; payload: { removed: Array<{ id: string }> } }>> {
  return new Promise((resolve, reject) => {
    const req = http.request(host.origin + '/api/events', { headers: { cookie, origin: host.origin } }, (res) => {
      connected++;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        const frames = [...text.matchAll(/^data: (.*)\n\n/gm)].map((m) => JSON.parse(m[1]!));
        if (frames.length >= count) {
          req.destroy();
          resolve(frames);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(what: string, cond: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-host-'));
  mkdirSync(path.join(dir, 'renderer'));
  writeFileSync(path.join(dir, 'renderer', 'index.html'), '<html><head></head><body>app</body></html>');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
  writeFileSync(path.join(dir, 'client.js'), 'window.dojang = {}');
  const handlers = {
    getAppInfo: async () => ({ host: 'browser', version: 't', platform: 'linux' }),
    listCertificates: async () => LISTED,
  } as unknown as Handlers;
  host = await startBrowserHost({
    rendererDir: path.join(dir, 'renderer'),
    hostClientFile: path.join(dir, 'client.js'),
    dispatch: createDispatcher(handlers, silentLogger),
    log: silentLogger,
    launchDir: path.join(dir, 'data', 'launch'),
  });
  launchCode = codeInPage(host.launchPageUrl);
  launchReply = await postLaunch(launchCode);
  expect(launchReply.status).toBe(200);
  cookie = String(launchReply.headers['set-cookie']?.[0]).split(';')[0]!;
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser host', () => {
  it('listens on loopback only', () => {
    expect(new URL(host.origin).hostname).toBe('127.0.0.1');
  });

  it('trades the one-time launch code for a session cookie of another value', () => {
    expect(cookie).toMatch(/^dojang_session=.{40,}$/);
    expect(cookie).not.toContain(launchCode);
  });

  it('keeps the launch code out of URLs: the app window opens a file only this user can read', () => {
    expect(host.launchPageUrl).toMatch(/^file:\/\//);
    expect(host.launchPageUrl).not.toContain(launchCode);
    expect(statSync(path.join(dir, 'data', 'launch')).mode & 0o777).toBe(0o700);
  });

  it('answers the launch with the app document itself, under the same policy as every page', async () => {
    const app = await request(host.origin, '/', { headers: { cookie } });
    expect(launchReply.body).toBe(app.body);
    expect(launchReply.body).toContain('<script defer src="/host-client.js"></script>');
    expect(launchReply.headers['content-security-policy']).toBe(app.headers['content-security-policy']);
    expect(launchReply.headers['cache-control']).toBe('no-store');
    expect(launchReply.headers['set-cookie']?.[0]).toMatch(/; HttpOnly; SameSite=Strict; Path=\/$/);
  });

  it('spends the launch code: the page is gone and a second /launch fails', async () => {
    expect(existsSync(fileURLToPath(host.launchPageUrl))).toBe(false);
    const again = await postLaunch(launchCode);
    expect(again.status).toBe(403);
    expect(again.body).not.toContain('host-client.js');
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a wrong launch code and the old GET /launch?s= form', async () => {
    expect((await postLaunch('wrong')).status).toBe(403);
    expect((await request(host.origin, `/launch?s=${launchCode}`)).status).toBe(403);
  });

  it('refuses every request without the session: 403', async () => {
    expect((await request(host.origin, '/')).status).toBe(403);
    const api = await request(host.origin, '/api/getAppInfo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(api.status).toBe(403);
    expect(api.body).not.toContain('linux');
  });

  it('serves the app with the session, with the CSP and the host client injected', async () => {
    const page = await request(host.origin, '/', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<script defer src="/host-client.js"></script>');
  });

  it('answers bridge calls with the session', async () => {
    const reply = await request(host.origin, '/api/getAppInfo', { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: host.origin }, body: '{}' });
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { host: 'browser', version: 't', platform: 'linux' } });
  });

  it('sends the certificate list packed, each shared object once; the host client unpacks it to the same list', async () => {
    const reply = await request(host.origin, '/api/listCertificates', { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: host.origin }, body: '{}' });
    const outcome = JSON.parse(reply.body) as Outcome<PackedList>;
    expect(outcome.ok && outcome.value.packed.shared).toHaveLength(2);
    expect(reply.body.match(/금융결제원/g)).toHaveLength(1);
    expect(unpackAnswer('listCertificates', outcome)).toEqual({ ok: true, value: LISTED });
  });

  it('refuses another Origin (a web page calling in) even with the cookie', async () => {
    const reply = await request(host.origin, '/api/getAppInfo', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: 'https://evil.example' },
      body: '{}',
    });
    expect(reply.status).toBe(403);
  });

  it('refuses another Host name (DNS rebinding)', async () => {
    const port = new URL(host.origin).port;
    const reply = await request(host.origin, '/', { headers: { cookie, host: `evil.example:${port}` } });
    expect(reply.status).toBe(403);
  });

  it('refuses simple cross-site form posts (not JSON)', async () => {
    const reply = await request(host.origin, '/api/getAppInfo', { method: 'POST', headers: { cookie, 'content-type': 'text/plain' }, body: '{}' });
    expect(reply.status).toBe(405);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const reply = await request(host.origin, p, { headers: { cookie } });
      expect(reply.body).not.toContain('outside the renderer');
    }
  });

  it('answers the issue-12 crashers with 400, 403 or 404, and goes on serving', async () => {
    const port = Number(new URL(host.origin).port);
    for (const target of ['//', '//[::1', 'http://[', '*']) {
      expect(await exchange(port, rawRequest([`GET ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`]))).toBe('400');
    }
    // Well-formed paths that do not decode: refused at the gate without a session, not found with one.
    for (const target of ['/%c0%ae', '/a%00b', '/%']) {
      expect(await exchange(port, rawRequest([`GET ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`]))).toBe('403');
      expect(await exchange(port, rawRequest([`GET ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, `Cookie: ${cookie}`]))).toBe('404');
    }
    expect((await request(host.origin, '/', { headers: { cookie } })).status).toBe(200);
  });

  it('keeps the events sent while no page listens for the next event connection, the newest 32, once', async () => {
    const drives = (n: number) => ({ event: 'drivesChanged', payload: { drives: [], added: [], removed: [{ id: `d${n}` }] } }) as unknown as EventMessage;
    for (let n = 0; n < 40; n++) host.broadcast(drives(n));
    const first = await readEvents(32);
    expect(first.map((e) => e.payload.removed[0]?.id)).toEqual(Array.from({ length: 32 }, (_, k) => `d${k + 8}`));
    // Delivered: the next connection gets only what is sent after it opened.
    const next = readEvents(1);
    await until('the second connection is open', () => connected >= 2);
    host.broadcast(drives(99));
    expect((await next).map((e) => e.payload.removed[0]?.id)).toEqual(['d99']);
  });

  it('gives malformed JSON a clear INVALID_REQUEST', async () => {
    const reply = await request(host.origin, '/api/getAppInfo', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{nope' });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error.code).toBe('INVALID_REQUEST');
  });
});

describe('the renderer page', () => {
  it('carries the hosts’ CSP in a meta tag too (frame-ancestors is header-only)', async () => {
    const { readFileSync } = await import('node:fs');
    const { CONTENT_SECURITY_POLICY } = await import('./security.js');
    const html = readFileSync(path.resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const headerWithoutFrameAncestors = CONTENT_SECURITY_POLICY.split('; ')
      .filter((d) => !d.startsWith('frame-ancestors'))
      .sort();
    expect(meta?.split('; ').sort()).toEqual(headerWithoutFrameAncestors);
  });
});

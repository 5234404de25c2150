/**
 * The transport against a scripted HTTP server: what is retried (idempotent calls, no answer or
 * 502/503/504) and what is not, timeouts, the specific errors, answers of the wrong shape, and
 * the cloud's clock from the Date header.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DojangError } from '../../common/errors.js';
import { CloudApiError } from './errors.js';
import { CloudTransport, normalizeCloudUrl } from './transport.js';

type Reply = { status: number; body?: unknown; delayMs?: number; date?: string; destroy?: boolean };
let script: Reply[] = [];
let hits: { method: string; url: string; auth: string | undefined; body: string }[] = [];
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      const r = script.shift() ?? { status: 200, body: { ok: true } };
      if (r.destroy) return void req.socket.destroy();
      setTimeout(() => {
        if (res.destroyed) return;
        if (r.date) res.setHeader('date', r.date);
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(r.body === undefined ? '' : JSON.stringify(r.body));
      }, r.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  hits = [];
});

const ok = z.object({ ok: z.boolean() });
const transport = (opts: Partial<ConstructorParameters<typeof CloudTransport>[0]> = {}) =>
  new CloudTransport({ baseUrl: base, retries: 2, backoffMs: 1, timeoutMs: 2_000, ...opts });

async function failure(p: Promise<unknown>): Promise<DojangError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DojangError);
  return e as DojangError;
}

describe('retries', () => {
  it('an idempotent call is retried after 503 and a dropped connection, then succeeds', async () => {
    script = [{ status: 503 }, { status: 0, destroy: true }, { status: 200, body: { ok: true } }];
    expect(await transport().call({ method: 'GET', path: '/v1/devices', idempotent: true, schema: ok })).toEqual({ ok: true });
    expect(hits).toHaveLength(3);
  });

  it('a call that is not idempotent (PIN, code, signature) is sent exactly once', async () => {
    script = [{ status: 503 }, { status: 200, body: { ok: true } }];
    const e = await failure(transport().call({ method: 'POST', path: '/v1/credentials/authorize', body: { PIN: '802413' }, idempotent: false, schema: ok }));
    expect(e.code).toBe('CLOUD_UNREACHABLE');
    expect(hits).toHaveLength(1);
  });

  it('gives up after the retries with CLOUD_UNREACHABLE naming the cloud', async () => {
    script = [{ status: 502 }, { status: 504 }, { status: 503 }, { status: 200, body: { ok: true } }];
    const e = await failure(transport().call({ method: 'GET', path: '/v1/health', idempotent: true, schema: ok }));
    expect(e.code).toBe('CLOUD_UNREACHABLE');
    expect(e.message).toContain(base);
    expect(hits).toHaveLength(3);
  });

  it('a 4xx answer is final: never retried', async () => {
    script = [{ status: 404, body: { code: 'NOT_FOUND', message: 'No credential with this id belongs to this account.' } }];
    const e = await failure(transport().call({ method: 'POST', path: '/v1/credentials/info', body: {}, idempotent: true, schema: ok }));
    expect(e.code).toBe('NOT_FOUND');
    expect(hits).toHaveLength(1);
  });
});

describe('timeouts and unreachable clouds', () => {
  it('an answer slower than the timeout counts as no answer', async () => {
    script = [{ status: 200, body: { ok: true }, delayMs: 1_500 }];
    // Without the timeout the slow answer would arrive and the call succeed: the error proves it fired.
    const e = await failure(transport({ timeoutMs: 200, retries: 0 }).call({ method: 'GET', path: '/v1/health', idempotent: true, schema: ok }));
    expect(e.code).toBe('CLOUD_UNREACHABLE');
    expect(e.message).toContain('no answer in time');
  });

  it('a port nobody listens on', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const e = await failure(
      new CloudTransport({ baseUrl: `http://127.0.0.1:${port}`, retries: 1, backoffMs: 1 }).call({ method: 'GET', path: '/v1/health', idempotent: true, schema: ok }),
    );
    expect(e.code).toBe('CLOUD_UNREACHABLE');
    expect(e.message).toContain('no connection');
  });
});

describe('errors the user can act on', () => {
  const cases: [Reply, string, RegExp][] = [
    [{ status: 400, body: { code: 'PIN_WRONG', message: 'Wrong PIN.', triesLeft: 3 } }, 'PIN_WRONG', /3 tries left/],
    [{ status: 403, body: { code: 'PIN_LOCKED', message: 'locked' } }, 'PIN_LOCKED', /unlock it with an SMS code/],
    [{ status: 403, body: { code: 'CERT_REVOKED', message: 'revoked' } }, 'CERT_REVOKED', /revoked/],
    [{ status: 403, body: { code: 'CERT_EXPIRED', message: 'expired' } }, 'CERT_EXPIRED', /expired/],
    [{ status: 409, body: { code: 'DEVICE_LIMIT', message: 'limit' } }, 'DEVICE_LIMIT', /at the limit/],
    [{ status: 401, body: { code: 'UNAUTHORIZED', message: 'not connected' } }, 'CLOUD_NOT_CONNECTED', /Connect again/],
    [{ status: 400, body: { code: 'CODE_WRONG', message: 'Wrong code.', triesLeft: 0 } }, 'CODE_WRONG', /no tries left/],
    [{ status: 429, body: { code: 'RATE_LIMITED', message: 'slow down', retryAfter: 42 } }, 'RATE_LIMITED', /42 seconds/],
    [{ status: 500, body: { code: 'INTERNAL', message: 'boom' } }, 'CLOUD_UNREACHABLE', /cannot be reached/],
    [{ status: 418, body: 'not json at all' }, 'INTERNAL', /HTTP 418/],
  ];
  for (const [reply, code, message] of cases) {
    it(`${reply.status} ${typeof reply.body === 'object' ? (reply.body as { code: string }).code : 'garbage'} → ${code}`, async () => {
      script = [reply];
      const e = await failure(transport().call({ method: 'POST', path: '/x', body: {}, idempotent: false, schema: ok }));
      expect(e.code).toBe(code);
      expect(e.message).toMatch(message);
      expect(e.message).not.toMatch(/\n\s+at /); // no stack
    });
  }

  it('says what NOT_FOUND and a wrong code mean for the call that got them (never "no account")', async () => {
    const keyFor = async (path: string, body: object): Promise<unknown> => {
      script = [{ status: body && 'triesLeft' in body ? 400 : 404, body }];
      return (await failure(transport().call({ method: 'POST', path, body: {}, idempotent: false, schema: ok }))).key;
    };
    const unknown = { code: 'NOT_FOUND', message: 'Unknown verification. Request a new code.' };
    expect(await keyFor('/v1/connect/verify', unknown)).toBe('cloud.verificationUnknown');
    expect(await keyFor('/v1/issue', { code: 'NOT_FOUND', message: 'Unknown reference number.' })).toBe('cloud.refNumUnknown');
    expect(await keyFor('/v1/devices/d-1', { code: 'NOT_FOUND', message: 'No connected device with this id.' })).toBe('cloud.deviceGone');
    expect(await keyFor('/v1/credentials/info', { code: 'NOT_FOUND', message: 'No credential with this id.' })).toBe('cloud.credentialGone');
    // connect/request always answers with a challenge: details that match no one show up as a wrong code here.
    expect(await keyFor('/v1/connect/verify', { code: 'CODE_WRONG', message: 'Wrong code.', triesLeft: 4 })).toBe('cloud.connectCodeWrong');
    expect(await keyFor('/v1/credentials/unlock', { code: 'CODE_WRONG', message: 'Wrong code.', triesLeft: 4 })).toBe('cloud.codeWrong');
  });

  it('keeps the cloud code and tries left on the error', async () => {
    script = [{ status: 400, body: { code: 'PIN_WRONG', message: 'Wrong PIN.', triesLeft: 2 } }];
    const e = await failure(transport().call({ method: 'POST', path: '/x', body: {}, idempotent: false, schema: ok }));
    expect(e).toBeInstanceOf(CloudApiError);
    expect((e as CloudApiError).cloudCode).toBe('PIN_WRONG');
    expect((e as CloudApiError).triesLeft).toBe(2);
  });

  it('an answer of the wrong shape is refused, not passed on', async () => {
    script = [{ status: 200, body: { ok: 'yes' } }];
    const e = await failure(transport().call({ method: 'GET', path: '/v1/health', idempotent: true, schema: ok }));
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toMatch(/does not understand/);
  });
});

describe('requests', () => {
  it('sends the device token as a Bearer header and the body as JSON', async () => {
    script = [{ status: 200, body: { ok: true } }];
    await transport().call({ method: 'POST', path: '/v1/credentials/list', body: { a: 1 }, token: 'dt_abc', idempotent: true, schema: ok });
    expect(hits[0]).toMatchObject({ method: 'POST', url: '/v1/credentials/list', auth: 'Bearer dt_abc', body: '{"a":1}' });
  });
});

describe("the cloud's clock", () => {
  it('is read from the Date header: cloudNow follows the cloud, whatever the local clock says', async () => {
    const local = new Date('2026-03-01T09:00:00Z');
    const t = transport({ now: () => local });
    expect(t.cloudNow().getTime()).toBe(local.getTime()); // no answer yet: the local clock
    script = [{ status: 200, body: { ok: true }, date: new Date('2026-03-01T09:10:00Z').toUTCString() }];
    await t.call({ method: 'GET', path: '/v1/health', idempotent: true, schema: ok });
    expect(Math.abs(t.cloudNow().getTime() - Date.parse('2026-03-01T09:10:00Z'))).toBeLessThanOrEqual(1_000);
    script = [{ status: 200, body: { ok: true }, date: new Date('2026-03-01T08:50:00Z').toUTCString() }];
    await t.call({ method: 'GET', path: '/v1/health', idempotent: true, schema: ok });
    expect(Math.abs(t.cloudNow().getTime() - Date.parse('2026-03-01T08:50:00Z'))).toBeLessThanOrEqual(1_000);
  });
});

describe('cloud URLs', () => {
  it('one spelling per cloud', () => {
    expect(normalizeCloudUrl('HTTPS://Cloud.Example.KR/')).toBe('https://cloud.example.kr');
    expect(normalizeCloudUrl('https://cloud.example.kr/api//')).toBe('https://cloud.example.kr/api');
    expect(normalizeCloudUrl('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
  });
  it('refuses plain http off this computer, credentials in the URL, and other schemes', () => {
    for (const bad of ['http://cloud.example.kr', 'https://user:pw@cloud.example.kr', 'https://cloud.example.kr/?a=1', 'ftp://x', 'not a url']) {
      expect(() => normalizeCloudUrl(bad)).toThrow(DojangError);
    }
  });
});

/**
 * The web signing agent's app side end to end in one process: requests go into
 * ctx.agent.handle (as the extension's channel calls it), the consent window's calls go through
 * the real dispatcher, the certificate is the real yessign test key on disk, the signatures are
 * checked by the verifier and by OpenSSL. One test per refusal of docs/signing-agent.md.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Events } from '../../preload/types.js';
import type { AppContext } from '../app/context.js';
import { testContext } from '../app/context.test-util.js';
import { silentLogger } from '../core/log.js';
import { createDispatcher, type Dispatch } from '../ipc/dispatch.js';
import { createHandlers } from '../ipc/handlers/index.js';
import { FIXTURES, YESSIGN_PASSWORD, addYessignCopy, openssl } from '../npki/fixtures.test-util.js';
import { verifyCms, verifyPkcs1 } from '../../common/pki/cms.js';
import { MAX_MESSAGE_BYTES, type AgentRequest, type AgentResponse, type SignResult } from './protocol.js';
import { refusalOf } from './service.js';
import { DojangError } from '../../common/errors.js';

const BANK = 'https://bank.example';
/** The fixture key's randomNum attribute (fixtures/npki/README.md). */
const RANDOM_NUM = '7858b4328390805129f01c97fe6ca4a520cbd479';

let base: string;
let ctx: AppContext;
let dispatch: Dispatch;
let events: { event: keyof Events; payload: unknown }[];
let clock: Date;
let seq = 0;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- results are asserted field by field
async function call<T = any>(method: string, request: unknown): Promise<T> {
  const outcome = await dispatch(method, request);
  if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), { code: outcome.error.code });
  return outcome.value as T;
}
async function failure(method: string, request: unknown) {
  const outcome = await dispatch(method, request);
  expect(outcome.ok).toBe(false);
  return (outcome as { ok: false; error: { code: string } }).error.code;
}

function signRequest(params: Record<string, unknown> = {}, origin = BANK): AgentRequest {
  seq++;
  return { v: 1, id: `r${seq}`, origin, request: { id: `p${seq}`, method: 'sign', params: { content: { texts: ['이체 확인: 10,000원을 홍길동에게'] }, ...params } as never } };
}
const shown = () => events.filter((e) => e.event === 'agentRequest').length;
const errorOf = (r: AgentResponse) => (r.ok ? null : r.error.code);

/** Sends a request and waits until the consent window has it. */
async function ask(request: AgentRequest, signal = new AbortController().signal) {
  const before = shown();
  const answer = ctx.agent.handle(request, signal);
  await vi.waitFor(() => expect(shown()).toBe(before + 1), { timeout: 20_000 });
  const view = (await call('agentPending', {})).request;
  expect(view).not.toBeNull();
  return { answer, view };
}

function contextFor(home: string, dataDir: string, timeoutMs?: number) {
  return testContext({
    home,
    dataDir,
    emit: (event, payload) => events.push({ event, payload }),
    now: () => clock,
    ...(timeoutMs ? { testHooks: { agentTimeoutMs: timeoutMs } } : {}),
  });
}

beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'dojang-agent-'));
  const home = path.join(base, 'home');
  addYessignCopy(path.join(home, 'NPKI'));
  events = [];
  // The fixture certificate is valid 2020-02-24..2020-03-25.
  clock = new Date('2020-03-01T00:00:00Z');
  ctx = contextFor(home, path.join(base, 'data'));
  dispatch = createDispatcher(createHandlers(ctx), silentLogger);
});
afterEach(async () => {
  await ctx.agent.audit(1); // the audit lines still being written (refusals answer first, then write)
  rmSync(base, { recursive: true, force: true });
});

function auditLines(): string {
  const folder = path.join(base, 'data', 'agent');
  return readdirSync(folder)
    .map((f) => readFileSync(path.join(folder, f), 'utf8'))
    .join('');
}

describe('a signature the user consents to', () => {
  it('shows the origin, the text and the matching certificate; a wrong password stays in the window; the CMS verifies here and in OpenSSL', async () => {
    const { answer, view } = await ask(signRequest({ signType: 'transfer' }));
    expect(view).toMatchObject({ origin: BANK, originUnicode: null, site: 'unknown', signType: 'transfer', format: 'CMS', includeR: false });
    expect(view.items).toEqual([{ kind: 'text', text: '이체 확인: 10,000원을 홍길동에게', bytes: Buffer.byteLength('이체 확인: 10,000원을 홍길동에게') }]);
    expect(view.certificates).toHaveLength(1);
    const certificateId = view.certificates[0].id;

    expect(await failure('agentDecide', { requestId: view.requestId, certificateId, password: 'wrong password' })).toBe('WRONG_PASSWORD');
    expect((await call('agentPending', {})).request?.requestId).toBe(view.requestId);

    await call('agentDecide', { requestId: view.requestId, certificateId, password: YESSIGN_PASSWORD });
    const response = await answer;
    expect(response.ok).toBe(true);
    const value = (response as { value: SignResult }).value;
    expect(value.rValue).toBeNull();
    const cms = Buffer.from(value.signedData[0]!, 'base64url');
    expect(verifyCms(cms).valid).toBe(true);
    const file = path.join(base, 'signed.p7s');
    writeFileSync(file, cms);
    expect(openssl(['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', file]).toString('utf8')).toBe('이체 확인: 10,000원을 홍길동에게');
    expect(Buffer.from(value.certificate, 'base64url')).toEqual(readFileSync(path.join(FIXTURES, 'yessign-test/signCert.der')));
    expect(events.at(-1)).toEqual({ event: 'agentClosed', payload: { requestId: view.requestId } });
    expect((await call('agentPending', {})).request).toBeNull();
    // 마지막 사용 counts web signatures too.
    expect((await call('listCertificates', {})).certificates[0].lastUsedAt).toBe(clock.toISOString());
  });

  it('signs each binary as PKCS#1 with the R value when asked; the window shows a file name, size and SHA-256', async () => {
    const data = Buffer.from('%PDF-1.7 계약서');
    const { answer, view } = await ask(signRequest({ content: { binaries: [{ name: '계약서.pdf', data: data.toString('base64url') }] }, format: 'PKCS1', includeR: true }));
    expect(view.items).toEqual([
      { kind: 'binary', name: '계약서.pdf', size: data.length, sha256: '' + (await import('node:crypto')).createHash('sha256').update(data).digest('hex') },
    ]);
    expect(view.includeR).toBe(true);
    await call('agentDecide', { requestId: view.requestId, certificateId: view.certificates[0].id, password: YESSIGN_PASSWORD });
    const value = ((await answer) as { value: SignResult }).value;
    expect(verifyPkcs1(Buffer.from(value.certificate, 'base64url'), data, Buffer.from(value.signedData[0]!, 'base64url'))).toBe(true);
    expect(Buffer.from(value.rValue!, 'base64url').toString('hex')).toBe(RANDOM_NUM);
  });

  it('detached CMS leaves the content out; OpenSSL verifies it with the content given', async () => {
    const { answer, view } = await ask(signRequest({ detached: true, content: { texts: ['첫째', '둘째'] } }));
    await call('agentDecide', { requestId: view.requestId, certificateId: view.certificates[0].id, password: YESSIGN_PASSWORD, allowSite: true });
    const value = ((await answer) as { value: SignResult }).value;
    expect(value.signedData).toHaveLength(2);
    const file = path.join(base, 'detached.p7s');
    const content = path.join(base, 'content.txt');
    writeFileSync(file, Buffer.from(value.signedData[1]!, 'base64url'));
    writeFileSync(content, '둘째');
    openssl(['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', file, '-content', content]);
    expect((await call('agentSites', {})).sites).toMatchObject([{ origin: BANK, decision: 'allow' }]);
  });

  it('signs a text as EUC-KR when asked: the signed bytes are CP949, as a Korean server decodes them', async () => {
    const { answer, view } = await ask(signRequest({ encoding: 'EUC-KR', content: { texts: ['계좌이체 확인'] } }));
    expect(view.encoding).toBe('EUC-KR');
    await call('agentDecide', { requestId: view.requestId, certificateId: view.certificates[0].id, password: YESSIGN_PASSWORD });
    const value = ((await answer) as { value: SignResult }).value;
    const file = path.join(base, 'euc-kr.p7s');
    writeFileSync(file, Buffer.from(value.signedData[0]!, 'base64url'));
    const signed = openssl(['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', file]);
    // The bytes from Python's cp949 codec (no code of ours).
    expect(signed.toString('hex')).toBe('b0e8c1c2c0ccc3bc20c8aec0ce');
  });

  it('writes one audit line per request with hashes, never the content, password or signature', async () => {
    const { answer, view } = await ask(signRequest());
    await call('agentDecide', { requestId: view.requestId, certificateId: view.certificates[0].id, password: YESSIGN_PASSWORD });
    const value = ((await answer) as { value: SignResult }).value;
    const [entry] = (await call('agentAudit', {})).entries;
    expect(entry).toMatchObject({
      origin: BANK,
      method: 'sign',
      signType: 'other',
      format: 'CMS',
      outcome: 'signed',
      certificate: { kind: 'npki', subject: expect.stringContaining('HKD') },
    });
    expect(entry.items[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const text = auditLines();
    for (const secret of ['이체', YESSIGN_PASSWORD, value.signedData[0]!.slice(0, 40)]) expect(text).not.toContain(secret);
  });
});

describe('switching certificates mid-dialog', () => {
  it('offers every matching copy (this computer, an added folder); a failure with one (wrong password; a copy without randomNum when the R value is asked) does not stop signing with the other', async () => {
    const usb = addYessignCopy(path.join(base, 'usb', 'NPKI'));
    // This copy's key is the PBES2 re-encryption of the same key (same password): another file, the same signer.
    cpSync(path.join(FIXTURES, 'yessign-test/generated_pbes2_seedcbc_sha1_signPri.key'), path.join(usb, 'signPri.key'));
    await ctx.settings.update({ folders: [path.join(base, 'usb', 'NPKI')] });
    const { answer, view } = await ask(signRequest({ includeR: true }));
    expect(view.certificates).toHaveLength(2);
    const copy = view.certificates.find((c: { path: string }) => c.path.startsWith(path.join(base, 'usb')));
    const original = view.certificates.find((c: { id: string }) => c.id !== copy.id);
    expect(await failure('agentDecide', { requestId: view.requestId, certificateId: original.id, password: 'wrong' })).toBe('WRONG_PASSWORD');
    // The re-encrypted copy lost its randomNum: it cannot give the R value the site asked for.
    expect(await failure('agentDecide', { requestId: view.requestId, certificateId: copy.id, password: YESSIGN_PASSWORD })).toBe('NOT_FOUND');
    await call('agentDecide', { requestId: view.requestId, certificateId: original.id, password: YESSIGN_PASSWORD });
    const value = ((await answer) as { value: SignResult }).value;
    expect(verifyCms(Buffer.from(value.signedData[0]!, 'base64url')).valid).toBe(true);
    expect(Buffer.from(value.rValue!, 'base64url').toString('hex')).toBe(RANDOM_NUM);
    expect((await call('agentAudit', {})).entries[0].certificate.serialHex).toBe(original.serialHex);
  });
});

describe('refusals (docs/signing-agent.md)', () => {
  it('another origin while one request is pending: BUSY, and nothing more is shown', async () => {
    const first = await ask(signRequest());
    expect(errorOf(await ctx.agent.handle(signRequest({}, 'https://other.example'), new AbortController().signal))).toBe('BUSY');
    expect(shown()).toBe(1);
    expect((await call('agentPending', {})).request.requestId).toBe(first.view.requestId);
    await call('agentCancel', { requestId: first.view.requestId });
    expect(errorOf(await first.answer)).toBe('USER_CANCELLED');
  });

  it('a denied site: SITE_NOT_ALLOWED without showing anything; revoked, it asks again', async () => {
    await call('agentSetSite', { origin: BANK, decision: 'deny' });
    expect(errorOf(await ctx.agent.handle(signRequest(), new AbortController().signal))).toBe('SITE_NOT_ALLOWED');
    expect(shown()).toBe(0);
    await call('agentSetSite', { origin: BANK, decision: null });
    const { answer, view } = await ask(signRequest());
    await call('agentCancel', { requestId: view.requestId, denySite: true });
    expect(errorOf(await answer)).toBe('SITE_NOT_ALLOWED');
    expect((await call('agentSites', {})).sites).toMatchObject([{ origin: BANK, decision: 'deny' }]);
  });

  it('an origin that is not https (or not a bare origin) is refused; loopback http only with the development setting', async () => {
    const refused = ['http://bank.example', 'https://bank.example/', 'https://user@bank.example', 'file:///etc/passwd', 'null', 'HTTPS://BANK.EXAMPLE', 'http://localhost:8080'];
    for (const origin of refused) expect(errorOf(await ctx.agent.handle(signRequest({}, origin), new AbortController().signal)), origin).toBe('SITE_NOT_ALLOWED');
    expect(shown()).toBe(0);
    await call('updateSettings', { agentAllowLoopback: true });
    const { answer, view } = await ask(signRequest({}, 'http://localhost:8080'));
    expect(view.origin).toBe('http://localhost:8080');
    await call('agentCancel', { requestId: view.requestId });
    await answer;
  });

  it('keeps punycode as reported and shows the Unicode form beside it (punycode from the Python idna codec)', async () => {
    const { answer, view } = await ask(signRequest({}, 'https://xn--3e0b39yhpi7lo.example'));
    expect(view).toMatchObject({ origin: 'https://xn--3e0b39yhpi7lo.example', originUnicode: 'https://국민은행.example' });
    await call('agentCancel', { requestId: view.requestId });
    await answer;
  });

  it('an origin field forged inside the request is refused by the strict schema', async () => {
    const forged = signRequest();
    const withOrigin = { ...forged, request: { ...forged.request, origin: 'https://bank.example' } };
    const inParams = { ...forged, request: { ...forged.request, params: { content: { texts: ['x'] }, origin: BANK } } };
    for (const request of [withOrigin, inParams]) expect(errorOf(await ctx.agent.handle(request, new AbortController().signal))).toBe('INVALID_REQUEST');
    expect(shown()).toBe(0);
  });

  it('oversized and malformed messages: INVALID_REQUEST, nothing shown', async () => {
    const big = Buffer.alloc(MAX_MESSAGE_BYTES).toString('base64url');
    const malformed: unknown[] = [
      signRequest({ content: { binaries: [{ name: 'big.bin', data: big }] } }),
      null,
      'sign',
      { ...signRequest(), v: 2 },
      { ...signRequest(), request: { id: 'x', method: 'listCertificates' } },
      signRequest({ content: { texts: ['10,000원 \u202e000,000,1'] } }),
      signRequest({ content: { texts: [] } }),
      signRequest({ format: 'PKCS7' }),
      signRequest({ content: { binaries: [{ name: 'a', data: '***' }] } }),
      signRequest({ encoding: 'EUC-KR', content: { texts: ['EUC-KR cannot hold 😀'] } }),
    ];
    for (const request of malformed) expect(errorOf(await ctx.agent.handle(request as AgentRequest, new AbortController().signal))).toBe('INVALID_REQUEST');
    expect(shown()).toBe(0);
    // Logged once per origin (and once for those without one), not once each: a flood cannot rotate the log.
    const logged = (await call('agentAudit', {})).entries.filter((e: { outcome: string }) => e.outcome === 'INVALID_REQUEST');
    expect(logged.map((e: { origin: string }) => e.origin).sort()).toEqual(['', BANK]);
  });

  it('100 requests from one page: RATE_LIMITED after a small burst; one window at most', async () => {
    // Whichever request reads the settings first opens the window (file reads finish in any
    // order); the other 99 are answered at once, then the open one is cancelled.
    let settled = 0;
    const all = Array.from({ length: 100 }, () =>
      ctx.agent
        .handle(signRequest(), new AbortController().signal)
        .then(errorOf)
        .catch(() => 'threw')
        .finally(() => settled++),
    );
    await vi.waitFor(() => expect(settled).toBe(99), { timeout: 20_000 });
    // Another site is not held back by this one's budget (it is only BUSY while the window is open).
    expect(errorOf(await ctx.agent.handle(signRequest({}, 'https://other.example'), new AbortController().signal))).toBe('BUSY');
    const open = (await call('agentPending', {})).request;
    await call('agentCancel', { requestId: open.requestId });
    const codes = await Promise.all(all);
    expect(codes.filter((code) => code === 'USER_CANCELLED')).toHaveLength(1);
    const answers = codes.filter((code) => code !== 'USER_CANCELLED');
    const counts = answers.reduce<Record<string, number>>((c, code) => ({ ...c, [String(code)]: (c[String(code)] ?? 0) + 1 }), {});
    expect(counts.RATE_LIMITED).toBeGreaterThanOrEqual(95);
    expect(shown()).toBeLessThanOrEqual(1);
    // The flood leaves one RATE_LIMITED line, not 97: it cannot push the user's history out of the log.
    const outcomes = (await call('agentAudit', { limit: 1000 })).entries.map((e: { outcome: string }) => e.outcome);
    expect(outcomes.filter((o: string) => o === 'RATE_LIMITED')).toHaveLength(1);
  });

  it('the page closes mid-dialog: the window is told to close, and a late decision signs nothing', async () => {
    const controller = new AbortController();
    const { answer, view } = await ask(signRequest(), controller.signal);
    controller.abort();
    expect(errorOf(await answer)).toBe('USER_CANCELLED');
    expect(events.at(-1)).toEqual({ event: 'agentClosed', payload: { requestId: view.requestId } });
    expect((await call('agentPending', {})).request).toBeNull();
    expect(await failure('agentDecide', { requestId: view.requestId, certificateId: view.certificates[0].id, password: YESSIGN_PASSWORD })).toBe('NOT_FOUND');
    expect((await call('agentAudit', {})).entries[0].outcome).toBe('PAGE_CLOSED');
  });

  it('two decisions at once: one signs, the other is refused', async () => {
    const { answer, view } = await ask(signRequest());
    const decision = { requestId: view.requestId, certificateId: view.certificates[0].id, password: YESSIGN_PASSWORD };
    const codes = await Promise.all([dispatch('agentDecide', decision), dispatch('agentDecide', decision)]);
    expect(codes.map((o) => (o.ok ? 'ok' : o.error.code)).sort()).toEqual(['CONFLICT', 'ok']);
    expect((await answer).ok).toBe(true);
  });

  it('a replayed decision for a request already answered: NOT_FOUND, nothing signed twice', async () => {
    const { answer, view } = await ask(signRequest());
    const decision = { requestId: view.requestId, certificateId: view.certificates[0].id, password: YESSIGN_PASSWORD };
    await call('agentDecide', decision);
    expect((await answer).ok).toBe(true);
    expect(await failure('agentDecide', decision)).toBe('NOT_FOUND');
    expect((await call('agentAudit', {})).entries.filter((e: { outcome: string }) => e.outcome === 'signed')).toHaveLength(1);
  });

  it('no matching certificate: the window still shows, and the page is told only after the user closes it', async () => {
    const { answer, view } = await ask(signRequest({ filter: { policyOids: ['1.2.410.200005.1.1.5'] } }));
    expect(view.certificates).toEqual([]);
    let settled = false;
    void answer.then(() => (settled = true));
    await call('agentPending', {});
    expect(settled).toBe(false);
    await call('agentCancel', { requestId: view.requestId });
    expect(errorOf(await answer)).toBe('NO_MATCHING_CERTIFICATE');
  });

  it('filters by issuer and kind', async () => {
    for (const [filter, count] of [
      [{ issuers: ['yessignCA-Test Class 4'] }, 1],
      [{ issuers: ['yessign'] }, 1],
      [{ issuers: ['signGATE FTCA06'] }, 0],
      [{ kinds: ['cloud'] }, 0],
      [{ kinds: ['local'], policyOids: ['1.2.410.200005.1.1.4'] }, 1],
    ] as const) {
      const { answer, view } = await ask(signRequest({ filter }));
      expect(view.certificates, JSON.stringify(filter)).toHaveLength(count);
      await call('agentCancel', { requestId: view.requestId });
      await answer;
      clock = new Date(clock.getTime() + 60_000); // past the rate limit
    }
  });

  it('an expired certificate is refused in the window; closing it tells the page CERTIFICATE_EXPIRED', async () => {
    clock = new Date('2021-01-01T00:00:00Z');
    const { answer, view } = await ask(signRequest());
    expect(await failure('agentDecide', { requestId: view.requestId, certificateId: view.certificates[0].id, password: YESSIGN_PASSWORD })).toBe('CERT_EXPIRED');
    await call('agentCancel', { requestId: view.requestId });
    expect(errorOf(await answer)).toBe('CERTIFICATE_EXPIRED');
  });

  it('no answer in time: TIMEOUT, and the window closes', async () => {
    ctx = contextFor(path.join(base, 'home'), path.join(base, 'data'), 50);
    dispatch = createDispatcher(createHandlers(ctx), silentLogger);
    // 50 ms may pass before the test could look at the window: the events say what was shown and closed.
    const answer = ctx.agent.handle(signRequest(), new AbortController().signal);
    expect(errorOf(await answer)).toBe('TIMEOUT');
    const shownEvent = events.find((e) => e.event === 'agentRequest');
    expect(shownEvent).toBeDefined();
    expect(events.at(-1)).toEqual({ event: 'agentClosed', payload: shownEvent!.payload });
    expect((await call('agentPending', {})).request).toBeNull();
  });

  it('the consent bridge is strict: a bad request id, a short PIN, an unknown field are INVALID_REQUEST; a certificate not offered is refused', async () => {
    const { answer, view } = await ask(signRequest({ filter: { kinds: ['local'] } }));
    const certificateId = view.certificates[0].id;
    expect(await failure('agentDecide', { requestId: 'not-a-uuid', certificateId, password: 'x' })).toBe('INVALID_REQUEST');
    expect(await failure('agentDecide', { requestId: view.requestId, certificateId, pin: '12345' })).toBe('INVALID_REQUEST');
    expect(await failure('agentDecide', { requestId: view.requestId, certificateId, password: 'x', content: 'other text' })).toBe('INVALID_REQUEST');
    expect(await failure('agentDecide', { requestId: view.requestId, certificateId: 'cloud:someone-else', pin: '123456' })).toBe('NOT_FOUND');
    expect(await failure('agentSetSite', { origin: 'https://bank.example/path', decision: 'allow' })).toBe('INVALID_REQUEST');
    await call('agentCancel', { requestId: view.requestId });
    expect(errorOf(await answer)).toBe('USER_CANCELLED');
  });

  it('hello answers the version without showing anything', async () => {
    const response = await ctx.agent.handle({ v: 1, id: 'h', origin: BANK, request: { id: 'h', method: 'hello' } }, new AbortController().signal);
    expect(response).toEqual({ v: 1, id: 'h', ok: true, value: { agent: 'dojang', version: 'test', protocol: 1 } });
    expect(shown()).toBe(0);
  });
});

describe('what the page hears after a refusal in the window', () => {
  it('a revoked signer (the signer check on this computer) is CERTIFICATE_REVOKED; expiry, a locked PIN, other errors as documented', () => {
    expect(refusalOf(new DojangError('CERT_REVOKED', 'signer.revoked'))).toBe('CERTIFICATE_REVOKED');
    expect(refusalOf(new DojangError('CERT_EXPIRED', 'signer.expired', { date: '2020-01-01' }))).toBe('CERTIFICATE_EXPIRED');
    expect(refusalOf(new DojangError('CERT_NOT_YET_VALID', 'signer.notYetValid', { date: '2030-01-01' }))).toBe('CERTIFICATE_EXPIRED');
    expect(refusalOf(new DojangError('PIN_LOCKED', 'cloud.pinLocked'))).toBe('LOCKED');
    // A wrong password is the user's to retry: closing the window after it is a plain cancel.
    expect(refusalOf(new DojangError('WRONG_PASSWORD', 'key.wrongPassword'))).toBeNull();
    expect(refusalOf(new Error('not ours'))).toBeNull();
  });
});

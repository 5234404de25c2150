/**
 * The demo bank over real HTTP, without the extension: the tests play the page, making real
 * signatures with the signing modules (a generated PKI whose leaf carries a VID for the yessign
 * fixture's randomNum) and posting them. Every refusal: a wrong nonce, one this bank never issued,
 * a replay, an expired challenge, an untrusted root, a VID mismatch, an altered or replayed transfer,
 * a nonce used for another purpose, malformed requests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCms, signPkcs1 } from '../../common/pki/cms.js';
import { computeVid } from '../../common/pki/vid.js';
import { openPgliteStore, type SqlRegistrationStore } from '../verify/registration-store.js';
import { RevocationChecker } from '../verify/revocation.js';
import { makeCert, makeCrl, makePki, rsaKey, type Issued, type TestPki } from '../verify/test-pki.test-util.js';
import { DemoBank, type BankVerdict } from './bank.js';
import { PAGE_SCRIPT } from './page-script.js';
import { startBankServer, type BankServer } from './server.js';

const idn = '8001011234567';
/** The yessign test fixture's randomNum (fixtures/README.md). */
const r = Buffer.from('7858b4328390805129f01c97fe6ca4a520cbd479', 'hex');

let pki: TestPki;
let store: SqlRegistrationStore;
let server: BankServer;
let clock = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'dojang-bank-'));

beforeAll(async () => {
  pki = makePki({ crlUrls: ['http://127.0.0.1:9/ca.crl'], identify: { realName: '홍길동', vid: computeVid(idn, r, 'sha256') } });
  const crl = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - 3600_000), nextUpdate: new Date(Date.now() + 86400_000) });
  const revocation = new RevocationChecker({ crls: [crl], offline: true });
  store = await openPgliteStore(join(dir, 'db'));
  const bank = new DemoBank({ store, verifyOptions: async () => ({ anchors: [pki.root.der], intermediates: [pki.ca.der], revocation }), now: () => new Date(clock) });
  writeFileSync(join(dir, 'sdk.js'), 'export const sign = () => {};\n');
  server = await startBankServer({
    bank,
    sdkFile: join(dir, 'sdk.js'),
    roots: [{ subject: 'CN=Dojang Test Root', fingerprintSha256: 'ab'.repeat(32), source: 'test' }],
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await store?.close();
});

async function post<T = BankVerdict>(path: string, body: unknown, raw?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

interface Issued2 {
  nonce: string;
  message: string;
  expiresAt: string;
}

/** What the SDK answers: base64url CMS (attached), signed by `cert`. */
async function signText(message: string, cert: Issued = pki.leaf, chain: Buffer[] = [pki.ca.der]): Promise<string> {
  const cms = await signCms({ content: Buffer.from(message, 'utf8'), detached: false, certDer: cert.der, chainDer: chain, signer: (d) => signPkcs1(cert.key.privateKey, d) });
  return cms.toString('base64url');
}

const challenge = async (purpose: 'login' | 'register') => (await post<Issued2>('/api/challenge', { purpose })).body;
const check = (v: BankVerdict, name: string) => v.checks.find((c) => c.name === name);

describe('pages', () => {
  it('serves the pages with a strict CSP, naming the roots it trusts; the page script and the SDK file', async () => {
    for (const p of ['/', '/login', '/register', '/transfer']) {
      const res = await fetch(server.url + p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await res.text();
      expect(html).toContain('<script type="module" src="/app.js"></script>');
      expect(html).toContain('CN=Dojang Test Root');
      expect(html).toContain('test root of the test fixtures');
    }
    expect(await (await fetch(server.url + '/app.js')).text()).toContain("from '/sdk/dojang-web.js'");
    const sdk = await fetch(server.url + '/sdk/dojang-web.js');
    expect(sdk.headers.get('content-type')).toContain('text/javascript');
    expect(await sdk.text()).toContain('export const sign');
    expect((await fetch(server.url + '/nothing')).status).toBe(404);
  });

  it('the page script is a valid ES module (node --check)', () => {
    const file = join(dir, 'app.mjs');
    writeFileSync(file, PAGE_SCRIPT);
    expect(() => execFileSync(process.execPath, ['--check', file])).not.toThrow();
  });
});

describe('sign-in', () => {
  it('a signed challenge is accepted once; the same answer again is a replay', async () => {
    const c = await challenge('login');
    expect(c.message).toBe(`[도장 은행] 로그인 (sign in)\n${c.nonce}`);
    const signedData = [await signText(c.message)];
    const ok = await post('/api/login', { nonce: c.nonce, signedData });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ accepted: true, purpose: 'login', signer: { serialHex: '1001' } });
    expect(check(ok.body, 'chain')!.ok).toBe(true);
    expect(check(ok.body, 'revocation')!.ok).toBe(true);
    const again = await post('/api/login', { nonce: c.nonce, signedData });
    expect(again.body.accepted).toBe(false);
    expect(again.body.reason).toContain('replay');
  });

  it('refuses an answer signed for another nonce, and a nonce this bank never issued', async () => {
    const c = await challenge('login');
    const other = await challenge('login');
    const wrong = await post('/api/login', { nonce: c.nonce, signedData: [await signText(other.message)] });
    expect(wrong.body.accepted).toBe(false);
    expect(check(wrong.body, 'nonce')!.ok).toBe(false);
    const unknown = await post('/api/login', { nonce: 'A'.repeat(43), signedData: [await signText(c.message)] });
    expect(unknown.body).toMatchObject({ accepted: false, reason: expect.stringContaining('not issued by this bank') });
  });

  it('refuses an expired challenge', async () => {
    const c = await challenge('login');
    const signedData = [await signText(c.message)];
    clock += 6 * 60_000;
    try {
      const late = await post('/api/login', { nonce: c.nonce, signedData });
      expect(late.body.accepted).toBe(false);
      expect(check(late.body, 'freshness')).toMatchObject({ ok: false, detail: expect.stringContaining('expired') });
    } finally {
      clock = Date.now();
    }
  });

  it('refuses a certificate under a root it does not trust, naming the chain', async () => {
    const stranger = makeCert({ cn: 'Stranger Root', key: rsaKey(5), ca: true });
    const leaf = makeCert({ cn: '김철수()0009876543210987', key: rsaKey(4), issuer: stranger, policyOid: '1.2.410.200005.1.1.1' });
    const c = await challenge('login');
    const res = await post('/api/login', { nonce: c.nonce, signedData: [await signText(c.message, leaf, [stranger.der])] });
    expect(res.body.accepted).toBe(false);
    expect(check(res.body, 'chain')!.ok).not.toBe(true);
    expect(res.body.reason).toContain('인증 경로');
  });
});

describe('타기관 등록 and sign-in with a customer id', () => {
  it('the VID must match: a wrong ID number names the identity check; the right one registers; then sign-in by customer id', async () => {
    let c = await challenge('register');
    const rValue = r.toString('base64url');
    const wrong = await post('/api/register', { nonce: c.nonce, signedData: [await signText(c.message)], rValue, idn: '800101-1234568', customerId: 'kim' });
    expect(wrong.body.accepted).toBe(false);
    expect(check(wrong.body, 'vid')!.ok).toBe(false);
    expect(check(wrong.body, 'signature')!.ok).toBe(true);
    expect(wrong.body.reason).toMatch(/^본인확인 \(VID\)/);
    expect(JSON.stringify(wrong.body)).not.toContain('1234568');

    c = await challenge('register');
    const noR = await post('/api/register', { nonce: c.nonce, signedData: [await signText(c.message)], idn, customerId: 'kim' });
    expect(noR.body.accepted).toBe(false);
    expect(check(noR.body, 'vid')!.detail).toContain('no R value');

    c = await challenge('register');
    const ok = await post('/api/register', { nonce: c.nonce, signedData: [await signText(c.message)], rValue, idn, customerId: 'kim' });
    expect(ok.body).toMatchObject({ accepted: true, purpose: 'register', registration: { customerId: 'kim', serialHex: '1001' } });

    const l = await challenge('login');
    expect((await post('/api/login', { nonce: l.nonce, signedData: [await signText(l.message)], customerId: 'kim' })).body).toMatchObject({ accepted: true });
    const l2 = await challenge('login');
    const notHers = await post('/api/login', { nonce: l2.nonce, signedData: [await signText(l2.message)], customerId: 'lee' });
    expect(notHers.body).toMatchObject({ accepted: false, reason: expect.stringContaining('another customer') });
  });

  it('a malformed ID number is a 400 naming the field', async () => {
    const c = await challenge('register');
    const res = await post<{ error: { code: string; message: string } }>('/api/register', { nonce: c.nonce, signedData: ['x'], idn: '12', customerId: 'kim' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('ID number') });
  });
});

describe('transfer confirmation', () => {
  const fields = { from: '110-123-456789', to: '333-22-1111111', amount: '50000', memo: '월세' };
  const newTransfer = async () => (await post<Issued2 & { text: string }>('/api/transfer', fields)).body;

  it('the server builds the text; the exact text signed is accepted once, a replay refused', async () => {
    const t = await newTransfer();
    expect(t.text).toBe(
      [
        '[도장 은행] 이체 확인 (transfer confirmation)',
        '출금 계좌 (from): 110-123-456789',
        '입금 계좌 (to): 333-22-1111111',
        '금액 (amount): 50,000원 (KRW 50000)',
        '메모 (memo): 월세',
      ].join('\n'),
    );
    expect(t.message).toBe(`${t.text}\n${t.nonce}`);
    const signedData = [await signText(t.message)];
    const ok = await post('/api/transfer/confirm', { nonce: t.nonce, signedData });
    expect(ok.body).toMatchObject({ accepted: true, purpose: 'transfer', issuedText: t.text });
    const replay = await post('/api/transfer/confirm', { nonce: t.nonce, signedData });
    expect(replay.body).toMatchObject({ accepted: false, reason: expect.stringContaining('replay') });
  });

  it('an altered text (amount changed by the page) is refused, naming the line', async () => {
    const t = await newTransfer();
    const altered = t.message.replace('50,000원 (KRW 50000)', '500,000원 (KRW 500000)');
    const res = await post('/api/transfer/confirm', { nonce: t.nonce, signedData: [await signText(altered)] });
    expect(res.body.accepted).toBe(false);
    expect(check(res.body, 'content')!.ok).toBe(false);
    expect(res.body.difference).toEqual({ line: 4, issued: '금액 (amount): 50,000원 (KRW 50000)', signed: '금액 (amount): 500,000원 (KRW 500000)' });
    expect(res.body.reason).toContain('line 4');
  });

  it('a sign-in nonce cannot confirm a transfer, nor a transfer nonce sign in', async () => {
    const l = await challenge('login');
    const asTransfer = await post('/api/transfer/confirm', { nonce: l.nonce, signedData: [await signText(l.message)] });
    expect(asTransfer.body).toMatchObject({ accepted: false, reason: expect.stringContaining('issued for login, not for transfer') });
    const t = await newTransfer();
    const asLogin = await post('/api/login', { nonce: t.nonce, signedData: [await signText(t.message)] });
    expect(asLogin.body).toMatchObject({ accepted: false, reason: expect.stringContaining('issued for transfer, not for login') });
  });

  it('bad fields are a 400 naming the field; a memo cannot add a line', async () => {
    const bad = async (o: object) => (await post<{ error: { message: string } }>('/api/transfer', { ...fields, ...o })).body.error.message;
    expect(await bad({ amount: '0' })).toContain('amount');
    expect(await bad({ amount: '12.5' })).toContain('amount');
    expect(await bad({ to: 'abc' })).toContain('to account');
    expect(await bad({ to: fields.from })).toContain('the same');
    expect(await bad({ memo: '월세\n금액 (amount): 1원' })).toContain('memo');
  });
});

describe('malformed requests', () => {
  it('not JSON, not an object, too large, wrong method, wrong content type', async () => {
    expect((await post('/api/login', null, '{')).status).toBe(400);
    expect((await post('/api/login', null, '[1]')).status).toBe(400);
    expect((await post('/api/login', null, JSON.stringify({ x: 'a'.repeat(300 * 1024) }))).status).toBe(413);
    expect((await fetch(server.url + '/api/login')).status).toBe(405);
    expect((await fetch(server.url + '/api/login', { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await post('/api/challenge', { purpose: 'admin' })).status).toBe(400);
    expect((await post('/api/login', { nonce: 'x', signedData: ['y'] })).status).toBe(400);
  });
});

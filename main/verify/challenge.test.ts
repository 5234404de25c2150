import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs } from '../../fixtures/environment.js';
import { createTestDatabase, pgSkipReason } from '../../cloud/src/testing/pg.js';
import { signCms, signPkcs1 } from '../../common/pki/cms.js';
import { computeVid } from '../../common/pki/vid.js';
import { challengeMessage, checkChallengeAnswer, createChallenge, type Challenge, type NonceLedger } from './challenge.js';
import type { VerifyOptions } from './engine.js';
import { openPgliteStore, SqlRegistrationStore } from './registration-store.js';
import { registerCertificate, signInWithCertificate } from './registration.js';
import { RevocationChecker } from './revocation.js';
import { formatMessage } from '../../preload/messages/format.js';
import { makeCert, makeOcspResponse, makePki, readOcspRequest, reshapeCms, rsaKey, send, startServer, type Issued, type TestPki, type TestServer } from './test-pki.test-util.js';

function memoryLedger(): NonceLedger & { used: Set<string> } {
  const used = new Set<string>();
  return {
    used,
    nonceUsed: async (n) => used.has(n),
    consumeNonce: async (n) => {
      if (used.has(n)) return false;
      used.add(n);
      return true;
    },
  };
}

const idn = '8001011234567';
const r = Buffer.from('7858b4328390805129f01c97fe6ca4a520cbd479', 'hex');

let server: TestServer;
let pki: TestPki;
let opts: VerifyOptions;
/** Serials the test responder answers "revoked" for. */
const revokedSerials = new Set<string>();
const issued = new Map<string, Issued>();

beforeAll(async () => {
  server = await startServer((req, res) => {
    const { serials, nonce } = readOcspRequest(req.body);
    const cert = issued.get(serials[0]!)!;
    send(
      res,
      'application/ocsp-response',
      makeOcspResponse({
        signer: pki.ca,
        nonce,
        answers: [{ cert, issuer: pki.ca, status: revokedSerials.has(serials[0]!) ? 'revoked' : 'good', thisUpdate: new Date(Date.now() - 60_000) }],
      }),
    );
  });
  pki = makePki({ ocspUrl: `${server.url}/ocsp`, identify: { realName: '홍길동', vid: computeVid(idn, r, 'sha256') } });
  issued.set('1001', pki.leaf);
  opts = { anchors: [pki.root.der], intermediates: [pki.ca.der], revocation: new RevocationChecker({ timeoutMs: 2000 }) };
});
afterAll(async () => {
  await server.close();
});

function answer(c: Challenge, o: { cert?: Issued; content?: Buffer; signingTime?: Date; detached?: boolean } = {}): Promise<Buffer> {
  const cert = o.cert ?? pki.leaf;
  return signCms({
    content: o.content ?? challengeMessage(c),
    detached: o.detached ?? false,
    certDer: cert.der,
    signer: (d) => signPkcs1(cert.key.privateKey, d),
    signingTime: o.signingTime,
  });
}

describe('createChallenge', () => {
  it('32 random bytes of nonce, at most 5 minutes', () => {
    const c = createChallenge({ text: '로그인' });
    expect(Buffer.from(c.nonce, 'base64url')).toHaveLength(32);
    expect(Date.parse(c.expiresAt) - Date.parse(c.issuedAt)).toBe(5 * 60_000);
    expect(createChallenge().nonce).not.toBe(c.nonce);
    expect(() => createChallenge({ ttlMs: 6 * 60_000 })).toThrow(/5/);
    expect(challengeMessage(c).toString('utf8')).toBe(`로그인\n${c.nonce}`);
  });
});

describe('checkChallengeAnswer', () => {
  it('accepts a fresh, valid answer once; the same answer again is a replay', async () => {
    const c = createChallenge();
    const a = await answer(c);
    const nonces = memoryLedger();
    const first = await checkChallengeAnswer(c, a, { ...opts, nonces });
    expect(first.accepted).toBe(true);
    expect(first.report!.verdict).toBe('valid');
    expect(first.challengeChecks.map((x) => [x.name, x.ok])).toEqual([
      ['nonce', true],
      ['content', true],
      ['freshness', true],
      ['replay', true],
    ]);
    expect(first.challengeChecks.map((x) => x.message.key)).toEqual(['challenge.check.nonceOk', 'challenge.check.textOk', 'challenge.check.fresh', 'challenge.check.firstUse']);
    expect(first.reasonMessage).toEqual({ key: 'challenge.reason.accepted', params: { holder: first.report!.signer!.holder, serial: '1001' } });
    const second = await checkChallengeAnswer(c, a, { ...opts, nonces });
    expect(second.accepted).toBe(false);
    expect(second.reason).toContain('replay');
    expect(second.reasonMessage).toEqual({ key: 'challenge.check.replay' });
    // the detail is the catalog message in both languages, as the demo bank's pages show it
    expect(second.reason).toBe(`${formatMessage('ko', 'challenge.check.replay')} (${formatMessage('en', 'challenge.check.replay')})`);
  });

  it('refuses an answer to another challenge, or to other text', async () => {
    const c = createChallenge();
    const other = createChallenge();
    const wrongNonce = await checkChallengeAnswer(c, await answer(other), { ...opts, nonces: memoryLedger() });
    expect(wrongNonce.accepted).toBe(false);
    expect(wrongNonce.challengeChecks.find((x) => x.name === 'nonce')!.ok).toBe(false);
    const wrongText = await checkChallengeAnswer(c, await answer(c, { content: Buffer.from(`이체 승인\n${c.nonce}`) }), { ...opts, nonces: memoryLedger() });
    expect(wrongText.challengeChecks.map((x) => [x.name, x.ok]).slice(0, 2)).toEqual([
      ['nonce', true],
      ['content', false],
    ]);
    expect(wrongText.accepted).toBe(false);
  });

  it('refuses an expired challenge and a forged lifetime over 5 minutes', async () => {
    const c = createChallenge({ now: new Date(Date.now() - 6 * 60_000) });
    const late = await checkChallengeAnswer(c, await answer(c), { ...opts, nonces: memoryLedger() });
    expect(late.accepted).toBe(false);
    expect(late.reason).toContain('expired');
    expect(late.reasonMessage).toEqual({ key: 'challenge.check.expired', params: { at: c.expiresAt } });
    const forged = { ...createChallenge(), expiresAt: new Date(Date.now() + 3600_000).toISOString() };
    const r2 = await checkChallengeAnswer(forged, await answer(forged), { ...opts, nonces: memoryLedger() });
    expect(r2.reason).toContain('over 5 minutes');
    expect(r2.reasonMessage.key).toBe('challenge.check.lifetimeTooLong');
  });

  it('refuses a signing time from before the challenge', async () => {
    const c = createChallenge();
    const res = await checkChallengeAnswer(c, await answer(c, { signingTime: new Date(Date.now() - 3600_000) }), { ...opts, nonces: memoryLedger() });
    expect(res.accepted).toBe(false);
    expect(res.reason).toContain('signing time');
    expect(res.reasonMessage).toEqual({ key: 'challenge.check.signingTimeOutside', params: { at: res.report!.signingTime } });
  });

  it('refuses a revoked signer and spends the nonce: the same answer checked again is a replay', async () => {
    const c = createChallenge();
    const nonces = memoryLedger();
    revokedSerials.add('1001');
    try {
      const a = await answer(c);
      const res = await checkChallengeAnswer(c, a, { ...opts, revocation: { timeoutMs: 2000 }, nonces });
      expect(res.accepted).toBe(false);
      expect(res.reason).toMatch(/^폐지 여부 확인 실패 \(revocation: /);
      expect(nonces.used.has(c.nonce)).toBe(true);
      const again = await checkChallengeAnswer(c, a, { ...opts, revocation: { timeoutMs: 2000 }, nonces });
      expect(again.challengeChecks.find((x) => x.name === 'replay')).toMatchObject({ ok: false, detail: expect.stringContaining('replay') });
    } finally {
      revokedSerials.delete('1001');
    }
  });

  it('refuses an answer it cannot fully check (unknown root): indeterminate is not accepted, and not "first use" the second time', async () => {
    const c = createChallenge();
    const nonces = memoryLedger();
    const a = await answer(c);
    const res = await checkChallengeAnswer(c, a, { ...opts, anchors: [], nonces });
    expect(res.report!.verdict).toBe('indeterminate');
    expect(res.accepted).toBe(false);
    expect(res.reason).toContain('인증 경로');
    expect(res.reason).toContain('chain');
    expect(res.reasonMessage).toEqual({ key: 'challenge.reason.unchecked', params: { check: 'challenge.checkName.chain' } });
    expect(formatMessage('en', res.reasonMessage.key, res.reasonMessage.params)).toBe('not accepted until the certification path check can be done');
    const again = await checkChallengeAnswer(c, a, { ...opts, nonces });
    expect(again.accepted).toBe(false);
    expect(again.reason).toContain('replay');
  });

  it('a VID mismatch names the identity check, not the signature; the R value rides in the signature or beside it', async () => {
    const c = createChallenge();
    const res = await checkChallengeAnswer(c, reshapeCms(await answer(c), { randomNum: r }), { ...opts, idn: '8001011234568', nonces: memoryLedger() });
    expect(res.accepted).toBe(false);
    expect(res.report!.checks.find((x) => x.name === 'signature')!.ok).toBe(true);
    expect(res.report!.checks.find((x) => x.name === 'vid')!.ok).toBe(false);
    expect(res.reason).toMatch(/^본인확인 \(VID\) 확인 실패 \(vid: /);
    expect(res.reason).not.toContain('서명 검증 실패');
    // the reason names the check; its note is the VID check's own message
    expect(res.reasonMessage).toEqual({ key: 'challenge.reason.checkFailed', params: { check: 'challenge.checkName.vid' } });
    expect(res.reasonNote).toEqual(res.report!.checks.find((x) => x.name === 'vid')!.message);
    expect(formatMessage('ko', res.reasonMessage.key, res.reasonMessage.params)).toBe('본인확인 (VID) 확인 실패');
    const c2 = createChallenge();
    const ok = await checkChallengeAnswer(c2, await answer(c2), { ...opts, idn, rValue: r, nonces: memoryLedger() });
    expect(ok.accepted).toBe(true);
    expect(ok.report!.checks.find((x) => x.name === 'vid')!.ok).toBe(true);
  });

  it('an answer to another challenge does not spend this one', async () => {
    const c = createChallenge();
    const nonces = memoryLedger();
    expect((await checkChallengeAnswer(c, await answer(createChallenge()), { ...opts, nonces })).accepted).toBe(false);
    expect(nonces.used.has(c.nonce)).toBe(false);
    expect((await checkChallengeAnswer(c, await answer(c), { ...opts, nonces })).accepted).toBe(true);
  });

  it('refuses a malformed challenge record', async () => {
    const c = createChallenge();
    await expect(checkChallengeAnswer({ ...c, nonce: 'short' }, await answer(c), { ...opts, nonces: memoryLedger() })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});

/** Answers racing with one nonce, through two ledgers over one database: exactly one per challenge is accepted. */
async function race(a: NonceLedger, b: NonceLedger): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const c = createChallenge();
    const [ansA, ansB] = [await answer(c), await answer(c)];
    const [x, y] = await Promise.all([checkChallengeAnswer(c, ansA, { ...opts, nonces: a }), checkChallengeAnswer(c, ansB, { ...opts, nonces: b })]);
    expect([x.accepted, y.accepted].filter(Boolean)).toHaveLength(1);
    expect([x, y].find((v) => !v.accepted)!.reason).toContain('replay');
  }
}

describe('the replay race on the real SQL store', () => {
  it('PGlite: two answers racing with one nonce, exactly one accepted', async () => {
    const store = await openPgliteStore(join(mkdtempSync(join(tmpdir(), 'dojang-rp-race-')), 'db'));
    try {
      await race(store, store);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('PostgreSQL with two pools (two relying-party instances): exactly one accepted', async (ctx) => {
    needs(ctx, 'postgresql', pgSkipReason());
    const db = await createTestDatabase('rp_race');
    const pools = [new pg.Pool({ connectionString: db.url }), new pg.Pool({ connectionString: db.url })];
    try {
      // Opened one after the other: concurrent CREATE TABLE IF NOT EXISTS is not what is under test.
      const a = await SqlRegistrationStore.open(pools[0]!);
      const b = await SqlRegistrationStore.open(pools[1]!);
      await race(a, b);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await db.drop();
    }
  }, 60_000);
});

describe('registration (타기관 등록) and sign-in, on PGlite', () => {
  let store: SqlRegistrationStore;
  let dbDir: string;
  let renewed: Issued;
  let stranger: Issued;
  beforeAll(async () => {
    dbDir = join(mkdtempSync(join(tmpdir(), 'dojang-rp-')), 'db');
    store = await openPgliteStore(dbDir);
    stranger = makeCert({ cn: '김철수()0009876543210987', key: rsaKey(4), issuer: pki.ca, serial: '1003', policyOid: '1.2.410.200005.1.1.1', ocspUrl: `${server.url}/ocsp` });
    issued.set('1003', stranger);
    renewed = makeCert({
      cn: '홍길동()0001234567890123',
      key: rsaKey(3),
      issuer: pki.ca,
      serial: '1002',
      policyOid: '1.2.410.200005.1.1.1',
      ocspUrl: `${server.url}/ocsp`,
      identify: { realName: '홍길동', vid: computeVid(idn, r, 'sha256') },
    });
    issued.set('1002', renewed);
  }, 60_000);
  afterAll(async () => {
    await store.close();
  });

  it('registration needs the VID to match: the wrong IDN is refused, nothing is stored', async () => {
    const c = createChallenge();
    const a = reshapeCms(await answer(c), { randomNum: r });
    const res = await registerCertificate(store, { customerId: 'cust-1', idn: '8001011234568', challenge: c, answer: a }, opts);
    expect(res.done).toBe(false);
    expect(res.reason).toContain('VID mismatch');
    expect(await store.registrationsOfCustomer('cust-1')).toEqual([]);
  });

  it('registration without an R value cannot check the VID: refused', async () => {
    const c = createChallenge();
    const res = await registerCertificate(store, { customerId: 'cust-1', idn, challenge: c, answer: await answer(c) }, opts);
    expect(res.done).toBe(false);
    expect(res.reason).toContain('R value');
  });

  it('registers with a signed challenge and the right IDN, keeping no IDN', async () => {
    const c = createChallenge();
    const res = await registerCertificate(store, { customerId: 'cust-1', idn, challenge: c, answer: await answer(c), rValue: r }, opts);
    expect(res.done).toBe(true);
    expect(res.registration).toMatchObject({ customerId: 'cust-1', issuer: 'CN=Dojang Test CA,O=Dojang Test,C=KR', serialHex: '1001', vidHashAlg: 'sha256' });
    // what is kept: exactly these columns, and no IDN anywhere in the database files' rows
    const { rows } = await (store as unknown as { db: { query: (q: string) => Promise<{ rows: object[] }> } }).db.query('SELECT * FROM rp_registrations');
    expect(JSON.stringify(rows)).not.toContain(idn);
    expect(Object.keys(rows[0]!).sort()).toEqual(['customer_id', 'issuer', 'registered_at', 'serial_hex', 'vid_hash_alg']);
  });

  it('signs in with the registered certificate; another customer id cannot use it', async () => {
    let c = createChallenge();
    const ok = await signInWithCertificate(store, { customerId: 'cust-1', challenge: c, answer: await answer(c) }, opts);
    expect(ok.done).toBe(true);
    expect(ok.registration?.serialHex).toBe('1001');
    c = createChallenge();
    const other = await signInWithCertificate(store, { customerId: 'cust-2', challenge: c, answer: await answer(c) }, opts);
    expect(other.done).toBe(false);
    expect(other.reason).toContain('another customer');
  });

  it('a renewed certificate (new serial) is refused until registered again, and the message says so', async () => {
    let c = createChallenge();
    const refused = await signInWithCertificate(store, { customerId: 'cust-1', challenge: c, answer: await answer(c, { cert: renewed }) }, opts);
    expect(refused.done).toBe(false);
    expect(refused.reason).toContain('a reissued or renewed certificate has a new serial number, so it must be registered again');
    expect(refused.reason).toContain('serial 1002');
    expect(refused.reasonMessage).toMatchObject({ key: 'registration.check.notRegistered', params: { serial: '1002', registered: expect.stringMatching(/^1001 \(/) } });
    expect(formatMessage('ko', refused.reasonMessage.key, refused.reasonMessage.params)).toMatch(/^이 인증서\(일련번호 1002\)는 등록되지 않았습니다.*등록된 인증서: 1001 \(/);
    // the refused answer spent its challenge: registration signs a new one
    c = createChallenge();
    const reg = await registerCertificate(store, { customerId: 'cust-1', idn, challenge: c, answer: await answer(c, { cert: renewed }), rValue: r }, opts);
    expect(reg.done).toBe(true);
    c = createChallenge();
    expect((await signInWithCertificate(store, { customerId: 'cust-1', challenge: c, answer: await answer(c, { cert: renewed }) }, opts)).done).toBe(true);
  });

  it('a customer with nothing registered is told to register first', async () => {
    const c = createChallenge();
    const res = await signInWithCertificate(store, { customerId: 'nobody', challenge: c, answer: await answer(c, { cert: stranger }) }, opts);
    expect(res.reason).toContain('register one first');
  });

  it('spent nonces persist: a replay after reopening the store is refused', async () => {
    const c = createChallenge();
    const a = await answer(c);
    expect((await signInWithCertificate(store, { customerId: 'cust-1', challenge: c, answer: a }, opts)).done).toBe(true);
    await store.close();
    store = await openPgliteStore(dbDir);
    expect(await store.nonceUsed(c.nonce)).toBe(true);
    const again = await signInWithCertificate(store, { customerId: 'cust-1', challenge: c, answer: a }, opts);
    expect(again.reason).toContain('replay');
  });

  it('a second opener of the same database folder is refused while it is open', async () => {
    await expect(openPgliteStore(dbDir)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses a customer id with odd characters', async () => {
    const c = createChallenge();
    await expect(signInWithCertificate(store, { customerId: "x'; drop table", challenge: c, answer: await answer(c) }, opts)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});

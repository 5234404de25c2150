import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatMessage, type Message } from '../../preload/messages/format.js';
import { DojangError } from '../../common/errors.js';
import { openssl } from '../npki/fixtures.test-util.js';
import { buildOcspRequest, judgeOcspResponse } from './ocsp.js';
import { parseCrl } from './crl.js';
import { RevocationChecker, importCrl } from './revocation.js';
import {
  makeCert,
  makeCrl,
  makeOcspResponse,
  makePki,
  ocspError,
  pem,
  readOcspRequest,
  rsaKey,
  send,
  startServer,
  type Issued,
  type TestPki,
  type TestServer,
} from './test-pki.test-util.js';
import { loadCert, type Cert } from './x509.js';

const said = (m: Message, language: 'ko' | 'en'): string => formatMessage(language, m.key, m.params);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

let server: TestServer;
let dir: string;
/** What the test responder does with the next OCSP request. */
let ocspBehaviour: (req: { serials: string[]; nonce: Buffer | null }, res: http.ServerResponse) => void;
let crlBody: Buffer | null;
let ocspHits = 0;
let pki: TestPki;
let leaf: Cert;
let ca: Cert;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dojang-rev-'));
  server = await startServer((req, res) => {
    if (req.path === '/ocsp' && req.method === 'POST') {
      ocspHits++;
      ocspBehaviour(readOcspRequest(req.body), res);
    } else if (req.path === '/crl' && crlBody) send(res, 'application/pkix-crl', crlBody);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  pki = makePki({ ocspUrl: `${server.url}/ocsp`, crlUrls: [`${server.url}/crl`] });
  leaf = loadCert(pki.leaf.der);
  ca = loadCert(pki.ca.der);
  writeFileSync(join(dir, 'root.pem'), pki.root.pem);
  writeFileSync(join(dir, 'ca.pem'), pki.ca.pem);
  writeFileSync(join(dir, 'leaf.pem'), pki.leaf.pem);
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  ocspHits = 0;
  crlBody = null;
  ocspBehaviour = (req, res) => send(res, 'application/ocsp-response', ocspFor('good', req.nonce));
});

function ocspFor(status: 'good' | 'revoked' | 'unknown', nonce: Buffer | null, extra: Partial<Parameters<typeof makeOcspResponse>[0]> = {}, nextUpdate?: Date | null): Buffer {
  return makeOcspResponse({
    signer: pki.ca,
    nonce,
    answers: [{ cert: pki.leaf, issuer: pki.ca, status, revokedAt: new Date(Date.now() - DAY), reason: 1, thisUpdate: new Date(Date.now() - 60_000), nextUpdate }],
    ...extra,
  });
}

const checker = (o: ConstructorParameters<typeof RevocationChecker>[0] = {}) => new RevocationChecker({ timeoutMs: 2000, ...o });

describe('OCSP over HTTP', () => {
  it('good, with the nonce echoed', async () => {
    const r = await checker().check(leaf, ca);
    expect(r).toMatchObject({ status: 'good', source: 'ocsp' });
    expect(ocspHits).toBe(1);
  });

  it('revoked, with time and reason', async () => {
    ocspBehaviour = (req, res) => send(res, 'application/ocsp-response', ocspFor('revoked', req.nonce));
    const r = await checker().check(leaf, ca);
    expect(r).toMatchObject({ status: 'revoked', source: 'ocsp', reason: 'keyCompromise' });
    expect(r.message).toEqual({ key: 'revocation.ocsp.revokedFor', params: { date: r.revokedAt, reason: { key: 'revocation.reason.keyCompromise' } } });
    expect(said(r.message, 'ko')).toBe(`OCSP 확인: 폐지된 인증서입니다 (폐지 시각 ${r.revokedAt}, 사유: 개인키 유출)`);
    expect(r.detail).toBe(`${said(r.message, 'ko')} (OCSP: revoked on ${r.revokedAt}, keyCompromise)`);
  });

  it('"unknown" from the responder is unknown, and the CRL is tried next', async () => {
    ocspBehaviour = (req, res) => send(res, 'application/ocsp-response', ocspFor('unknown', req.nonce));
    const r = await checker().check(leaf, ca);
    expect(r.status).toBe('unknown');
    expect(r.detail).toContain('does not know this certificate');
    expect(r.detail).toContain('/crl'); // the CRL URL answered 404
    // One message per source asked, each with its address, said in one language at a time.
    const reasons = r.message.params!.reasons as Message[];
    expect(r.message.key).toBe('revocation.unknown');
    expect(reasons.map((m) => (m.params!.answer as Message).key)).toEqual(['revocation.ocsp.certUnknown', 'revocation.crl.fetchFailed']);
    expect(said(r.message, 'en')).toMatch(/^revocation status unknown: OCSP: the responder does not know this certificate \(http:.+\); CRL: .+ \(http:.+\/crl\)$/);
    expect(said(r.message, 'en')).not.toMatch(/[\uac00-\ud7a3]/);
    expect(said(r.message, 'ko')).toMatch(/^폐지 여부를 확인할 수 없습니다: OCSP: 응답 서버가 이 인증서를 알지 못함 \(http:.+\); CRL: /);
  });

  it('a bad signature on the answer: unknown, never good', async () => {
    ocspBehaviour = (req, res) => send(res, 'application/ocsp-response', ocspFor('good', req.nonce, { signWith: rsaKey(3).privateKey }));
    const r = await checker().check(leaf, ca);
    expect(r.status).toBe('unknown');
    expect(r.detail).toContain('signature does not verify');
  });

  it('a stale answer (nextUpdate passed): unknown', async () => {
    ocspBehaviour = (req, res) =>
      send(
        res,
        'application/ocsp-response',
        makeOcspResponse({
          signer: pki.ca,
          nonce: req.nonce,
          answers: [{ cert: pki.leaf, issuer: pki.ca, status: 'good', thisUpdate: new Date(Date.now() - 3 * DAY), nextUpdate: new Date(Date.now() - DAY) }],
        }),
      );
    const r = await checker().check(leaf, ca);
    expect(r.status).toBe('unknown');
    expect(r.detail).toContain('stale');
  });

  it('a replayed answer (other nonce): unknown', async () => {
    ocspBehaviour = (_req, res) => send(res, 'application/ocsp-response', ocspFor('good', Buffer.alloc(32, 7)));
    const r = await checker().check(leaf, ca);
    expect(r.detail).toContain('nonce does not match');
  });

  it('an answer about another certificate: unknown', async () => {
    const other = makeCert({ cn: 'other', key: rsaKey(3), issuer: pki.ca, serial: '2002' });
    ocspBehaviour = (req, res) =>
      send(
        res,
        'application/ocsp-response',
        makeOcspResponse({ signer: pki.ca, nonce: req.nonce, answers: [{ cert: other, issuer: pki.ca, status: 'good', thisUpdate: new Date() }] }),
      );
    expect((await checker().check(leaf, ca)).detail).toContain('another certificate');
  });

  it('a delegated responder with id-kp-OCSPSigning is accepted; one without it is not', async () => {
    const responder = makeCert({ cn: 'Dojang OCSP', key: rsaKey(4), issuer: pki.ca, eku: ['1.3.6.1.5.5.7.3.9'], keyUsage: ['digitalSignature'] });
    ocspBehaviour = (req, res) => send(res, 'application/ocsp-response', ocspFor('good', req.nonce, { signer: responder, certs: [responder.der], byKey: true }));
    expect((await checker().check(leaf, ca)).status).toBe('good');

    const plain = makeCert({ cn: 'Dojang OCSP', key: rsaKey(4), issuer: pki.ca, keyUsage: ['digitalSignature'] });
    ocspBehaviour = (req, res) => send(res, 'application/ocsp-response', ocspFor('good', req.nonce, { signer: plain, certs: [plain.der] }));
    const r = await checker().check(leaf, ca);
    expect(r.status).toBe('unknown');
    expect(r.detail).toContain('not authorised for OCSP signing');
  });

  it('a responder certificate from another CA: unknown', async () => {
    const stranger = makeCert({ cn: 'Stranger CA', key: rsaKey(3), ca: true });
    const responder = makeCert({ cn: 'Dojang OCSP', key: rsaKey(4), issuer: stranger, eku: ['1.3.6.1.5.5.7.3.9'] });
    ocspBehaviour = (req, res) => send(res, 'application/ocsp-response', ocspFor('good', req.nonce, { signer: responder, certs: [responder.der] }));
    expect((await checker().check(leaf, ca)).detail).toContain('not issued by');
  });

  it('an error status (tryLater): unknown, named', async () => {
    ocspBehaviour = (_req, res) => send(res, 'application/ocsp-response', ocspError(3));
    expect((await checker().check(leaf, ca)).detail).toContain('tryLater');
  });

  it('a responder that hangs: unknown after the timeout, then the CRL answers', async () => {
    ocspBehaviour = () => undefined; // never answers
    crlBody = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - HOUR) });
    // The responder never answers: getting the CRL's answer at all proves the OCSP timeout fired.
    const r = await checker({ timeoutMs: 300 }).check(leaf, ca);
    expect(r).toMatchObject({ status: 'good', source: 'crl' });

    crlBody = null;
    const r2 = await checker({ timeoutMs: 300 }).check(leaf, ca);
    expect(r2.status).toBe('unknown');
    expect(r2.detail).toContain('no answer within 300 ms');
  });

  it('a good answer is cached until its nextUpdate', async () => {
    const c = checker();
    ocspBehaviour = (req, res) => send(res, 'application/ocsp-response', ocspFor('good', req.nonce, {}, new Date(Date.now() + HOUR)));
    expect((await c.check(leaf, ca)).status).toBe('good');
    expect((await c.check(leaf, ca)).detail).toContain('[cached]');
    expect(ocspHits).toBe(1);
    // after nextUpdate the cache is not used
    ocspBehaviour = (req, res) => send(res, 'application/ocsp-response', ocspFor('revoked', req.nonce));
    expect((await c.check(leaf, ca, new Date(Date.now() + 2 * HOUR))).status).toBe('revoked');
  });

  it('offline: the network is not used, and the answer says so', async () => {
    const r = await checker({ offline: true }).check(leaf, ca);
    expect(r.status).toBe('unknown');
    expect(r.detail).toContain('offline');
    expect(ocspHits).toBe(0);
  });
});

describe('CRL over HTTP', () => {
  const noOcsp = () => {
    ocspBehaviour = (_req, res) => {
      res.writeHead(500);
      res.end();
    };
  };

  it('good, revoked (with reason), certificateHold counts as revoked', async () => {
    noOcsp();
    crlBody = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - HOUR), revoked: [{ serialHex: '0999', date: new Date() }] });
    expect(await checker().check(leaf, ca)).toMatchObject({ status: 'good', source: 'crl' });
    crlBody = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - HOUR), revoked: [{ serialHex: '1001', date: new Date(Date.now() - DAY), reason: 4 }] });
    expect(await checker().check(leaf, ca)).toMatchObject({ status: 'revoked', source: 'crl', reason: 'superseded' });
    crlBody = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - HOUR), revoked: [{ serialHex: '1001', date: new Date(Date.now() - DAY), reason: 6 }] });
    const held = await checker().check(leaf, ca);
    expect(held).toMatchObject({ status: 'revoked', reason: 'certificateHold' });
    expect([said(held.message, 'ko'), said(held.message, 'en')]).toEqual([
      `CRL 확인: 폐지된 인증서입니다 (폐지 시각 ${held.revokedAt}, 사유: 효력 정지)`,
      `CRL: revoked on ${held.revokedAt}, certificateHold`,
    ]);
  });

  it('a CRL signed by another key: unknown', async () => {
    noOcsp();
    crlBody = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - HOUR), signWith: rsaKey(3).privateKey });
    const r = await checker().check(leaf, ca);
    expect(r.status).toBe('unknown');
    expect(r.detail).toContain('signature does not verify');
  });

  it('a stale CRL: unknown, and it says to get a newer one', async () => {
    noOcsp();
    crlBody = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - 10 * DAY), nextUpdate: new Date(Date.now() - 3 * DAY) });
    expect((await checker().check(leaf, ca)).detail).toContain('stale');
  });

  it('a CRL partition for other certificates does not count as good', async () => {
    noOcsp();
    crlBody = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - HOUR), idpUri: 'http://elsewhere.example/dp2.crl' });
    const r = await checker().check(leaf, ca);
    expect(r.status).toBe('unknown');
    expect(r.detail).toContain('another partition');
    crlBody = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - HOUR), idpUri: `${server.url}/crl` });
    expect((await checker().check(leaf, ca)).status).toBe('good');
  });

  it('a fetched CRL is kept in the CRL folder and used offline until its nextUpdate', async () => {
    noOcsp();
    const crlDir = mkdtempSync(join(tmpdir(), 'dojang-crl-'));
    crlBody = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - HOUR), nextUpdate: new Date(Date.now() + DAY) });
    expect((await checker({ crlDir }).check(leaf, ca)).status).toBe('good');
    expect(readdirSync(crlDir).filter((n) => n.endsWith('.crl'))).toHaveLength(1);
    crlBody = null;
    expect((await checker({ crlDir, offline: true }).check(leaf, ca)).status).toBe('good');
    expect((await checker({ crlDir, offline: true }).check(leaf, ca, new Date(Date.now() + 2 * DAY))).status).toBe('unknown');
  });
});

describe('imported CRLs (LDAP distribution points)', () => {
  let ldapLeaf: Issued;
  beforeAll(() => {
    ldapLeaf = makeCert({
      cn: 'ldap user',
      key: rsaKey(3),
      issuer: pki.ca,
      serial: '3003',
      crlUrls: ['ldap://ds.example.or.kr:389/ou=dp5p1,ou=AccreditedCA,o=Dojang Test,c=KR?certificateRevocationList'],
    });
  });

  it('offline, without an imported CRL: unknown, telling the user a CRL file can be imported', async () => {
    const r = await checker({ crlDir: mkdtempSync(join(tmpdir(), 'dojang-crl-')), offline: true }).check(loadCert(ldapLeaf.der), ca);
    expect(r.status).toBe('unknown');
    expect(r.detail).toContain('CA directory (LDAP) gave no usable list: a CRL file can be imported');
  });

  it('importCrl (PEM or DER) then check: revoked / good; a newer import replaces the older', async () => {
    const crlDir = mkdtempSync(join(tmpdir(), 'dojang-crl-'));
    const revoked = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - HOUR), revoked: [{ serialHex: '3003', date: new Date(Date.now() - 2 * HOUR) }] });
    const s = await importCrl(crlDir, pem('X509 CRL', revoked));
    expect(s).toMatchObject({ issuer: 'CN=Dojang Test CA,O=Dojang Test,C=KR', revokedCount: 1 });
    expect((await checker({ crlDir, offline: true }).check(loadCert(ldapLeaf.der), ca)).status).toBe('revoked');

    const older = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - 5 * HOUR) });
    await importCrl(crlDir, older); // older than the kept one: not stored
    expect(readdirSync(crlDir).filter((n) => n.endsWith('.crl'))).toHaveLength(1);
    expect((await checker({ crlDir, offline: true }).check(loadCert(ldapLeaf.der), ca)).status).toBe('revoked');

    const newer = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - 60_000) });
    await importCrl(crlDir, newer);
    expect(readdirSync(crlDir).filter((n) => n.endsWith('.crl'))).toHaveLength(1);
    // revocation is final in practice, but a list without the serial is what the CA says now
    expect((await checker({ crlDir, offline: true }).check(loadCert(ldapLeaf.der), ca)).status).toBe('good');
  });

  it('crlDirSnapshot (one dojang verify run): the folder is read at the first check; later imports are seen by the next run', async () => {
    const crlDir = mkdtempSync(join(tmpdir(), 'dojang-crl-'));
    await importCrl(crlDir, makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - HOUR) }));
    const run = checker({ crlDir, crlDirSnapshot: true, offline: true });
    const perCheck = checker({ crlDir, offline: true });
    expect((await run.check(loadCert(ldapLeaf.der), ca)).status).toBe('good');
    expect((await perCheck.check(loadCert(ldapLeaf.der), ca)).status).toBe('good');
    const revoked = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - 60_000), revoked: [{ serialHex: '3003', date: new Date(Date.now() - 2 * HOUR) }] });
    await importCrl(crlDir, revoked);
    expect((await run.check(loadCert(ldapLeaf.der), ca)).status).toBe('good'); // the run's snapshot
    expect((await perCheck.check(loadCert(ldapLeaf.der), ca)).status).toBe('revoked'); // a long-lived checker reads the folder per check
    expect((await checker({ crlDir, crlDirSnapshot: true, offline: true }).check(loadCert(ldapLeaf.der), ca)).status).toBe('revoked'); // the next run
  });

  it('a CRL given for one check only (dojang verify --crl)', async () => {
    const crl = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - HOUR), revoked: [{ serialHex: '3003', date: new Date() }] });
    expect((await checker({ crls: [crl], offline: true }).check(loadCert(ldapLeaf.der), ca)).status).toBe('revoked');
  });

  it('refuses something that is not a CRL', async () => {
    await expect(importCrl(dir, Buffer.from('hello'))).rejects.toThrow(DojangError);
    await expect(importCrl(dir, pki.leaf.der)).rejects.toMatchObject({ code: 'FILE_DAMAGED' });
  });
});

describe('the artefacts are what OpenSSL expects', () => {
  it('openssl crl verifies a generated CRL with the CA certificate and lists the serial', () => {
    const crl = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - HOUR), revoked: [{ serialHex: '1001', date: new Date(), reason: 1 }] });
    writeFileSync(join(dir, 'c.crl'), crl);
    const out = openssl(['crl', '-inform', 'DER', '-in', join(dir, 'c.crl'), '-CAfile', join(dir, 'ca.pem'), '-noout', '-text']).toString();
    expect(out).toContain('Serial Number: 1001');
    expect(out).toContain('Key Compromise');
    expect(parseCrl(crl).revoked.get('1001')?.reason).toBe(1);
  });

  it('openssl ocsp reads our request (serial and nonce)', () => {
    const req = buildOcspRequest(leaf, ca, Buffer.alloc(32, 0xab));
    writeFileSync(join(dir, 'req.der'), req);
    const out = openssl(['ocsp', '-reqin', join(dir, 'req.der'), '-req_text']).toString();
    expect(out).toContain('Serial Number: 1001');
    expect(out).toContain('OCSP Nonce');
    expect(out.replace(/[\s:]/g, '').toUpperCase()).toContain('AB'.repeat(32));
  });

  it('openssl ocsp, as a client of the test responder, accepts its answers (our encoder is sound)', async () => {
    ocspBehaviour = (req, res) => send(res, 'application/ocsp-response', ocspFor('revoked', req.nonce));
    const { execFile } = await import('node:child_process');
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'openssl',
        [
          'ocsp',
          '-issuer',
          join(dir, 'ca.pem'),
          '-cert',
          join(dir, 'leaf.pem'),
          '-url',
          `${server.url}/ocsp`,
          '-CAfile',
          join(dir, 'root.pem'),
          '-verify_other',
          join(dir, 'ca.pem'),
        ],
        (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout + stderr)),
      ),
    );
    expect(out).toContain('Response verify OK');
    expect(out).toContain('revoked');
  });

  it('judgeOcspResponse agrees with openssl on a response file', () => {
    const nonce = Buffer.alloc(32, 1);
    const body = ocspFor('good', nonce);
    expect(judgeOcspResponse(body, { cert: leaf, issuer: ca, nonce, now: new Date() }).status).toBe('good');
    writeFileSync(join(dir, 'resp.der'), body);
    const out = openssl([
      'ocsp',
      '-respin',
      join(dir, 'resp.der'),
      '-issuer',
      join(dir, 'ca.pem'),
      '-cert',
      join(dir, 'leaf.pem'),
      '-CAfile',
      join(dir, 'root.pem'),
      '-verify_other',
      join(dir, 'ca.pem'),
      '-no_nonce',
    ]);
    expect(out.toString()).toContain('good');
  });
});

describe('no source at all', () => {
  it('a certificate without OCSP or CRL: unknown, and it says why', async () => {
    const bare = makeCert({ cn: 'bare', key: rsaKey(3), issuer: pki.ca });
    const r = await checker().check(loadCert(bare.der), ca);
    expect(r.status).toBe('unknown');
    expect(r.detail).toContain('names no OCSP responder and no CRL');
  });
});

/**
 * 3072-bit end to end, as the RootCA 5 generation issues: an OpenSSL-made hierarchy (3072-bit root,
 * CA and user key), its OCSP answers made by `openssl ocsp` and its CRL by `openssl ca -gencrl`.
 * Unlock (the key as an NPKI signPri.key), sign (CMS with the CA certificate), verify (chain,
 * OCSP, CRL), and the signer check that refuses a known-revoked certificate.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCms, signPkcs1 } from '../../common/pki/cms.js';
import { formatMessage } from '../../preload/messages/format.js';
import { encryptPrivateKey, unlockKey } from '../npki/keyfile.js';
import { openssl } from '../npki/fixtures.test-util.js';
import { verifyCmsSignature } from './engine.js';
import { importCrl } from './revocation.js';
import { assessSigner, refuseUnusableSigner } from './trust/signer-check.js';
import { send, startServer, type TestServer } from './test-pki.test-util.js';

const PW = 'Rsa3072-test!';
let dir: string;
let server: TestServer;
const f = (n: string) => join(dir, n);
const der = (pemFile: string) => openssl(['x509', '-in', f(pemFile), '-outform', 'DER']);

function caConfig(): string {
  return [
    '[ca]',
    'default_ca = CA',
    '[CA]',
    `database = ${f('index.txt')}`,
    'default_md = sha256',
    'default_crl_days = 1',
    'crl_extensions = crl_ext',
    '[crl_ext]',
    'authorityKeyIdentifier = keyid',
  ].join('\n');
}

/** The leaf's line in the OpenSSL CA database (V = valid, R = revoked). */
function index(revoked: boolean): void {
  const serial = openssl(['x509', '-in', f('leaf.pem'), '-noout', '-serial'])
    .toString()
    .trim()
    .split('=')[1]!;
  const subject = openssl(['x509', '-in', f('leaf.pem'), '-noout', '-subject', '-nameopt', 'compat'])
    .toString()
    .trim()
    .replace(/^subject=/, '');
  writeFileSync(f('index.txt'), `${revoked ? 'R' : 'V'}\t301231000000Z\t${revoked ? '250101000000Z,keyCompromise' : ''}\t${serial}\tunknown\t${subject}\n`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dojang-3072-'));
  server = await startServer((req, res) => {
    const reqFile = f(`req-${Date.now()}-${Math.random()}.der`);
    writeFileSync(reqFile, req.body);
    const out = `${reqFile}.resp`;
    openssl(['ocsp', '-index', f('index.txt'), '-CA', f('ca.pem'), '-rsigner', f('ca.pem'), '-rkey', f('ca.key'), '-reqin', reqFile, '-respout', out, '-ndays', '1']);
    send(res, 'application/ocsp-response', readFileSync(out));
  });
  const v3 = f('v3.cnf');
  writeFileSync(
    v3,
    [
      '[ca]',
      'basicConstraints = critical, CA:TRUE, pathlen:0',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      '[leaf]',
      'keyUsage = critical, digitalSignature, nonRepudiation',
      'certificatePolicies = 1.2.410.200005.1.1.1',
      `authorityInfoAccess = OCSP;URI:${server.url}/ocsp`,
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
    ].join('\n'),
  );
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:3072',
    '-nodes',
    '-keyout',
    f('root.key'),
    '-out',
    f('root.pem'),
    '-days',
    '3650',
    '-subj',
    '/C=KR/O=KISA/OU=Korea Certification Authority Central/CN=Test RootCA 5 (3072)',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  openssl(['req', '-new', '-newkey', 'rsa:3072', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.csr'), '-subj', '/C=KR/O=yessign/OU=AccreditedCA/CN=Test CA Class 4 (3072)']);
  openssl([
    'x509',
    '-req',
    '-in',
    f('ca.csr'),
    '-CA',
    f('root.pem'),
    '-CAkey',
    f('root.key'),
    '-CAcreateserial',
    '-out',
    f('ca.pem'),
    '-days',
    '1825',
    '-extfile',
    v3,
    '-extensions',
    'ca',
    '-sha256',
  ]);
  openssl([
    'req',
    '-new',
    '-newkey',
    'rsa:3072',
    '-nodes',
    '-keyout',
    f('leaf.key'),
    '-out',
    f('leaf.csr'),
    '-subj',
    '/C=KR/O=yessign/OU=personal4IB/CN=홍길동()0012345678901234',
    '-utf8',
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    f('leaf.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('leaf.pem'),
    '-days',
    '365',
    '-extfile',
    v3,
    '-extensions',
    'leaf',
    '-sha256',
  ]);
  writeFileSync(f('ca.cnf'), caConfig());
  index(false);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

function crl(): Buffer {
  openssl(['ca', '-gencrl', '-config', f('ca.cnf'), '-keyfile', f('ca.key'), '-cert', f('ca.pem'), '-out', f('ca.crl')]);
  return openssl(['crl', '-in', f('ca.crl'), '-outform', 'DER']);
}

describe('a 3072-bit hierarchy made by OpenSSL', () => {
  let cms: Buffer;

  it('unlocks the 3072-bit key as an NPKI signPri.key and signs CMS that OpenSSL verifies up to the root', async () => {
    const pki = openssl(['pkcs8', '-topk8', '-nocrypt', '-in', f('leaf.key'), '-outform', 'DER']);
    const signPri = encryptPrivateKey(pki, PW, { scheme: 'seedCBCWithSHA1' });
    const key = unlockKey(der('leaf.pem'), signPri, PW);
    expect(key.privateKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    cms = await signCms({
      content: Buffer.from('3072-bit 서명'),
      detached: false,
      certDer: der('leaf.pem'),
      chainDer: [der('ca.pem')],
      signer: (d) => signPkcs1(key.privateKey, d),
    });
    writeFileSync(f('sig.p7s'), cms);
    expect(openssl(['cms', '-verify', '-inform', 'DER', '-in', f('sig.p7s'), '-CAfile', f('root.pem'), '-binary', '-purpose', 'any']).toString()).toBe('3072-bit 서명');
  });

  it('verifies: chain of 3072-bit signatures, revocation good from `openssl ocsp`', async () => {
    const r = await verifyCmsSignature(cms, { anchors: [der('root.pem')], revocation: { timeoutMs: 10_000 } });
    expect(r.checks.find((c) => c.name === 'chain')).toMatchObject({ ok: true });
    expect(r.checks.find((c) => c.name === 'revocation')).toMatchObject({ ok: true });
    expect(r.verdict).toBe('valid');
    expect(r.usage).toBe('개인 범용');
  });

  it('once revoked: `openssl ocsp` says so, the CRL from `openssl ca -gencrl` says so, and signing is refused', async () => {
    index(true);
    const r = await verifyCmsSignature(cms, { anchors: [der('root.pem')], revocation: { timeoutMs: 10_000 } });
    expect(r.checks.find((c) => c.name === 'revocation')).toMatchObject({ ok: false });
    expect(r.verdict).toBe('invalid');

    const list = crl();
    const offline = await verifyCmsSignature(cms, { anchors: [der('root.pem')], revocation: { offline: true, crls: [list] } });
    expect(offline.checks.find((c) => c.name === 'revocation')).toMatchObject({ ok: false, detail: expect.stringMatching(/revoked/i) });

    // The signer check uses what is on this computer: the imported CRL, and the CA from the data folder's cache.
    const dataDir = f('data');
    mkdirSync(join(dataDir, 'trust', 'intermediates'), { recursive: true });
    writeFileSync(join(dataDir, 'trust', 'intermediates', 'ca.der'), der('ca.pem'));
    await importCrl(join(dataDir, 'crl'), list);
    const a = await assessSigner(dataDir, der('leaf.pem'));
    // The reason OpenSSL wrote (index.txt: keyCompromise) and the date, said in the user's language.
    expect(a).toMatchObject({ state: 'revoked', reason: { key: 'signer.revokedBecause', params: { answer: { key: 'revocation.crl.revokedFor' } } } });
    expect(formatMessage('ko', a.reason!.key, a.reason!.params)).toBe(
      '폐지된 인증서로는 서명하지 않습니다 (CRL 확인: 폐지된 인증서입니다 (폐지 시각 2025-01-01T00:00:00.000Z, 사유: 개인키 유출)).',
    );
    expect(formatMessage('en', a.reason!.key, a.reason!.params)).toBe('The certificate was revoked (CRL: revoked on 2025-01-01T00:00:00.000Z, keyCompromise): it must not sign.');
    expect(() => refuseUnusableSigner(a, true)).toThrow(expect.objectContaining({ code: 'CERT_REVOKED', key: 'signer.revokedBecause' }));
    index(false);
  });
});

it('OpenSSL agrees the keys are 3072-bit', () => {
  for (const k of ['root.key', 'ca.key', 'leaf.key']) expect(execFileSync('openssl', ['pkey', '-in', f(k), '-noout', '-text']).toString()).toMatch(/3072 bit/);
});

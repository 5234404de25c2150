/**
 * LDAP revocation against a real OpenLDAP slapd and a real `openssl ocsp` responder, with a
 * hierarchy shaped like the licensed CAs' (testing/korean-pki.test-util.ts): CRLs and ARLs from
 * the directory, the whole chain checked, missing CA certificates from the CA directory, and
 * each bad directory answer giving "unknown" or a named refusal, never "good".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { printReport } from '../cli/commands/verify.js';
import { openssl } from '../npki/fixtures.test-util.js';
import { checkCertificate, verifyCmsSignature } from './engine.js';
import { ldapSearch } from './ldap.js';
import { RevocationChecker } from './revocation.js';
import { SIGNGATE_DP_DN, YESSIGN_DP_DN, bigCrl, buildKoreanPki, type KoreanPki, type TestLeaf } from './testing/korean-pki.test-util.js';
import { startOcspResponder, type OcspResponder } from './testing/ocsp-responder.test-util.js';
import { freePort, slapdMissing, startSilentServer, startSlapd, type LdapEntry, type Slapd } from './testing/slapd.test-util.js';
import { loadCert, type Cert } from './x509.js';
import { checkDetail } from '../../preload/messages/format.js';

const missing = slapdMissing();
if (missing && process.env.CI) throw new Error(`CI installs slapd: ${missing}`);
/** Skipped (outside CI only) when slapd is not installed; the reason is in the suite's name. */
const withSlapd = (name: string, fn: () => void): void => {
  describe.skipIf(missing !== null)(missing ? `${name} (skipped: ${missing})` : name, fn);
};

const TIMEOUT_MS = 1500;
const BIG_CRL_BYTES = 50 << 20;

let dir: string;
let pki: KoreanPki;
let slapd: Slapd;
let ocsp: OcspResponder;
let silent: { port: number; stop(): Promise<void> };
let cert: (l: TestLeaf) => Cert;

function directory(p: KoreanPki): LdapEntry[] {
  const org = (o: string): LdapEntry[] => [
    { dn: `o=${o},c=kr`, objectClass: ['organization'], text: { o } },
    { dn: `ou=AccreditedCA,o=${o},c=kr`, objectClass: ['organizationalUnit'], text: { ou: 'AccreditedCA' } },
  ];
  const caEntry = (dn: string, cn: string, certDer: Buffer, extra: Record<string, Buffer[]> = {}): LdapEntry => ({
    dn,
    objectClass: ['applicationProcess', 'pkiCA'],
    text: { cn },
    binary: { 'cACertificate;binary': [certDer], ...extra },
  });
  const dp = (dn: string, crl: Buffer | null): LdapEntry => ({
    dn,
    objectClass: ['organizationalUnit', 'pkiCA'],
    text: { ou: /^ou=([^,]+)/.exec(dn)![1]! },
    binary: crl ? { 'certificateRevocationList;binary': [crl] } : {},
  });
  return [
    { dn: 'o=KISA,c=kr', objectClass: ['organization'], text: { o: 'KISA' } },
    { dn: 'ou=Korea-Certification-Authority-Central,o=KISA,c=kr', objectClass: ['organizationalUnit'], text: { ou: 'Korea-Certification-Authority-Central' } },
    caEntry('cn=KISA-RootCA-9,ou=Korea-Certification-Authority-Central,o=KISA,c=kr', 'KISA-RootCA-9', p.root.der, { 'authorityRevocationList;binary': [p.lists.rootArl] }),
    caEntry('cn=KISA-RootCA-9-Forged,ou=Korea-Certification-Authority-Central,o=KISA,c=kr', 'KISA-RootCA-9-Forged', p.rogueRoot.der, {
      'authorityRevocationList;binary': [p.lists.forgedArl],
    }),
    ...org('yessign'),
    caEntry('cn=yessignCA Class 4 Test,ou=AccreditedCA,o=yessign,c=kr', 'yessignCA Class 4 Test', p.yessign.der),
    dp(YESSIGN_DP_DN, p.lists.yessignCrl),
    dp('ou=dpEmpty,ou=AccreditedCA,o=yessign,c=kr', null),
    dp('ou=dpBig,ou=AccreditedCA,o=yessign,c=kr', bigCrl(p.yessign, BIG_CRL_BYTES)),
    ...org('signgate'),
    caEntry('cn=signGATE CA6 Test,ou=AccreditedCA,o=signgate,c=kr', 'signGATE CA6 Test', p.signgate.der),
    dp(SIGNGATE_DP_DN, p.lists.signgateCrl),
    ...org('tradesign'),
    caEntry('cn=TradeSignCA5 Test,ou=AccreditedCA,o=tradesign,c=kr', 'TradeSignCA5 Test', p.rogueCa.der),
  ];
}

beforeAll(async () => {
  if (missing) return; // every suite below is skipped, with the reason
  dir = mkdtempSync(path.join(tmpdir(), 'dojang-ldap-'));
  silent = await startSilentServer();
  const ports = { ldap: 0, ocsp: await freePort(), hang: silent.port, refused: await freePort() };
  // slapd's port must be in the certificates before slapd starts: reserve one, then start on it.
  ports.ldap = await freePort();
  pki = buildKoreanPki(dir, ports);
  slapd = await startSlapd(directory(pki), ports.ldap);
  cert = (l) => loadCert(l.der);
  ocsp = await startOcspResponder(pki.yessign, ports.ocsp, { cert: cert(pki.leaves.ocspGood), issuer: loadCert(pki.yessign.der) });
}, 180_000);

afterAll(async () => {
  await ocsp?.stop();
  await slapd?.stop();
  await silent?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const checker = (): RevocationChecker => new RevocationChecker({ timeoutMs: TIMEOUT_MS });
const ca = (): Cert => loadCert(pki.yessign.der);

function cmsSignedBy(l: TestLeaf, content: string): Buffer {
  const file = path.join(dir, `content-${Math.random().toString(16).slice(2)}.txt`);
  writeFileSync(file, content);
  // The message carries only the signer's certificate, as Korean toolkits' signatures do.
  return openssl(['cms', '-sign', '-binary', '-nodetach', '-md', 'sha256', '-in', file, '-signer', l.certFile, '-inkey', l.keyFile, '-outform', 'DER']);
}

withSlapd('CRLs and ARLs from a real slapd', () => {
  it('reads the CRL from the yessign DN shape, with and without ;binary, and the ARL from the KISA DN shape', async () => {
    const base = `${slapd.url}/${YESSIGN_DP_DN}`;
    const req = { attribute: 'certificateRevocationList', timeoutMs: TIMEOUT_MS, maxBytes: 1 << 20 };
    expect(await ldapSearch({ ...req, url: `${base}?certificateRevocationList` })).toEqual([pki.lists.yessignCrl]);
    expect(await ldapSearch({ ...req, url: `${base}?certificateRevocationList;binary` })).toEqual([pki.lists.yessignCrl]);
    const arlUrl = `${slapd.url}/CN=KISA-RootCA-9,OU=Korea-Certification-Authority-Central,O=KISA,C=KR?authorityRevocationList`;
    expect(await ldapSearch({ ...req, url: arlUrl })).toEqual([pki.lists.rootArl]);
    // what openssl reads in it: signGATE CA6 Test's serial is on the root's ARL
    const text = openssl(['crl', '-inform', 'DER', '-noout', '-text'], pki.lists.rootArl).toString();
    expect(text).toContain(loadCert(pki.signgate.der).parts.serialHex.toUpperCase());
  });

  it('a certificate with an LDAP CRL DP: good from the CRL, then from the cache', async () => {
    const c = checker();
    const r = await c.check(cert(pki.leaves.crlGood), ca());
    expect(r).toMatchObject({ status: 'good', source: 'crl', cached: false });
    expect(r.url).toMatch(/^ldap:\/\/127\.0\.0\.1:\d+\/ou=dp5p22874,ou=AccreditedCA,o=yessign,c=kr\?certificateRevocationList$/);
    const again = await c.check(cert(pki.leaves.crlGood), ca());
    expect(again).toMatchObject({ status: 'good', cached: true });
    expect(again.detail).toContain('[cached]');
  });

  it('revoked in the CRL read through a ";binary" DP', async () => {
    const r = await checker().check(cert(pki.leaves.crlRevoked), ca());
    expect(r).toMatchObject({ status: 'revoked', source: 'crl', reason: 'keyCompromise' });
    expect(r.url).toContain('?certificateRevocationList;binary');
  });

  it('OCSP on an odd port (openssl ocsp) answers first: good, and revoked', async () => {
    const good = await checker().check(cert(pki.leaves.ocspGood), ca());
    expect(good).toMatchObject({ status: 'good', source: 'ocsp', url: ocsp.url });
    const revoked = await checker().check(cert(pki.leaves.ocspRevoked), ca());
    expect(revoked).toMatchObject({ status: 'revoked', source: 'ocsp' });
  });
});

withSlapd('the whole chain', () => {
  it('a signature carrying only the signer certificate: the CA comes from the directory, the CA is checked against the ARL, the signer against the CRL', async () => {
    const report = await verifyCmsSignature(cmsSignedBy(pki.leaves.crlGood, '이체 확인'), { anchors: [pki.root.der], revocation: checker() });
    expect(report.verdict).toBe('valid');
    expect(report.chain.map((l) => [l.origin, l.revocation?.status, l.revocation?.source])).toEqual([
      ['signer', 'good', 'crl'],
      ['directory', 'good', 'arl'],
      ['anchor', 'notChecked', null],
    ]);
    expect(report.chain[1]!.revocation!.url).toContain('CN=KISA-RootCA-9,OU=Korea-Certification-Authority-Central');
    expect(report.checks.find((c) => c.name === 'revocation')!.detail).toContain('CA "yessignCA Class 4 Test"');
  });

  it('the same with OCSP for the signer: the link says which OCSP URL answered', async () => {
    const report = await verifyCmsSignature(cmsSignedBy(pki.leaves.ocspGood, 'OCSP'), { anchors: [pki.root.der], revocation: checker() });
    expect(report.verdict).toBe('valid');
    expect(report.chain[0]!.revocation).toMatchObject({ status: 'good', source: 'ocsp', url: ocsp.url });
  });

  it('a revoked intermediate (on the root’s ARL) fails the signature', async () => {
    const report = await verifyCmsSignature(cmsSignedBy(pki.leaves.underRevokedCa, 'revoked CA'), { anchors: [pki.root.der], revocation: checker() });
    expect(report.verdict).toBe('invalid');
    const rev = report.checks.find((c) => c.name === 'revocation')!;
    expect(rev.ok).toBe(false);
    expect(rev.detail).toContain('signGATE CA6 Test');
    expect(report.chain[0]!.revocation!.status).toBe('good');
    expect(report.chain[1]).toMatchObject({ origin: 'directory', revocation: { status: 'revoked', source: 'arl' } });
    expect(rev.message).toMatchObject({ key: 'verify.revocation.caRevoked', params: { ca: 'signGATE CA6 Test', answer: { key: 'revocation.crl.revokedFor' } } });
    expect(checkDetail(rev, 'ko')).toMatch(/^상위 CA 인증서가 폐지되었습니다 \("signGATE CA6 Test"\): ARL 확인: 폐지된 인증서입니다 \(폐지 시각 .+, 사유: [\uac00-\ud7a3 ]+\)$/);
    expect(checkDetail(rev, 'en')).toMatch(/^the CA "signGATE CA6 Test" certificate is revoked: ARL: revoked on \S+, \w+$/);
    expect(checkDetail(report.chain[0]!.revocation!, 'ko')).toMatch(/^CRL 확인: 폐지 목록에 없음 \(.+ 목록\)$/);
  });

  it('`dojang verify` prints each link with its origin and revocation source', async () => {
    const report = await verifyCmsSignature(cmsSignedBy(pki.leaves.underRevokedCa, 'CLI'), { anchors: [pki.root.der], revocation: checker() });
    const lines: string[] = [];
    vi.stubEnv('LC_ALL', 'C.UTF-8'); // the CLI's English, whatever the machine's locale
    printReport({ out: (t) => lines.push(t), err: () => undefined, json: () => undefined, stdinLines: async () => [], prompt: async () => '' }, report);
    vi.unstubAllEnvs();
    const text = lines.join('\n');
    expect(text).toContain('verdict   invalid');
    expect(text).toMatch(/2\. CN=signGATE CA6 Test,OU=AccreditedCA,O=signgate,C=KR {2}\[ok; fetched from the CA directory\]/);
    expect(text).toMatch(/revocation ✗ revoked — ARL ldap:\/\/127\.0\.0\.1:\d+\/CN=KISA-RootCA-9,OU=Korea-Certification-Authority-Central,O=KISA,C=KR\?authorityRevocationList: /);
    expect(text).toMatch(/revocation ✓ good — CRL ldap:\/\/127\.0\.0\.1:\d+\/ou=dp6p1,ou=AccreditedCA,o=signgate,c=kr\?certificateRevocationList/);
  });

  it('a revoked signer: invalid', async () => {
    const report = await checkCertificate(pki.leaves.crlRevoked.der, { anchors: [pki.root.der], intermediates: [pki.yessign.der], revocation: checker() });
    expect(report.verdict).toBe('invalid');
    expect(report.chain[1]!.origin).toBe('local');
  });
});

withSlapd('bad directory answers: unknown or a named refusal, never good', () => {
  const expectUnknown = async (l: TestLeaf, why: string): Promise<void> => {
    const r = await checker().check(cert(l), ca());
    expect(r.status).toBe('unknown');
    expect(r.detail).toContain(why);
  };

  it('a server that accepts and never answers: unknown after the deadline', () => expectUnknown(pki.leaves.hang, `no answer within ${TIMEOUT_MS} ms`));

  it('a server that refuses the connection', () => expectUnknown(pki.leaves.refused, 'connection refused'));

  it('a referral (not followed)', () => expectUnknown(pki.leaves.referral, 'referral'));

  it('an entry without the CRL attribute', () => expectUnknown(pki.leaves.empty, 'has no certificateRevocationList'));

  it('a 50 MB CRL: refused as too large (the connection is cut at the 20 MB cap)', () => expectUnknown(pki.leaves.big, 'too large: the answer passed 20971520 bytes'));

  it('an ARL signed by the wrong key', async () => {
    const r = await checker().check(loadCert(pki.crosscert.der), loadCert(pki.root.der));
    expect(r.status).toBe('unknown');
    expect(r.detail).toContain('ARL: its signature does not verify');
  });

  it('a CA certificate from the directory that does not chain to a trusted root: not used', async () => {
    const report = await checkCertificate(pki.leaves.rogue.der, { anchors: [pki.root.der], revocation: checker() });
    expect(report.verdict).toBe('indeterminate');
    const chain = report.checks.find((c) => c.name === 'chain')!;
    expect(chain.ok).toBeNull();
    expect(chain.detail).toContain('does not chain to a trusted root: not used');
    // The note follows the chain's own message in brackets, in the language asked.
    expect(chain.message?.key).toBe('verify.chain.issuerMissing');
    expect(chain.note).toEqual({ key: 'verify.chain.directoryUnused', params: { url: expect.stringMatching(/^ldap:\/\//) } });
    expect(checkDetail(chain, 'ko')).toMatch(/^발급자 인증서를 찾을 수 없습니다: .+ \[CA 디렉터리\(ldap:\/\/.+\)에서 받은 인증서는 신뢰하는 루트로 이어지지 않아 쓰지 않음\]$/);
    expect(checkDetail(chain, 'en')).not.toMatch(/[\uac00-\ud7a3]/);
    expect(report.chain.map((l) => l.origin)).toEqual(['signer']);
  });
});

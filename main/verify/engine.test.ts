import { createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DojangError } from '../../common/errors.js';
import { signCms, signPkcs1 } from '../../common/pki/cms.js';
import { fixture, openssl } from '../npki/fixtures.test-util.js';
import { computeVid } from '../../common/pki/vid.js';
import { checkDetail } from '../../preload/messages/format.js';
import { checkCertificate, detectInput, verifyCmsSignature, verifyRawSignature, type VerifyOptions } from './engine.js';
import { RevocationChecker } from './revocation.js';
import { makeCert, makeOcspResponse, makePki, readOcspRequest, reshapeCms, rsaKey, send, startServer, type TestPki, type TestServer } from './test-pki.test-util.js';
import type { CheckName, VerifyReport } from './types.js';

const root7 = fixture('kica-test/Kisa_Test_RootCA_7.der');
const kisa4 = fixture('kica-test/KISA_RootCA_4.der');
const yessignCert = fixture('yessign-test/signCert.der');
const yessignR = Buffer.from('7858b4328390805129f01c97fe6ca4a520cbd479', 'hex');
const text = Buffer.from('본인은 위 거래에 동의합니다.\n4f2a9c', 'utf8');
const offline = { offline: true };

let dir: string;
const f = (n: string) => join(dir, n);

function ok(r: VerifyReport): Record<string, boolean | null> {
  return Object.fromEntries(r.checks.map((c) => [c.name, c.ok]));
}
function detail(r: VerifyReport, name: CheckName): string {
  return r.checks.find((c) => c.name === name)!.detail;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dojang-verify-'));
  writeFileSync(f('content.txt'), text);
  writeFileSync(f('yessign.pem'), fixture('yessign-test/signCert.pem'));
  writeFileSync(f('yessign.key.der'), fixture('yessign-test/signPri.key.decrypted.der'));
  openssl(['pkey', '-inform', 'DER', '-in', f('yessign.key.der'), '-out', f('yessign.key.pem')]);
});

describe('OpenSSL-made signatures with the yessign fixture', () => {
  it('attached (-nodetach), signed today: the signature is sound but the certificate had expired at signing', async () => {
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-nodetach',
      '-in',
      f('content.txt'),
      '-signer',
      f('yessign.pem'),
      '-inkey',
      f('yessign.key.pem'),
      '-outform',
      'DER',
      '-out',
      f('att.p7s'),
    ]);
    const r = await verifyCmsSignature(readFileSync(f('att.p7s')), { anchors: [root7, kisa4], revocation: offline });
    expect(ok(r)).toMatchObject({
      signature: true,
      contentDigest: true,
      signedAttributes: true,
      chain: null,
      validityAtSigning: false,
      validityNow: false,
      keyUsage: true,
      policy: true,
    });
    expect(r.verdict).toBe('invalid');
    expect(r.signer).toMatchObject({ holder: 'HKD', serialHex: '459c75' });
    // one link: at signing time (today) it had expired, which its status shows before the missing issuer
    expect(r.chain).toEqual([expect.objectContaining({ status: 'expired' })]);
    expect(r.usage).toBe('개인 은행·보험용');
    expect(detail(r, 'chain')).toContain('yessignCA-Test Class 4');
  });

  it('without signed attributes (-noattr), judged in 2020: chain missingIssuer → indeterminate', async () => {
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-nodetach',
      '-noattr',
      '-in',
      f('content.txt'),
      '-signer',
      f('yessign.pem'),
      '-inkey',
      f('yessign.key.pem'),
      '-outform',
      'DER',
      '-out',
      f('noattr.p7s'),
    ]);
    const r = await verifyCmsSignature(readFileSync(f('noattr.p7s')), { anchors: [root7, kisa4], now: new Date('2020-03-01T00:00:00Z'), revocation: offline });
    expect(ok(r)).toMatchObject({ signature: true, contentDigest: true, signedAttributes: null, chain: null, validityAtSigning: null, validityNow: true, revocation: null });
    expect(r.verdict).toBe('indeterminate');
    expect(r.chain).toEqual([expect.objectContaining({ status: 'missingIssuer' })]);
  });

  it('detached (-detach): needs the content; the right content passes, other content fails', async () => {
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-noattr',
      '-in',
      f('content.txt'),
      '-signer',
      f('yessign.pem'),
      '-inkey',
      f('yessign.key.pem'),
      '-outform',
      'PEM',
      '-out',
      f('det.pem'),
    ]);
    const sig = readFileSync(f('det.pem'), 'utf8');
    const base = { anchors: [root7], now: new Date('2020-03-01T00:00:00Z'), revocation: offline };
    const none = await verifyCmsSignature(sig, base);
    expect(ok(none).contentDigest).toBeNull();
    expect(none.verdict).toBe('indeterminate');
    const right = await verifyCmsSignature(sig, { ...base, content: text });
    expect(ok(right)).toMatchObject({ signature: true, contentDigest: true });
    const wrong = await verifyCmsSignature(sig, { ...base, content: Buffer.from('본인은 위 거래에 동의하지 않습니다.') });
    expect(ok(wrong).signature).toBe(false);
    expect(wrong.verdict).toBe('invalid');
  });

  it('detached with signed attributes: a changed content is a digest mismatch', async () => {
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-in',
      f('content.txt'),
      '-signer',
      f('yessign.pem'),
      '-inkey',
      f('yessign.key.pem'),
      '-outform',
      'DER',
      '-out',
      f('det2.p7s'),
    ]);
    const r = await verifyCmsSignature(readFileSync(f('det2.p7s')), { anchors: [root7], content: Buffer.from('other'), revocation: offline });
    expect(ok(r)).toMatchObject({ signature: true, contentDigest: false });
    expect(detail(r, 'contentDigest')).toContain('changed after signing');
    expect(r.checks.find((c) => c.name === 'contentDigest')!.message).toEqual({ key: 'verify.signature.digestMismatch' });
  });

  it('tampered embedded content is rejected', async () => {
    const good = readFileSync(f('att.p7s'));
    const at = good.indexOf(text);
    expect(at).toBeGreaterThan(0);
    const bad = Buffer.from(good);
    bad[at + 3] = bad[at + 3]! ^ 0x01;
    const r = await verifyCmsSignature(bad, { anchors: [root7], revocation: offline });
    expect(ok(r).contentDigest).toBe(false);
    expect(r.verdict).toBe('invalid');
  });

  it('VID with the R value from the key and an IDN: the check value IDN does not match this certificate', async () => {
    const r = await verifyCmsSignature(readFileSync(f('att.p7s')), { anchors: [root7], revocation: offline, rValue: yessignR, idn: '800101-1234567' });
    expect(ok(r).vid).toBe(false);
    expect(detail(r, 'vid')).toContain('VID mismatch');
    // The check's message is a catalog key, said in either language; the detail keeps both halves.
    const vid = r.checks.find((c) => c.name === 'vid')!;
    expect(vid.message).toEqual({ key: 'verify.check.vidMismatch', params: { hash: expect.any(String) } });
    expect(checkDetail(vid, 'ko')).toMatch(/^본인확인 불일치 \(SHA-?\d+\)$/i);
    expect(checkDetail(vid, 'en')).not.toMatch(/[\uac00-\ud7a3]/);
    expect(vid.detail).toBe(`${checkDetail(vid, 'ko')} (${checkDetail(vid, 'en')})`);
    expect(JSON.stringify(r)).not.toContain('1234567');
  });

  it('accepts base64url text (the FinCert SDK form) and PEM alike', async () => {
    const der = readFileSync(f('att.p7s'));
    const a = await verifyCmsSignature(der.toString('base64url'), { anchors: [root7], revocation: offline });
    const b = await verifyCmsSignature(der.toString('base64'), { anchors: [root7], revocation: offline });
    expect(ok(a)).toEqual(ok(b));
    expect(ok(a).signature).toBe(true);
  });
});

describe('a full chain: generated root → CA → user, with a live OCSP responder', () => {
  let server: TestServer;
  let pki: TestPki;
  let ocspStatus: 'good' | 'revoked' = 'good';
  const idn = '9001011234568';
  const r = Buffer.from('00112233445566778899aabbccddeeff00112233', 'hex');
  let opts: VerifyOptions;

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const { nonce } = readOcspRequest(req.body);
      send(
        res,
        'application/ocsp-response',
        makeOcspResponse({
          signer: pki.ca,
          nonce,
          answers: [{ cert: pki.leaf, issuer: pki.ca, status: ocspStatus, revokedAt: new Date(Date.now() - 3600_000), thisUpdate: new Date(Date.now() - 60_000) }],
        }),
      );
    });
    pki = makePki({ ocspUrl: `${server.url}/ocsp`, identify: { realName: '홍길동', vid: computeVid(idn, r, 'sha256') } });
    writeFileSync(f('leaf.pem'), pki.leaf.pem);
    writeFileSync(f('ca.pem'), pki.ca.pem);
    writeFileSync(f('leaf.key.pem'), pki.leaf.key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    opts = { anchors: [pki.root.der, kisa4], revocation: new RevocationChecker({ timeoutMs: 2000 }) };
  });
  afterAll(async () => {
    await server.close();
  });

  it('openssl cms -sign with -certfile: valid, every check true', async () => {
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-nodetach',
      '-in',
      f('content.txt'),
      '-signer',
      f('leaf.pem'),
      '-inkey',
      f('leaf.key.pem'),
      '-certfile',
      f('ca.pem'),
      '-outform',
      'DER',
      '-out',
      f('full.p7s'),
    ]);
    const rep = await verifyCmsSignature(readFileSync(f('full.p7s')), opts);
    expect(ok(rep)).toEqual({
      signature: true,
      contentDigest: true,
      signedAttributes: true,
      chain: true,
      validityAtSigning: true,
      validityNow: true,
      keyUsage: true,
      policy: true,
      revocation: true,
      vid: null,
    });
    expect(rep.verdict).toBe('valid');
    expect(rep.chain.map((l) => l.status)).toEqual(['ok', 'ok', 'ok']);
    expect(rep.usage).toBe('개인 범용');
  });

  it('the CA certificate may come from `intermediates` instead of the message', async () => {
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-nodetach',
      '-in',
      f('content.txt'),
      '-signer',
      f('leaf.pem'),
      '-inkey',
      f('leaf.key.pem'),
      '-outform',
      'DER',
      '-out',
      f('nochain.p7s'),
    ]);
    const without = await verifyCmsSignature(readFileSync(f('nochain.p7s')), opts);
    expect(without.verdict).toBe('indeterminate');
    expect(ok(without)).toMatchObject({ chain: null, revocation: null });
    const withIt = await verifyCmsSignature(readFileSync(f('nochain.p7s')), { ...opts, intermediates: [pki.ca.der] });
    expect(withIt.verdict).toBe('valid');
  });

  it('VID: the R value carried in the signature (unsigned attribute) and the right IDN match; another IDN does not', async () => {
    const cms = reshapeCms(await signCms({ content: text, detached: false, certDer: pki.leaf.der, chainDer: [pki.ca.der], signer: (d) => signPkcs1(pki.leaf.key.privateKey, d) }), {
      randomNum: r,
    });
    const yes = await verifyCmsSignature(cms, { ...opts, idn });
    expect(ok(yes).vid).toBe(true);
    expect(yes.verdict).toBe('valid');
    const no = await verifyCmsSignature(cms, { ...opts, idn: '9001011234569' });
    expect(ok(no).vid).toBe(false);
    expect(no.verdict).toBe('invalid');
    const noR = await verifyCmsSignature(
      await signCms({ content: text, detached: false, certDer: pki.leaf.der, chainDer: [pki.ca.der], signer: (d) => signPkcs1(pki.leaf.key.privateKey, d) }),
      { ...opts, idn },
    );
    expect(ok(noR).vid).toBeNull();
    expect(noR.verdict).toBe('indeterminate');
  });

  it('a revoked certificate is invalid', async () => {
    ocspStatus = 'revoked';
    try {
      const rep = await verifyCmsSignature(readFileSync(f('full.p7s')), { ...opts, revocation: { timeoutMs: 2000 } });
      expect(ok(rep).revocation).toBe(false);
      expect(rep.verdict).toBe('invalid');
    } finally {
      ocspStatus = 'good';
    }
  });

  it('a wrong signer certificate (same issuer and serial, another key) is rejected', async () => {
    const impostor = makeCert({ cn: '홍길동()0001234567890123', key: rsaKey(3), issuer: pki.ca, serial: '1001', policyOid: '1.2.410.200005.1.1.1' });
    const swapped = reshapeCms(readFileSync(f('full.p7s')), { certificates: [impostor.der, pki.ca.der] });
    const rep = await verifyCmsSignature(swapped, opts);
    expect(ok(rep).signature).toBe(false);
    expect(rep.verdict).toBe('invalid');
    expect(ok(rep).revocation).toBeNull(); // not asked once the signature failed
  });

  it('an expired certificate is invalid even though its signature was made while it was valid', async () => {
    const old = makeCert({ cn: 'old user', key: rsaKey(3), issuer: pki.ca, notBefore: new Date('2022-01-01'), notAfter: new Date('2023-01-01') });
    const cms = await signCms({
      content: text,
      detached: false,
      certDer: old.der,
      chainDer: [pki.ca.der],
      signer: (d) => signPkcs1(rsaKey(3).privateKey, d),
      signingTime: new Date('2022-06-01'),
    });
    const rep = await verifyCmsSignature(cms, { ...opts, revocation: offline });
    expect(ok(rep)).toMatchObject({ signature: true, validityAtSigning: true, validityNow: false });
    expect(rep.verdict).toBe('invalid');
  });

  it('a broken chain (CA certificate not signed by the root) is invalid', async () => {
    const forgedCa = makeCert({ cn: 'Dojang Test CA', key: rsaKey(1), issuer: pki.root, ca: true, serial: '02', signWith: rsaKey(4).privateKey });
    const cms = reshapeCms(readFileSync(f('full.p7s')), { certificates: [pki.leaf.der, forgedCa.der] });
    const rep = await verifyCmsSignature(cms, opts);
    expect(ok(rep).chain).toBe(false);
    expect(rep.chain.map((l) => l.status)).toEqual(['ok', 'badSignature']);
    expect(rep.verdict).toBe('invalid');
  });

  it('a policy the relying party does not accept fails the policy check', async () => {
    const rep = await verifyCmsSignature(readFileSync(f('full.p7s')), { ...opts, acceptPolicies: ['1.2.410.200005.1.1.4'] });
    expect(ok(rep).policy).toBe(false);
    expect(rep.verdict).toBe('invalid');
    const policy = rep.checks.find((c) => c.name === 'policy')!;
    expect(policy.message).toMatchObject({ key: 'verify.policy.notAccepted', params: { policy: { key: 'verify.policy.named' } } });
    expect(checkDetail(policy, 'ko')).toMatch(/^이 기관에서 받지 않는 용도입니다: [\uac00-\ud7a3·\s]+ \(1\.2\.410\.[\d.]+\)$/);
    expect(checkDetail(policy, 'en')).toMatch(/^policy not accepted here: [A-Za-z&() ]+ \(1\.2\.410\.[\d.]+\)$/);
  });

  it('PKCS#1 signature with its certificate (FinCert "PKCS1"): valid; tampered: invalid', async () => {
    const sig = sign('sha256', text, pki.leaf.key.privateKey);
    const rep = await verifyRawSignature({ signature: sig.toString('base64url'), certificate: pki.leaf.pem, content: text }, { ...opts, intermediates: [pki.ca.der] });
    expect(rep.verdict).toBe('valid');
    expect(ok(rep)).toMatchObject({ signature: true, contentDigest: true, signedAttributes: null, validityAtSigning: null });
    const bad = await verifyRawSignature({ signature: sig, certificate: pki.leaf.der, content: Buffer.concat([text, Buffer.from('!')]) }, { ...opts, intermediates: [pki.ca.der] });
    expect(ok(bad).signature).toBe(false);
    expect(bad.verdict).toBe('invalid');
    const said = (r: VerifyReport, language: 'ko' | 'en') => r.checks.slice(0, 3).map((c) => checkDetail(c, language));
    expect(said(bad, 'ko')).toEqual([
      '서명값이 맞지 않습니다 (PKCS#1 v1.5, sha256): 서명한 원문이나 인증서가 아닙니다',
      'PKCS#1 서명은 원문 해시(sha256)를 직접 덮음',
      'PKCS#1 서명에는 서명 속성이 없음',
    ]);
    expect(said(rep, 'en')[0]).toBe('the PKCS#1 v1.5 sha256 signature verifies with the certificate');
  });

  it('a certificate alone: chain, validity, usage, policy, revocation', async () => {
    const rep = await checkCertificate(pki.leaf.der, { ...opts, intermediates: [pki.ca.der] });
    expect(rep.verdict).toBe('valid');
    expect(ok(rep)).toMatchObject({ signature: null, chain: true, validityNow: true, revocation: true });
    const alone = await checkCertificate(pki.leaf.der, opts);
    expect(alone.verdict).toBe('indeterminate');
  });

  it('caches CA certificates that completed a chain through onIntermediate', async () => {
    const seen: string[] = [];
    await verifyCmsSignature(readFileSync(f('full.p7s')), { ...opts, onIntermediate: (d) => void seen.push(d.toString('hex')) });
    expect(seen).toEqual([pki.ca.der.toString('hex')]);
  });
});

describe('the KICA fixture chain (kmCert → FTCA06 → Test RootCA 7) at 2021-01-01', () => {
  it('chain true, but kmCert is a key-encipherment certificate: keyUsage fails', async () => {
    const kmKey = createPrivateKey({ key: fixture('kica-test/kmPri.key.decrypted.der'), format: 'der', type: 'pkcs8' });
    const when = new Date('2021-01-01T00:00:00Z');
    const cms = await signCms({
      content: text,
      detached: true,
      certDer: fixture('kica-test/kmCert.der'),
      chainDer: [fixture('kica-test/signGATE_FTCA06_test.der')],
      signer: (d) => signPkcs1(kmKey, d),
      signingTime: when,
    });
    const rep = await verifyCmsSignature(cms, { anchors: [root7], content: text, now: when, revocation: offline });
    expect(ok(rep)).toMatchObject({ signature: true, contentDigest: true, chain: true, validityAtSigning: true, validityNow: true, keyUsage: false, revocation: null });
    expect(rep.chain.map((l) => [l.status, l.isTrustAnchor])).toEqual([
      ['ok', false],
      ['ok', false],
      ['ok', true],
    ]);
    expect(detail(rep, 'keyUsage')).toContain('keyEncipherment');
    const keyUsage = rep.checks.find((c) => c.name === 'keyUsage')!;
    expect(keyUsage.message?.key).toBe('verify.check.keyUsageNotSigning');
    expect(checkDetail(keyUsage, 'ko')).toMatch(/^서명용이 아닌 인증서입니다 \(키 용도: .*keyEncipherment.*\)$/);
    expect(rep.checks.find((c) => c.name === 'validityAtSigning')!.message).toEqual({
      key: 'verify.check.validAtSigning',
      params: { at: when.toISOString(), notBefore: expect.any(String), notAfter: expect.any(String) },
    });
    expect(detail(rep, 'policy')).toContain('1.2.410.200004.2.202');
    expect(detail(rep, 'revocation')).toContain('offline');
    const policy = rep.checks.find((c) => c.name === 'policy')!;
    expect(checkDetail(policy, 'en')).toMatch(/^usage unknown: unknown policy 1\.2\.410\.200004\.2\.202 \(issued by .+\)$/);
    expect(checkDetail(policy, 'ko')).toMatch(/^용도를 알 수 없음: 알 수 없는 정책 1\.2\.410\.200004\.2\.202 \(발급: .+\)$/);
    const revocation = rep.checks.find((c) => c.name === 'revocation')!;
    expect(checkDetail(revocation, 'ko')).toContain('오프라인: 네트워크를 쓰지 않음');
  });

  it('with only the production root trusted, the test root is untrusted → indeterminate chain', async () => {
    const rep = await checkCertificate(fixture('kica-test/kmCert.der'), {
      anchors: [kisa4],
      intermediates: [fixture('kica-test/signGATE_FTCA06_test.der'), root7],
      now: new Date('2021-01-01'),
      revocation: offline,
    });
    expect(rep.chain.map((l) => l.status)).toEqual(['ok', 'ok', 'untrustedRoot']);
    expect(ok(rep).chain).toBeNull();
  });
});

describe('bad input', () => {
  it('a digest algorithm we cannot check is named in the error', async () => {
    const good = readFileSync(f('att.p7s'));
    const sha256Oid = Buffer.from('0609608648016503040201', 'hex');
    const sha3 = Buffer.from('0609608648016503040208', 'hex');
    const b = Buffer.from(good);
    for (let at = b.indexOf(sha256Oid); at >= 0; at = b.indexOf(sha256Oid, at + 1)) sha3.copy(b, at);
    await expect(verifyCmsSignature(b, { anchors: [root7], revocation: offline })).rejects.toMatchObject({
      code: 'UNSUPPORTED_ALGORITHM',
      message: expect.stringContaining('SHA3-256'),
    });
  });

  it('not a signature: FILE_DAMAGED; detectInput tells CMS from a certificate', async () => {
    await expect(verifyCmsSignature(Buffer.from('hello'), { anchors: [] })).rejects.toBeInstanceOf(DojangError);
    await expect(verifyCmsSignature(yessignCert, { anchors: [] })).rejects.toMatchObject({ code: 'FILE_DAMAGED' });
    expect(detectInput(readFileSync(f('att.p7s'))).kind).toBe('cms');
    expect(detectInput(fixture('yessign-test/signCert.pem')).kind).toBe('certificate');
    expect(() => detectInput('garbage')).toThrow(DojangError);
  });

  it('a signature whose signer certificate is not included: indeterminate, signer null', async () => {
    const cms = reshapeCms(readFileSync(f('att.p7s')), { certificates: [] });
    const rep = await verifyCmsSignature(cms, { anchors: [root7], revocation: offline });
    expect(rep.signer).toBeNull();
    expect(ok(rep).signature).toBeNull();
    expect(rep.verdict).toBe('indeterminate');
  });

  it('a bad IDN format is refused (INVALID_REQUEST) without echoing it', async () => {
    const err = await verifyCmsSignature(readFileSync(f('att.p7s')), { anchors: [root7], revocation: offline, rValue: yessignR, idn: '12-34' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_REQUEST' });
    expect((err as Error).message).not.toContain('12-34');
  });
});

import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCertificate } from '../../../common/pki/certificate.js';
import { verifyCms } from '../../../common/pki/cms.js';
import { checkVid, computeVid, readVid } from '../../../common/pki/vid.js';
import { tempDir } from '../testing/harness.js';
import { createCa, issuerHashes, type CaMaterial } from './ca.js';
import { buildUserCertificate, encodeName, generateRsaKeyPair, randomSerial, rsaSign } from './certificates.js';
import { signCmsOverDigest } from './cms-digest.js';
import { buildCrl } from './crl.js';
import { der, encodeOid } from '../../../common/pki/asn1.js';
import { buildOcspResponse, ocspError, parseOcspRequest } from './ocsp.js';
import { POLICY_OID, REASON } from './oids.js';

const openssl = (args: string[], input?: Buffer): string => execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8');
const pem = (d: Buffer, label = 'CERTIFICATE'): string => `-----BEGIN ${label}-----\n${d.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;

const IDN = '8001011234567';
const NOW = new Date(Date.UTC(2026, 0, 5, 9, 0, 0));

describe('the CA: certificates, CRL, OCSP — checked with OpenSSL', () => {
  const tmp = tempDir('pki');
  let ca: CaMaterial;
  let user: Buffer;
  let userSerial: Buffer;
  const randomNum = randomBytes(20);
  const f = (name: string): string => path.join(tmp.dir, name);

  beforeAll(async () => {
    ca = await createCa(NOW);
    const pair = await generateRsaKeyPair();
    userSerial = randomSerial(randomBytes(16));
    user = await buildUserCertificate({
      serial: userSerial,
      issuer: { subject: ca.issuingSubject, spki: ca.issuingSpki, key: ca.issuingKey },
      subject: encodeName([
        ['C', 'KR'],
        ['O', 'Dojang'],
        ['OU', 'Dojang Cloud'],
        ['OU', 'personal'],
        ['CN', '홍길동()0012345678901234'],
      ]),
      spki: pair.spki,
      notBefore: NOW,
      notAfter: new Date(Date.UTC(2029, 0, 5, 9, 0, 0)),
      realName: '홍길동',
      vid: computeVid(IDN, randomNum, 'sha256'),
      baseUrl: 'http://127.0.0.1:8787',
    });
    writeFileSync(f('root.pem'), pem(ca.rootDer));
    writeFileSync(f('issuing.pem'), pem(ca.issuingDer));
    writeFileSync(f('chain.pem'), pem(ca.issuingDer) + pem(ca.rootDer));
    writeFileSync(f('user.pem'), pem(user));
  });
  afterAll(() => tmp.remove());

  it('encodes a 2.25 UUID OID (an arc beyond 2^53) exactly as OpenSSL does', () => {
    const ours = der.oid(POLICY_OID);
    openssl(['asn1parse', '-genstr', `OID:${POLICY_OID}`, '-out', f('oid.der'), '-noout']);
    const theirs = readFileSync(f('oid.der'));
    expect(ours.equals(theirs)).toBe(true);
    expect(encodeOid('1.2.840.113549')).toEqual(Buffer.from('2a864886f70d', 'hex'));
  });

  it('chains user → issuing CA → root, as OpenSSL verifies it', () => {
    const out = openssl(['verify', '-attime', String(NOW.getTime() / 1000 + 60), '-CAfile', f('root.pem'), '-untrusted', f('issuing.pem'), f('user.pem')]);
    expect(out).toMatch(/user\.pem: OK/);
  });

  it('has the 금융인증서 shape: RSA-2048, sha256WithRSA, 3 years, key usage, our policy, CRL and OCSP URLs', () => {
    const text = openssl(['x509', '-in', f('user.pem'), '-noout', '-text']);
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(text).toMatch(/Not After : Jan {2}5 09:00:00 2029 GMT/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toMatch(new RegExp(`Certificate Policies: critical\\s+Policy: ${POLICY_OID.replace(/\./g, '\\.')}`));
    expect(text).not.toContain('1.2.410.200005.1.1.1.10');
    expect(text).toContain('URI:http://127.0.0.1:8787/v1/crl');
    expect(text).toContain('OCSP - URI:http://127.0.0.1:8787/v1/ocsp');
    expect(text).toContain('CA Issuers - URI:http://127.0.0.1:8787/v1/ca/issuing.der');
    expect(text).toMatch(/subject=|Subject: C ?= ?KR, O ?= ?Dojang/);
    const parts = readCertificate(user);
    expect(parts.serialHex).toBe(userSerial.toString('hex'));
  });

  it('carries identifyData with a SHA-256 VID of the IDN and randomNum (SPEC §1.3)', () => {
    const v = readVid(user);
    expect(v).toMatchObject({ realName: '홍길동', hashAlg: 'sha256' });
    expect(checkVid(user, randomNum, IDN).match).toBe(true);
    expect(checkVid(user, randomNum, '8001011234568').match).toBe(false);
  });

  it('issues a v2 CRL that OpenSSL verifies, with cRLNumber and reason codes', async () => {
    const crl = await buildCrl(ca, {
      number: 7,
      thisUpdate: NOW,
      nextUpdate: new Date(NOW.getTime() + 86_400_000),
      revoked: [
        { serialHex: userSerial.toString('hex'), revokedAt: NOW, reason: REASON.superseded },
        { serialHex: '41' + '00'.repeat(15), revokedAt: NOW, reason: REASON.unspecified },
      ],
    });
    writeFileSync(f('crl.der'), crl);
    const out = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', f('crl.der'), '-CAfile', f('chain.pem'), '-noout', '-text'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const text = out.toString();
    expect(text).toMatch(/X509v3 CRL Number:\s+7/);
    expect(text).toContain(userSerial.toString('hex').toUpperCase());
    expect(text).toContain('Superseded');
    const stderr = execFileSync('sh', ['-c', `openssl crl -inform DER -in ${f('crl.der')} -CAfile ${f('chain.pem')} -noout 2>&1`]).toString();
    expect(stderr).toMatch(/verify OK/);
  });

  it('reads an OpenSSL OCSP request and answers one that OpenSSL accepts (good, revoked, unknown)', async () => {
    openssl(['ocsp', '-issuer', f('issuing.pem'), '-cert', f('user.pem'), '-reqout', f('req.der')]);
    const req = parseOcspRequest(readFileSync(f('req.der')));
    expect(req.certIds).toHaveLength(1);
    expect(req.certIds[0]!.serialHex).toBe(userSerial.toString('hex'));
    expect(req.certIds[0]!.hashAlg).toBe('sha1');
    expect(req.certIds[0]!.issuerKeyHash).toEqual(issuerHashes(ca, 'sha1').keyHash);
    expect(req.nonceExt).not.toBeNull();
    for (const [status, expected] of [
      [{ status: 'good' as const }, 'Cert Status: good'],
      [{ status: 'revoked' as const, revokedAt: NOW, reason: REASON.superseded }, 'Cert Status: revoked'],
      [{ status: 'unknown' as const }, 'Cert Status: unknown'],
    ] as const) {
      const resp = await buildOcspResponse(ca, [{ certIdRaw: req.certIds[0]!.raw, status }], {
        producedAt: new Date(),
        nextUpdate: new Date(Date.now() + 86_400_000),
        nonceExt: req.nonceExt,
      });
      writeFileSync(f('resp.der'), resp);
      const out = execFileSync('sh', [
        '-c',
        // -reqin: OpenSSL also checks that the nonce was echoed.
        `openssl ocsp -respin ${f('resp.der')} -reqin ${f('req.der')} -CAfile ${f('root.pem')} -resp_text 2>&1`,
      ]).toString();
      expect(out).toContain('Response verify OK');
      expect(out).toContain(expected);
    }
    expect(ocspError(1)).toEqual(Buffer.from('30030a0101', 'hex'));
  });

  it('signs CMS over a digest that main/npki verifyCms and OpenSSL accept', async () => {
    const content = Buffer.from('이체 100,000원 nonce=4711');
    const key = (await generateRsaKeyPair()).privateKey;
    // A certificate for this key, so the signature verifies against it.
    const pair = { privateKey: key, spki: Buffer.from((await import('node:crypto')).createPublicKey(key).export({ type: 'spki', format: 'der' })) };
    const cert = await buildUserCertificate({
      serial: randomSerial(randomBytes(16)),
      issuer: { subject: ca.issuingSubject, spki: ca.issuingSpki, key: ca.issuingKey },
      subject: encodeName([
        ['C', 'KR'],
        ['CN', 'cms'],
      ]),
      spki: pair.spki,
      notBefore: NOW,
      notAfter: new Date(Date.UTC(2029, 0, 1)),
      realName: 'cms',
      vid: Buffer.alloc(32),
      baseUrl: 'http://x',
    });
    const cms = await signCmsOverDigest({
      digest: createHash('sha256').update(content).digest(),
      certDer: cert,
      chainDer: [ca.issuingDer, ca.rootDer],
      signingTime: NOW,
      signer: (d) => rsaSign(key, d),
    });
    const v = verifyCms(cms, { content });
    expect(v.checks.filter((c) => !c.ok)).toEqual([]);
    expect(v.signingTime).toBe(NOW.toISOString());
    writeFileSync(f('cms.der'), cms);
    writeFileSync(f('content.bin'), content);
    const out = execFileSync('sh', [
      '-c',
      `openssl cms -verify -inform DER -in ${f('cms.der')} -content ${f('content.bin')} -binary -CAfile ${f('root.pem')} -purpose any -attime ${NOW.getTime() / 1000 + 60} -out /dev/null 2>&1`,
    ]).toString();
    expect(out).toMatch(/Verification successful/);
  });
});

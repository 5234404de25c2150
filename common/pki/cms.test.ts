import { constants, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, privateEncrypt, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DojangError } from '../errors.js';
import { Tag, children, content, der, oid, parse, seq, tlv } from './asn1.js';
import { locateCertificate } from './certificate.js';
import { CMS_OID, cmsSignedAttributes, keySigner, signCms, signPkcs1, verifyCms, verifyPkcs1, type RawSigner } from './cms.js';
import { fixture, openssl } from '../../main/npki/fixtures.test-util.js';
import { encodeText } from '../../main/npki/text.js';

const cert = fixture('yessign-test/signCert.der');
const key = createPrivateKey({ key: fixture('yessign-test/signPri.key.decrypted.der'), format: 'der', type: 'pkcs8' });
const localSigner: RawSigner = (d) => signPkcs1(key, d);
const text = encodeText('본인은 위 거래에 동의합니다. nonce=4f2a');

let dir: string;
const f = (name: string) => join(dir, name);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dojang-cms-'));
  writeFileSync(f('content.bin'), text);
  writeFileSync(f('cert.pem'), fixture('yessign-test/signCert.pem'));
  writeFileSync(f('ca.pem'), fixture('kica-test/Kisa_Test_RootCA_7.pem'));
}, 30_000);

function failed(r: ReturnType<typeof verifyCms>): string[] {
  return r.checks.filter((c) => !c.ok).map((c) => c.name);
}

describe('signCms → OpenSSL', () => {
  it('attached: openssl cms -verify returns the content', async () => {
    const sig = await signCms({ content: text, detached: false, certDer: cert, signer: localSigner });
    writeFileSync(f('att.der'), sig);
    const out = openssl(['cms', '-verify', '-inform', 'DER', '-in', f('att.der'), '-binary', '-noverify']);
    expect(out.equals(text)).toBe(true);
  });

  it('detached: openssl cms -verify with -content accepts it', async () => {
    const sig = await signCms({ content: text, detached: true, certDer: cert, signer: localSigner });
    writeFileSync(f('det.der'), sig);
    openssl(['cms', '-verify', '-inform', 'DER', '-in', f('det.der'), '-binary', '-noverify', '-content', f('content.bin'), '-out', '/dev/null']);
    writeFileSync(f('other.bin'), Buffer.from('other'));
    expect(() => openssl(['cms', '-verify', '-inform', 'DER', '-in', f('det.der'), '-binary', '-noverify', '-content', f('other.bin'), '-out', '/dev/null'])).toThrow();
  });

  it('chain: verifies up to Kisa Test RootCA 7 with -CAfile (time ignored)', async () => {
    const kmCert = fixture('kica-test/kmCert.der');
    const kmKey = createPrivateKey({ key: fixture('kica-test/kmPri.key.decrypted.der'), format: 'der', type: 'pkcs8' });
    const sig = await signCms({
      content: text,
      detached: false,
      certDer: kmCert,
      chainDer: [fixture('kica-test/signGATE_FTCA06_test.der')],
      signer: (d) => signPkcs1(kmKey, d),
    });
    writeFileSync(f('chain.der'), sig);
    const out = openssl(['cms', '-verify', '-inform', 'DER', '-in', f('chain.der'), '-binary', '-no_check_time', '-purpose', 'any', '-CAfile', f('ca.pem')]);
    expect(out.equals(text)).toBe(true);
    const r = verifyCms(sig);
    expect(r.valid).toBe(true);
    expect(r.certificatesDer.length).toBe(2);
    expect(r.signerCertDer?.equals(kmCert)).toBe(true);
  });

  it('puts DER-sorted signed attributes, the signer certificate first, and the given signing time', async () => {
    const when = new Date('2024-05-01T09:30:00Z');
    const sig = await signCms({ content: text, detached: false, certDer: cert, signer: localSigner, signingTime: when });
    const [, wrap] = seq(parse(sig), 'ci');
    const sd = seq(children(wrap!)[0], 'sd');
    const certs = children(sd[3]!);
    expect(content(certs[0]!).length).toBeGreaterThan(0);
    expect(sig.includes(cert)).toBe(true);
    const si = seq(children(sd[4]!)[0], 'si');
    const attrs = children(si[3]!);
    const encodings = attrs.map((a) => sig.subarray(a.start, a.end));
    expect([...encodings].sort(Buffer.compare)).toEqual(encodings);
    expect(attrs.map((a) => oid(seq(a, 'a')[0])).sort()).toEqual(['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4', '1.2.840.113549.1.9.5']);
    expect(si[3]!.tag).toBe(0xa0);
    expect(Tag.SET).toBe(0x31);
    expect(verifyCms(sig).signingTime).toBe('2024-05-01T09:30:00.000Z');
  });
});

describe('OpenSSL → verifyCms', () => {
  beforeAll(() => {
    openssl(['pkey', '-inform', 'DER', '-out', f('key.pem')], fixture('yessign-test/signPri.key.decrypted.der'));
  });
  const opensslSign = (extra: string[]) =>
    openssl(['cms', '-sign', '-binary', '-md', 'sha256', '-signer', f('cert.pem'), '-inkey', f('key.pem'), '-in', f('content.bin'), '-outform', 'DER', ...extra]);

  it('accepts -nodetach and rejects tampered content', () => {
    const sig = opensslSign(['-nodetach']);
    const r = verifyCms(sig);
    expect(r.valid).toBe(true);
    expect(r.content?.equals(text)).toBe(true);
    expect(r.signerCertDer?.equals(cert)).toBe(true);
    expect(r.signingTime).not.toBeNull();
    // flip one byte of the embedded content
    const i = sig.indexOf(text);
    const bad = Buffer.from(sig);
    bad[i + 3] = bad[i + 3]! ^ 0x01;
    const rb = verifyCms(bad);
    expect(rb.valid).toBe(false);
    expect(failed(rb)).toEqual(['messageDigest']);
  });

  it('accepts -detach with the content and rejects other content', () => {
    const sig = opensslSign([]); // detached is the default of openssl cms -sign
    expect(verifyCms(sig, { content: text }).valid).toBe(true);
    const none = verifyCms(sig);
    expect(none.valid).toBe(false);
    expect(failed(none)).toEqual(['content']);
    const other = verifyCms(sig, { content: Buffer.from('tampered') });
    expect(other.valid).toBe(false);
    expect(failed(other)).toEqual(['messageDigest']);
  });

  it('accepts BER (-stream, indefinite lengths)', () => {
    const sig = opensslSign(['-nodetach', '-stream']);
    expect(sig.subarray(0, 4).toString('hex')).toMatch(/^3080/);
    const r = verifyCms(sig);
    expect(r.valid).toBe(true);
    expect(r.content?.equals(text)).toBe(true);
  });

  it('accepts PEM, base64 and base64url forms', () => {
    const sig = opensslSign(['-nodetach']);
    const pem = `-----BEGIN CMS-----\n${sig.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CMS-----\n`;
    expect(verifyCms(pem).valid).toBe(true);
    expect(verifyCms(sig.toString('base64')).valid).toBe(true);
    expect(verifyCms(sig.toString('base64url')).valid).toBe(true);
    expect(verifyCms(Buffer.from(sig.toString('base64url'))).valid).toBe(true);
  });

  it('rejects a changed signature value', () => {
    const sig = Buffer.from(opensslSign(['-nodetach']));
    sig[sig.length - 5] = sig[sig.length - 5]! ^ 0x80;
    const r = verifyCms(sig);
    expect(r.valid).toBe(false);
    expect(failed(r)).toEqual(['signature']);
  });
});

describe('signers and raw signatures', () => {
  it('refuses a remote signer whose key is not the certificate key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const remote: RawSigner = async (d) => signPkcs1(privateKey, d);
    await expect(signCms({ content: text, detached: true, certDer: cert, signer: remote })).rejects.toMatchObject({
      code: 'VERIFY_FAILED',
    });
  });

  it('keySigner: a key that is not the certificate key is refused every time; a matching key signs again and again', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const wrong = keySigner(privateKey);
    for (let i = 0; i < 2; i++) {
      await expect(signCms({ content: text, detached: true, certDer: cert, signer: wrong })).rejects.toMatchObject({ code: 'VERIFY_FAILED' });
    }
    const right = keySigner(key);
    for (let i = 0; i < 2; i++) {
      const sig = await signCms({ content: text, detached: false, certDer: cert, signer: right });
      expect(verifyCms(sig).valid).toBe(true);
    }
    // the same key with another certificate is checked again, and refused
    const other = fixture('kica-test/kmCert.der');
    await expect(signCms({ content: text, detached: true, certDer: other, signer: right })).rejects.toMatchObject({ code: 'VERIFY_FAILED' });
  });

  it('a certificate buffer changed after it was read is read again, not remembered', () => {
    const buf = Buffer.from(cert);
    const before = locateCertificate(buf).serialHex;
    const at = buf.indexOf(locateCertificate(buf).serialDer);
    buf[at + 1] = buf[at + 1]! ^ 0x01; // same length, same signature bytes: only the serial differs
    expect(locateCertificate(buf).serialHex).not.toBe(before);
    expect(locateCertificate(cert).serialHex).toBe(before);
  });

  it('reports signingTime as Date#toISOString would, UTCTime and GeneralizedTime', async () => {
    const signer = keySigner(key);
    const dates = ['1950-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2000-02-29T12:00:00Z', '2049-12-31T23:59:59Z', '2050-01-01T00:00:00Z', '2100-03-01T07:08:09Z'].map(
      (d) => new Date(d),
    );
    for (let i = 0; i < 40; i++) dates.push(new Date(Date.UTC(1950, 0, 1) + Math.floor(Math.random() * 150 * 365.25 * 86400) * 1000));
    for (const when of dates) {
      const sig = await signCms({ content: text, detached: true, certDer: cert, signer, signingTime: when });
      expect(verifyCms(sig, { content: text }).signingTime).toBe(when.toISOString());
    }
  });

  it('accepts an async signer', async () => {
    const sig = await signCms({ content: text, detached: true, certDer: cert, signer: async (d) => signPkcs1(key, d) });
    expect(verifyCms(sig, { content: text }).valid).toBe(true);
  });

  it('signPkcs1 agrees with openssl dgst -verify', () => {
    const s = signPkcs1(key, text);
    writeFileSync(f('p1.sig'), s);
    writeFileSync(f('pub.pem'), openssl(['x509', '-inform', 'DER', '-pubkey', '-noout'], cert));
    expect(openssl(['dgst', '-sha256', '-verify', f('pub.pem'), '-signature', f('p1.sig'), f('content.bin')]).toString()).toContain('Verified OK');
    expect(verifyPkcs1(cert, text, s)).toBe(true);
    expect(verifyPkcs1(cert, Buffer.from('x'), s)).toBe(false);
    expect(verifyPkcs1(cert, text, s.subarray(1))).toBe(false);
  });

  it('refuses a damaged certificate before signing', async () => {
    await expect(signCms({ content: text, detached: true, certDer: cert.subarray(10), signer: localSigner })).rejects.toBeInstanceOf(DojangError);
  });

  it('answers valid=false for things that are not CMS', () => {
    for (const x of [Buffer.alloc(0), Buffer.from('hello'), cert, readFileSync(f('content.bin'))]) {
      const r = verifyCms(x);
      expect(r.valid).toBe(false);
      expect(failed(r)).toContain('structure');
    }
  });
});

describe('the RSA signature check agrees with OpenSSL on crafted encodings', () => {
  // verifyCms checks RSA / SHA-256 signatures with RSA_public_decrypt and a byte compare of the
  // DigestInfo (what OpenSSL's RSA_verify does inside): each crafted value must get OpenSSL's answer.
  const k = 256;
  const SHA256 = '0609608648016503040201';
  const SHA384 = '0609608648016503040202';
  const at = (i: number) => cmsSignedAttributes(text, new Date(Date.UTC(2025, 0, 1) + i * 1000));
  const attrs = at(0);
  const n = Buffer.from(createPublicKey(key).export({ format: 'jwk' }).n!, 'base64url');
  const digestInfo = (alg: string, oidHex: string, data: Buffer, withNull = true) =>
    der.seq(der.seq(Buffer.from(oidHex, 'hex'), ...(withNull ? [der.null()] : [])), der.octetString(createHash(alg).update(data).digest()));
  /** EMSA-PKCS1-v1_5 framing of `t` in k octets, optionally bent. */
  const em = (t: Buffer, { type = 0x01, fill = 0xff } = {}) => Buffer.concat([Buffer.from([0x00, type]), Buffer.alloc(k - 3 - t.length, fill), Buffer.from([0x00]), t]);
  /** The signature value of an encoded message: EM^d mod n. */
  const raw = (m: Buffer) => privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, m);
  /** A detached SignedData over `text` whose SignerInfo carries `signature` as given. */
  const cms = (signature: Buffer, signedAttrsSet = attrs, sigAlgOid: string = CMS_OID.rsaEncryption) => {
    const c = locateCertificate(cert);
    const signedAttrs = Buffer.from(signedAttrsSet);
    signedAttrs[0] = 0xa0;
    const sha256 = der.seq(der.oid('2.16.840.1.101.3.4.2.1'));
    const signerInfo = der.seq(
      der.int(1),
      der.seq(c.issuerDer, tlv(Tag.INTEGER, c.serialDer)),
      sha256,
      signedAttrs,
      der.seq(der.oid(sigAlgOid), der.null()),
      der.octetString(signature),
    );
    const sd = der.seq(der.int(1), der.setOf(sha256), der.seq(der.oid(CMS_OID.data)), tlv(0xa0, cert), der.setOf(signerInfo));
    return der.seq(der.oid(CMS_OID.signedData), der.explicit(0, sd));
  };
  const opensslAccepts = (sig: Buffer): boolean => {
    writeFileSync(f('crafted.der'), sig);
    try {
      openssl(['cms', '-verify', '-inform', 'DER', '-in', f('crafted.der'), '-binary', '-noverify', '-content', f('content.bin'), '-out', '/dev/null']);
      return true;
    } catch {
      return false;
    }
  };

  it('accepts and refuses exactly what openssl cms -verify does', () => {
    const good = sign('sha256', attrs, key);
    // A signature value whose first octet is 0: sent without it, it is one octet short.
    let short: { attrs: Buffer; sig: Buffer } | null = null;
    for (let i = 1; i < 5000 && !short; i++) {
      const sig = sign('sha256', at(i), key);
      if (sig[0] === 0) short = { attrs: at(i), sig };
    }
    expect(short).not.toBeNull();
    const cases: [string, Buffer, boolean][] = [
      ['a valid signature', cms(good), true],
      ['a valid signature, sha256WithRSAEncryption', cms(good, attrs, '1.2.840.113549.1.1.11'), true],
      ['the same value built by hand', cms(raw(em(digestInfo('sha256', SHA256, attrs)))), true],
      ['a valid signature with a leading zero octet', cms(short!.sig, short!.attrs), true],
      ['that signature one octet short', cms(short!.sig.subarray(1), short!.attrs), false],
      ['a valid signature with a zero octet put in front', cms(Buffer.concat([Buffer.from([0]), good])), false],
      ['DigestInfo without NULL parameters', cms(raw(em(digestInfo('sha256', SHA256, attrs, false)))), false],
      ['the digest of other bytes', cms(raw(em(digestInfo('sha256', SHA256, Buffer.from('other'))))), false],
      ['a SHA-384 DigestInfo', cms(raw(em(digestInfo('sha384', SHA384, attrs)))), false],
      ['an octet after the DigestInfo', cms(raw(em(Buffer.concat([digestInfo('sha256', SHA256, attrs), Buffer.from([0])])))), false],
      ['block type 2', cms(raw(em(digestInfo('sha256', SHA256, attrs), { type: 0x02 }))), false],
      ['padding octets not FF', cms(raw(em(digestInfo('sha256', SHA256, attrs), { fill: 0xfe }))), false],
      ['the modulus', cms(n), false],
      ['all FF', cms(Buffer.alloc(k, 0xff)), false],
      ['zero', cms(Buffer.alloc(k)), false],
    ];
    for (const [what, sig, expected] of cases) {
      expect({ what, openssl: opensslAccepts(sig) }).toEqual({ what, openssl: expected });
      expect({ what, ours: verifyCms(sig, { content: text }).valid }).toEqual({ what, ours: expected });
    }
  });
});

import { X509Certificate, createHash, createPrivateKey, createSign, createVerify, type KeyObject } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { skipReason } from '../../fixtures/environment.js';
import { DojangError } from '../../common/errors.js';
import { openssl, opensslUnavailable } from '../crypto/openssl-peer.test-util.js';
import { der } from '../../common/pki/asn1.js';
import { KICA_PASSWORD, YESSIGN_PASSWORD, fixture } from './fixtures.test-util.js';
import { parseCertificate } from '../../common/pki/certificate.js';
import { CIPHER_OIDS, MAX_KEY_ITERATIONS, OID, PRF_OIDS, parseEncryptedKey, type KeyCipher, type KeyPrf } from './keyfile-format.js';
import { deriveKeyAndIv } from './keyfile-pbe.js';
import { changeKeyPassword, decryptPrivateKey, encryptPrivateKey, readRandomNum, unlockKey, type KeyScheme } from './keyfile.js';

const noOpenssl = skipReason('openssl', opensslUnavailable());

const signCert = fixture('yessign-test/signCert.der');
const signKey = fixture('yessign-test/signPri.key');
const signPki = fixture('yessign-test/signPri.key.decrypted.der');
const kmCert = fixture('kica-test/kmCert.der');
const kmKey = fixture('kica-test/kmPri.key');

const tempDirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'dojang-keyfile-'));
  tempDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DojangError);
    return (e as DojangError).code;
  }
  throw new Error('expected a DojangError, got success');
}

async function asyncCodeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DojangError);
    return (e as DojangError).code;
  }
  throw new Error('expected a DojangError, got success');
}

/** RSA parameters, to compare keys whatever their encoding (OpenSSL drops attributes). */
function rsaParams(key: KeyObject): string {
  return JSON.stringify(key.export({ format: 'jwk' }));
}

describe('fixtures', () => {
  it('yessign signPri.key (seedCBCWithSHA1, 2048 it.) decrypts to exactly the expected PrivateKeyInfo', () => {
    const { privateKeyInfo, protection } = decryptPrivateKey(signKey, YESSIGN_PASSWORD);
    expect(privateKeyInfo).toEqual(signPki);
    expect(protection).toEqual({ scheme: 'seedCBCWithSHA1', iterations: 2048, saltHex: 'c8ea2fa25023c285', cipher: 'seed-cbc' });
  });

  it('unlockKey matches the certificate, reads randomNum, and gives a key that signs for the certificate', () => {
    const u = unlockKey(signCert, signKey, YESSIGN_PASSWORD);
    expect(u.randomNum?.toString('hex')).toBe('7858b4328390805129f01c97fe6ca4a520cbd479');
    const sig = createSign('sha256').update('도장').sign(u.privateKey);
    expect(createVerify('sha256').update('도장').verify(new X509Certificate(signCert).publicKey, sig)).toBe(true);
  });

  it('the OpenSSL-made PBES2/PBKDF2-SHA1/SEED-CBC copy opens (without randomNum, which OpenSSL dropped)', () => {
    const u = unlockKey(signCert, fixture('yessign-test/generated_pbes2_seedcbc_sha1_signPri.key'), YESSIGN_PASSWORD);
    expect(u.protection).toEqual({ scheme: 'pbes2', iterations: 2048, saltHex: 'bae56d56ffa97c4b', prf: 'sha1', cipher: 'seed-cbc' });
    expect(u.randomNum).toBeNull();
    expect(u.privateKeyInfo).toEqual(fixture('yessign-test/plainSignPri_pkcs8_noattrs.der'));
  });

  it('KICA kmPri.key (1024 it.) opens with kmCert.der', () => {
    const u = unlockKey(kmCert, kmKey, KICA_PASSWORD);
    expect(u.protection.iterations).toBe(1024);
    expect(u.privateKeyInfo).toEqual(fixture('kica-test/kmPri.key.decrypted.der'));
    expect(u.randomNum).toBeNull();
  });

  it('pbes2_random_signPri.key derives the README key and IV, then fails cleanly as WRONG_PASSWORD', () => {
    const file = fixture('yessign-test/pbes2_random_signPri.key');
    const m = deriveKeyAndIv(parseEncryptedKey(file), YESSIGN_PASSWORD);
    expect(m.key.toString('hex')).toBe('01739401d7f3df5319eff4edb0afa66f');
    expect(m.iv.toString('hex')).toBe('98135f902385f9013590823098e09cfe');
    expect(codeOf(() => decryptPrivateKey(file, YESSIGN_PASSWORD))).toBe('WRONG_PASSWORD');
    expect(codeOf(() => unlockKey(signCert, file, YESSIGN_PASSWORD))).toBe('WRONG_PASSWORD');
  });

  it('a wrong password is WRONG_PASSWORD with the one message; the key of another certificate is KEY_MISMATCH', () => {
    for (const pw of ['', 'WTuA8Ev0lWXVFSiI', 'WTuA8Ev0lWXVFSiI! ', 'wtua8ev0lwxvfsii!', KICA_PASSWORD]) {
      try {
        unlockKey(signCert, signKey, pw);
        throw new Error('opened with a wrong password');
      } catch (e) {
        expect((e as DojangError).code).toBe('WRONG_PASSWORD');
        expect((e as DojangError).key).toBe('key.wrongPassword');
      }
    }
    // The password is right: the key opens, but it is not this certificate's.
    expect(codeOf(() => unlockKey(kmCert, signKey, YESSIGN_PASSWORD))).toBe('KEY_MISMATCH');
    expect(codeOf(() => unlockKey(signCert, kmKey, KICA_PASSWORD))).toBe('KEY_MISMATCH');
  });

  it('a key file whose key is broken inside (right password) is KEY_DAMAGED, never WRONG_PASSWORD', () => {
    // Damage inside the private exponent, re-encrypted with the right password: it decrypts and parses.
    const jwk = createPrivateKey({ key: signPki, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
    const d = Buffer.from(jwk.d!, 'base64url');
    d[d.length >> 1]! ^= 0x01;
    const broken = createPrivateKey({ key: { ...jwk, d: d.toString('base64url') }, format: 'jwk' }).export({ type: 'pkcs8', format: 'der' });
    const file = encryptPrivateKey(broken, YESSIGN_PASSWORD, { scheme: 'seedCBCWithSHA1', iterations: 16 });
    expect(codeOf(() => unlockKey(signCert, file, YESSIGN_PASSWORD))).toBe('KEY_DAMAGED');
    expect(codeOf(() => unlockKey(signCert, file, YESSIGN_PASSWORD + 'x'))).toBe('WRONG_PASSWORD');
  });

  it('a damaged certificate is FILE_DAMAGED, found before any key derivation', () => {
    expect(codeOf(() => unlockKey(signCert.subarray(0, 100), signKey, YESSIGN_PASSWORD))).toBe('FILE_DAMAGED');
  });

  it('accepts the key file as PEM too', () => {
    const pem = `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${signKey.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
    expect(decryptPrivateKey(Buffer.from(pem), YESSIGN_PASSWORD).privateKeyInfo).toEqual(signPki);
  });

  it('readRandomNum: 20 bytes with the attribute, null without, FILE_DAMAGED for non-PKCS#8', () => {
    expect(readRandomNum(signPki)?.toString('hex')).toBe('7858b4328390805129f01c97fe6ca4a520cbd479');
    expect(readRandomNum(fixture('yessign-test/plainSignPri_pkcs8_noattrs.der'))).toBeNull();
    expect(codeOf(() => readRandomNum(Buffer.from('3003020100', 'hex')))).toBe('FILE_DAMAGED');
    expect(codeOf(() => readRandomNum(Buffer.alloc(0)))).toBe('FILE_DAMAGED');
  });
});

const PBES2_VARIANTS: { cipher: KeyCipher; prf: KeyPrf }[] = [
  { cipher: 'seed-cbc', prf: 'sha1' },
  { cipher: 'seed-cbc', prf: 'sha256' },
  { cipher: 'aria-128-cbc', prf: 'sha1' },
  { cipher: 'aria-192-cbc', prf: 'sha224' },
  { cipher: 'aria-256-cbc', prf: 'sha512' },
  { cipher: 'aes-128-cbc', prf: 'sha384' },
  { cipher: 'aes-192-cbc', prf: 'sha256' },
  { cipher: 'aes-256-cbc', prf: 'sha256' },
];

describe('encryptPrivateKey', () => {
  it.each(['seedCBCWithSHA1', 'seedCBC'] as KeyScheme[])('%s round-trips the exact bytes (randomNum kept)', (scheme) => {
    const out = encryptPrivateKey(signPki, 'n3w-Passw0rd!', { scheme, iterations: 1500 });
    const back = decryptPrivateKey(out, 'n3w-Passw0rd!');
    expect(back.privateKeyInfo).toEqual(signPki);
    expect(back.protection).toMatchObject({ scheme, iterations: 1500, cipher: 'seed-cbc' });
    expect(back.protection.saltHex).toHaveLength(16);
    expect(unlockKey(signCert, out, 'n3w-Passw0rd!').randomNum?.toString('hex')).toBe('7858b4328390805129f01c97fe6ca4a520cbd479');
  });

  it.each(PBES2_VARIANTS)('PBES2 $cipher / HMAC-$prf round-trips the exact bytes', ({ cipher, prf }) => {
    const out = encryptPrivateKey(signPki, 'n3w-Passw0rd!', { scheme: 'pbes2', cipher, prf });
    const back = decryptPrivateKey(out, 'n3w-Passw0rd!');
    expect(back.privateKeyInfo).toEqual(signPki);
    expect(back.protection).toMatchObject({ scheme: 'pbes2', iterations: 2048, cipher, prf });
  });

  it('uses a fresh salt (and IV) every time', () => {
    const a = encryptPrivateKey(signPki, 'pw', { scheme: 'pbes2' });
    const b = encryptPrivateKey(signPki, 'pw', { scheme: 'pbes2' });
    expect(parseEncryptedKey(a).salt).not.toEqual(parseEncryptedKey(b).salt);
    expect(parseEncryptedKey(a).iv).not.toEqual(parseEncryptedKey(b).iv);
    expect(a.subarray(-64)).not.toEqual(b.subarray(-64));
  });

  it('the PBKDF1 schemes derive key and IV as SPEC §1.2 says (checked with openssl enc as the cipher)', async (ctx) => {
    if (noOpenssl) ctx.skip(noOpenssl);
    for (const scheme of ['seedCBCWithSHA1', 'seedCBC'] as const) {
      const out = parseEncryptedKey(encryptPrivateKey(signPki, 'pw', { scheme, iterations: 7 }));
      let dk = createHash('sha1').update('pw').update(out.salt).digest();
      for (let i = 1; i < 7; i++) dk = createHash('sha1').update(dk).digest();
      const iv = scheme === 'seedCBC' ? Buffer.from('0123456789012345') : createHash('sha1').update(dk.subarray(16)).digest().subarray(0, 16);
      const plain = await openssl(['enc', '-d', '-seed-cbc', '-K', dk.subarray(0, 16).toString('hex'), '-iv', iv.toString('hex')], out.encryptedData);
      expect(plain).toEqual(signPki);
    }
  });

  it('non-ASCII passwords are UTF-8 bytes', () => {
    for (const pw of ['비밀번호는한글123!', 'pässwörd✓', '🔑🔑🔑x1!', '\u0000nul']) {
      const out = encryptPrivateKey(signPki, pw, { scheme: 'seedCBCWithSHA1' });
      expect(decryptPrivateKey(out, pw).privateKeyInfo).toEqual(signPki);
      expect(codeOf(() => decryptPrivateKey(out, pw.slice(0, -1)))).toBe('WRONG_PASSWORD');
    }
  });

  it('refuses bad requests: not a PrivateKeyInfo, iteration counts out of range, PBKDF1 with another cipher', () => {
    expect(codeOf(() => encryptPrivateKey(Buffer.from('hello'), 'pw', { scheme: 'pbes2' }))).toBe('INVALID_REQUEST');
    for (const iterations of [0, -5, 1.5, MAX_KEY_ITERATIONS + 1]) {
      expect(codeOf(() => encryptPrivateKey(signPki, 'pw', { scheme: 'pbes2', iterations }))).toBe('INVALID_REQUEST');
    }
    expect(codeOf(() => encryptPrivateKey(signPki, 'pw', { scheme: 'seedCBCWithSHA1', cipher: 'aes-256-cbc' }))).toBe('INVALID_REQUEST');
    expect(codeOf(() => encryptPrivateKey(signPki, 'pw', { scheme: 'seedCBC', prf: 'sha256' }))).toBe('INVALID_REQUEST');
  });
});

describe('unusual and unsupported files', () => {
  const pbes2 = (kdf: Buffer, scheme: Buffer): Buffer => der.seq(der.seq(der.oid(OID.pbes2), der.seq(kdf, scheme)), der.octetString(Buffer.alloc(32)));
  const pbkdf2 = (extra: Buffer[] = []): Buffer => der.seq(der.oid(OID.pbkdf2), der.seq(der.octetString(Buffer.alloc(8, 1)), der.int(10), ...extra));
  const seedScheme = der.seq(der.oid(CIPHER_OIDS['seed-cbc']), der.octetString(Buffer.alloc(16)));

  it('names the OID of an unsupported algorithm', () => {
    const cases: [Buffer, string][] = [
      // PBES1 pbeWithSHA1AndDES-CBC
      [der.seq(der.seq(der.oid('1.2.840.113549.1.5.10'), der.seq(der.octetString(Buffer.alloc(8)), der.int(2048))), der.octetString(Buffer.alloc(32))), '1.2.840.113549.1.5.10'],
      // PBES2 with scrypt
      [pbes2(der.seq(der.oid('1.3.6.1.4.1.11591.4.11'), der.seq(der.octetString(Buffer.alloc(8)))), seedScheme), '1.3.6.1.4.1.11591.4.11'],
      // PBES2 with DES-EDE3-CBC
      [pbes2(pbkdf2(), der.seq(der.oid('1.2.840.113549.3.7'), der.octetString(Buffer.alloc(8)))), '1.2.840.113549.3.7'],
      // PBKDF2 with HMAC-SM3-ish unknown PRF
      [pbes2(pbkdf2([der.seq(der.oid('1.2.156.10197.1.401.2'), der.null())]), seedScheme), '1.2.156.10197.1.401.2'],
    ];
    for (const [file, oid] of cases) {
      try {
        decryptPrivateKey(file, 'pw');
        throw new Error('accepted');
      } catch (e) {
        expect((e as DojangError).code).toBe('UNSUPPORTED_ALGORITHM');
        expect((e as DojangError).message).toContain(oid);
      }
    }
  });

  it('refuses iteration counts above MAX_KEY_ITERATIONS before any work', () => {
    for (const count of [MAX_KEY_ITERATIONS + 1, 2 ** 40, Buffer.from('7fffffffffffffffff', 'hex')]) {
      const file = der.seq(der.seq(der.oid(OID.seedCBCWithSHA1), der.seq(der.octetString(Buffer.alloc(8)), der.int(count))), der.octetString(Buffer.alloc(32)));
      // Refused from the header: deriving 2^40 iterations would never return within the test's timeout.
      expect(codeOf(() => decryptPrivateKey(file, 'pw'))).toBe('UNSUPPORTED_ALGORITHM');
    }
  });

  it('zero or negative iteration counts, a bad IV or a key length that does not fit are FILE_DAMAGED', () => {
    const withCount = (n: Buffer): Buffer => der.seq(der.seq(der.oid(OID.seedCBCWithSHA1), der.seq(der.octetString(Buffer.alloc(8)), n)), der.octetString(Buffer.alloc(32)));
    expect(codeOf(() => decryptPrivateKey(withCount(der.int(0)), 'pw'))).toBe('FILE_DAMAGED');
    expect(codeOf(() => decryptPrivateKey(withCount(Buffer.from('0201ff', 'hex')), 'pw'))).toBe('FILE_DAMAGED');
    expect(codeOf(() => decryptPrivateKey(pbes2(pbkdf2(), der.seq(der.oid(CIPHER_OIDS['seed-cbc']), der.octetString(Buffer.alloc(8)))), 'pw'))).toBe('FILE_DAMAGED');
    expect(codeOf(() => decryptPrivateKey(pbes2(pbkdf2([der.int(32)]), seedScheme), 'pw'))).toBe('FILE_DAMAGED');
  });

  it('an explicit PBKDF2 key length equal to the cipher key length, and an explicit HMAC-SHA1, are accepted', () => {
    const out = parseEncryptedKey(encryptPrivateKey(signPki, 'pw', { scheme: 'pbes2', cipher: 'aes-256-cbc', iterations: 5 }));
    const kdf = der.seq(der.oid(OID.pbkdf2), der.seq(der.octetString(out.salt), der.int(5), der.int(32), der.seq(der.oid(PRF_OIDS.sha1), der.null())));
    const file = der.seq(der.seq(der.oid(OID.pbes2), der.seq(kdf, der.seq(der.oid(CIPHER_OIDS['aes-256-cbc']), der.octetString(out.iv!)))), der.octetString(out.encryptedData));
    expect(decryptPrivateKey(file, 'pw').privateKeyInfo).toEqual(signPki);
  });
});

describe('interop with openssl pkcs8', () => {
  beforeEach((ctx) => {
    if (noOpenssl) ctx.skip(noOpenssl);
  });
  const expected = rsaParams(createPrivateKey({ key: signPki, format: 'der', type: 'pkcs8' }));

  it.each([
    { cipher: 'seed-cbc', prf: 'sha1' },
    { cipher: 'seed-cbc', prf: 'sha256' },
    { cipher: 'aria-128-cbc', prf: 'sha1' },
    { cipher: 'aria-256-cbc', prf: 'sha512' },
    { cipher: 'aes-256-cbc', prf: 'sha256' },
  ] as { cipher: KeyCipher; prf: KeyPrf }[])('OpenSSL opens our PBES2 $cipher / HMAC-$prf', async ({ cipher, prf }) => {
    const pw = 'Dojang-한글-pw1!';
    const ours = encryptPrivateKey(signPki, pw, { scheme: 'pbes2', cipher, prf });
    const pem = await openssl(['pkcs8', '-inform', 'DER', '-passin', `pass:${pw}`], ours);
    expect(rsaParams(createPrivateKey(pem.toString()))).toBe(expected);
  });

  it.each([
    ['seed-cbc', 'hmacWithSHA1'],
    ['seed-cbc', 'hmacWithSHA256'],
    ['aria-128-cbc', 'hmacWithSHA256'],
    ['aria-192-cbc', 'hmacWithSHA1'],
    ['aria-256-cbc', 'hmacWithSHA512'],
    ['aes-256-cbc', 'hmacWithSHA256'],
    ['aes-128-cbc', 'hmacWithSHA1'],
  ])('we open what OpenSSL writes with -v2 %s -v2prf %s', async (cipher, prf) => {
    const pw = 'Dojang-한글-pw1!';
    const theirs = await openssl(['pkcs8', '-topk8', '-v2', cipher, '-v2prf', prf, '-iter', '3000', '-inform', 'DER', '-outform', 'DER', '-passout', `pass:${pw}`], signPki);
    const { privateKeyInfo, protection } = decryptPrivateKey(theirs, pw);
    expect(protection).toMatchObject({ scheme: 'pbes2', iterations: 3000, cipher, prf: prf.replace('hmacWithSHA', 'sha') });
    expect(rsaParams(createPrivateKey({ key: privateKeyInfo, format: 'der', type: 'pkcs8' }))).toBe(expected);
    expect(codeOf(() => unlockKey(signCert, theirs, pw + 'x'))).toBe('WRONG_PASSWORD');
    expect(rsaParams(unlockKey(signCert, theirs, pw).privateKey)).toBe(expected);
  });
});

describe('changeKeyPassword', () => {
  function keyCopy(data = signKey): string {
    const file = path.join(tempDir(), 'signPri.key');
    writeFileSync(file, data);
    return file;
  }

  it("keeps the scheme and the exact PrivateKeyInfo ('same'), with a fresh salt; the old password stops working", async () => {
    const file = keyCopy();
    const newPw = 'Xk9#mQ2$vL7!';
    const protection = await changeKeyPassword(file, signCert, YESSIGN_PASSWORD, newPw);
    expect(protection).toMatchObject({ scheme: 'seedCBCWithSHA1', iterations: 2048, cipher: 'seed-cbc' });
    expect(protection.saltHex).not.toBe('c8ea2fa25023c285');
    const written = readFileSync(file);
    expect(unlockKey(signCert, written, newPw).privateKeyInfo).toEqual(signPki);
    expect(codeOf(() => unlockKey(signCert, written, YESSIGN_PASSWORD))).toBe('WRONG_PASSWORD');
    expect(readdirSync(path.dirname(file))).toEqual(['signPri.key']);
  });

  it("'pbes2-seed' rewrites as PBES2/HMAC-SHA1/SEED-CBC; a PBES2 AES file keeps its cipher and PRF with 'same'", async () => {
    const file = keyCopy(kmKey);
    const p = await changeKeyPassword(file, kmCert, KICA_PASSWORD, 'Zq8@Wp3%Tn6^', { scheme: 'pbes2-seed' });
    expect(p).toMatchObject({ scheme: 'pbes2', prf: 'sha1', cipher: 'seed-cbc', iterations: 2048 });
    expect(unlockKey(kmCert, readFileSync(file), 'Zq8@Wp3%Tn6^').privateKeyInfo).toEqual(fixture('kica-test/kmPri.key.decrypted.der'));

    const aes = keyCopy(encryptPrivateKey(signPki, 'Old-pw', { scheme: 'pbes2', cipher: 'aes-256-cbc', prf: 'sha256', iterations: 4000 }));
    const q = await changeKeyPassword(aes, signCert, 'Old-pw', 'Zq8@Wp3%Tn6^');
    expect(q).toMatchObject({ scheme: 'pbes2', prf: 'sha256', cipher: 'aes-256-cbc', iterations: 4000 });
    expect(unlockKey(signCert, readFileSync(aes), 'Zq8@Wp3%Tn6^').privateKeyInfo).toEqual(signPki);
  });

  it('checks the rules first: PASSWORD_RULES with one message per broken rule, file untouched', async () => {
    const file = keyCopy();
    try {
      await changeKeyPassword(file, signCert, YESSIGN_PASSWORD, 'abc111');
      throw new Error('accepted');
    } catch (e) {
      expect((e as DojangError).code).toBe('PASSWORD_RULES');
      const rules = (e as DojangError).params?.rules;
      expect(rules).toHaveLength(4); // too short, no special character, 'abc', '111'
      expect((e as DojangError).message).not.toContain('abc111');
    }
    expect(readFileSync(file)).toEqual(signKey);
    // Rules come before the file: even a missing file gives PASSWORD_RULES.
    expect(await asyncCodeOf(changeKeyPassword('/nonexistent/signPri.key', signCert, 'x', 'short'))).toBe('PASSWORD_RULES');
  });

  it('a wrong old password or a missing file fails with the file untouched and no temp file left', async () => {
    const file = keyCopy();
    expect(await asyncCodeOf(changeKeyPassword(file, signCert, 'wrong', 'Xk9#mQ2$vL7!'))).toBe('WRONG_PASSWORD');
    expect(readFileSync(file)).toEqual(signKey);
    expect(readdirSync(path.dirname(file))).toEqual(['signPri.key']);
    expect(await asyncCodeOf(changeKeyPassword(path.join(tempDir(), 'none.key'), signCert, YESSIGN_PASSWORD, 'Xk9#mQ2$vL7!'))).toBe('NOT_FOUND');
  });

  it('refuses files larger than any key file without reading them whole', async () => {
    const file = keyCopy(Buffer.alloc(1 << 20));
    expect(await asyncCodeOf(changeKeyPassword(file, signCert, YESSIGN_PASSWORD, 'Xk9#mQ2$vL7!'))).toBe('FILE_DAMAGED');
  });
});

describe('unlock and show agree on a damaged certificate (issue 12)', () => {
  // OpenSSL reads both of these; the certificate parser behind `show` and the list does not.
  const trailing = Buffer.concat([signCert, Buffer.from([0, 0, 1])]);
  const flipped = Buffer.from(signCert);
  flipped[130] = flipped[130]! ^ 0x01;

  it.each([
    ['trailing bytes', trailing],
    ['a damaged field', flipped],
  ])('a certificate with %s: FILE_DAMAGED in both, same message', (_label, cert) => {
    let shown: unknown;
    try {
      parseCertificate(cert);
    } catch (e) {
      shown = e;
    }
    expect((shown as DojangError).code).toBe('FILE_DAMAGED');
    let unlocked: unknown;
    try {
      unlockKey(cert, signKey, YESSIGN_PASSWORD);
    } catch (e) {
      unlocked = e;
    }
    expect((unlocked as DojangError).code).toBe('FILE_DAMAGED');
    expect((unlocked as DojangError).message).toBe((shown as DojangError).message);
  });
});

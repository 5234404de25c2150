/**
 * Property tests: whatever bytes a key file holds, opening it ends in a DojangError with an
 * expected code (or, for damage the format cannot detect, the right key), never another
 * exception and never a hang. Seeded, so a failure can be replayed with FUZZ_SEED=<seed>.
 */
import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DojangError } from '../../common/errors.js';
import { der } from '../../common/pki/asn1.js';
import { YESSIGN_PASSWORD, fixture } from './fixtures.test-util.js';
import { CIPHER_OIDS, OID, PRF_OIDS } from './keyfile-format.js';
import { decryptPrivateKey, encryptPrivateKey, readRandomNum, unlockKey } from './keyfile.js';
import { checkPasswordRules } from './password-rules.js';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`keyfile fuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED})`);

/** mulberry32: small, fast, good enough to pick mutations. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
const rand = prng(SEED);
const int = (n: number): number => Math.floor(rand() * n);
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(256)));
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

const signCert = fixture('yessign-test/signCert.der');
const signKey = fixture('yessign-test/signPri.key');
const signPki = fixture('yessign-test/signPri.key.decrypted.der');
const PW = YESSIGN_PASSWORD;
const RSA = JSON.stringify(createPrivateKey({ key: signPki, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' }));

const EXPECTED = new Set(['WRONG_PASSWORD', 'KEY_DAMAGED', 'KEY_MISMATCH', 'FILE_DAMAGED', 'UNSUPPORTED_ALGORITHM']);
/** Opens `file`; returns the error code, or 'OK' when it opened (then it must be the right key). */
function open(file: Buffer, password = PW): string {
  try {
    const u = unlockKey(signCert, file, password);
    expect(JSON.stringify(u.privateKey.export({ format: 'jwk' }))).toBe(RSA);
    return 'OK';
  } catch (e) {
    if (!(e instanceof DojangError)) throw new Error(`seed ${SEED}: non-DojangError ${String(e)} for ${file.toString('hex')}`);
    if (!EXPECTED.has(e.code)) throw new Error(`seed ${SEED}: unexpected code ${e.code} for ${file.toString('hex')}`);
    return e.code;
  }
}

// Low iteration counts keep thousands of cases fast; the structure is what is being fuzzed.
const VARIANTS = [
  signKey,
  encryptPrivateKey(signPki, PW, { scheme: 'seedCBCWithSHA1', iterations: 3 }),
  encryptPrivateKey(signPki, PW, { scheme: 'seedCBC', iterations: 3 }),
  encryptPrivateKey(signPki, PW, { scheme: 'pbes2', iterations: 3 }),
  encryptPrivateKey(signPki, PW, { scheme: 'pbes2', iterations: 3, cipher: 'aria-256-cbc', prf: 'sha256' }),
  encryptPrivateKey(signPki, PW, { scheme: 'pbes2', iterations: 3, cipher: 'aes-128-cbc', prf: 'sha512' }),
];

/** A random TLV tree using the tags key files use, sometimes with lengths that lie. */
function randomTlv(depth: number): Buffer {
  const tag = pick([0x30, 0x31, 0x02, 0x04, 0x06, 0x05, 0x03, 0xa0, 0x81, 0x13, 0x80]);
  let body: Buffer;
  if ((tag & 0x20) !== 0 && depth < 4) body = Buffer.concat(Array.from({ length: int(4) }, () => randomTlv(depth + 1)));
  else if (tag === 0x06) body = der.oid(pick([...Object.values(OID), ...Object.values(CIPHER_OIDS), ...Object.values(PRF_OIDS)])).subarray(2);
  else body = bytes(int(24));
  const lie = int(10) === 0;
  const len = lie ? pick([body.length + 1, Math.max(0, body.length - 1), 0x7fffffff]) : body.length;
  const lenOctets = len < 0x80 ? Buffer.from([len]) : Buffer.from([0x84, len >>> 24, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff]);
  return Buffer.concat([Buffer.from([tag]), lenOctets, body]);
}

// The timeout only ends a hang; it is no speed budget.
describe(`key file fuzzing (seed ${SEED})`, { timeout: 300_000 }, () => {
  it('every truncation and every appended tail is FILE_DAMAGED', () => {
    for (const v of VARIANTS.slice(0, 4)) {
      for (let len = 0; len < v.length; len++) expect(open(v.subarray(0, len))).toBe('FILE_DAMAGED');
      for (const tail of [Buffer.alloc(1), bytes(16), Buffer.from('0000', 'hex')]) expect(open(Buffer.concat([v, tail]))).toBe('FILE_DAMAGED');
    }
  });

  it('2000 bit flips: a clean error, or the untouched key when the damage missed it', () => {
    const seen = new Map<string, number>();
    for (let n = 0; n < 2000; n++) {
      const file = Buffer.from(pick(VARIANTS));
      for (let flips = 1 + int(3); flips > 0; flips--) file[int(file.length)]! ^= 1 << int(8);
      const code = open(file);
      seen.set(code, (seen.get(code) ?? 0) + 1);
    }
    // Both the structural and the cryptographic checks were exercised.
    expect(seen.get('FILE_DAMAGED') ?? 0).toBeGreaterThan(20);
    console.log('bit-flip outcomes', Object.fromEntries(seen));
    // Damage inside the encrypted key mostly still decrypts to a PrivateKeyInfo: named as damage, not the password.
    expect(seen.get('KEY_DAMAGED') ?? 0).toBeGreaterThan(500);
    expect(seen.get('WRONG_PASSWORD') ?? 0).toBeGreaterThan(20);
  });

  it('1500 random DER trees and structure-aware splices', () => {
    const real = VARIANTS[3]!; // PBES2: SEQ{ SEQ{ OID, SEQ{ kdf, scheme } }, OCTET STRING }
    for (let n = 0; n < 1500; n++) {
      let file: Buffer;
      switch (n % 3) {
        case 0:
          file = randomTlv(0);
          break;
        case 1:
          file = der.seq(der.seq(der.oid(pick(Object.values(OID))), randomTlv(1)), der.octetString(bytes(16 * int(5))));
          break;
        default: {
          const at = int(real.length);
          file = Buffer.concat([real.subarray(0, at), randomTlv(2), real.subarray(at + int(40))]);
        }
      }
      open(file);
    }
  });

  it('huge, indefinite and overlong length fields, empty and constant files', () => {
    const cases = [
      Buffer.alloc(0),
      Buffer.from([0x30]),
      Buffer.from('3084ffffffff', 'hex'),
      Buffer.from('3088ffffffffffffffff', 'hex'),
      Buffer.from('30ff', 'hex'),
      Buffer.from('3080', 'hex'),
      Buffer.concat([Buffer.from('3080', 'hex'), signKey.subarray(4), Buffer.from('0000', 'hex')]),
      Buffer.from('30843fffffff' + '30' + '84ffffffff', 'hex'),
      Buffer.concat([Buffer.from('308205', 'hex'), signKey.subarray(4)]),
      Buffer.alloc(1300),
      Buffer.alloc(1300, 0xff),
      Buffer.alloc(70_000, 0x30),
      Buffer.from('-----BEGIN ENCRYPTED PRIVATE KEY-----\n!!!!\n-----END ENCRYPTED PRIVATE KEY-----\n'),
      // A 2^60-iteration request and a 4096-digit OID arc.
      der.seq(der.seq(der.oid(OID.seedCBCWithSHA1), der.seq(der.octetString(bytes(8)), der.int(Buffer.from('1000000000000000', 'hex')))), der.octetString(bytes(32))),
      der.seq(der.seq(Buffer.concat([Buffer.from('06820800', 'hex'), Buffer.alloc(2047, 0xff), Buffer.from([1])]), der.null()), der.octetString(bytes(32))),
    ];
    for (const c of cases) expect(open(c)).not.toBe('OK');
  });

  it('300 random passwords, non-ASCII and unpaired surrogates included, are WRONG_PASSWORD', () => {
    const alphabet = ['a', 'Z', '9', '!', ' ', '한', '글', 'é', '🔑', '\u0000', '\ud800', '\udfff', '\\', '"'];
    for (let n = 0; n < 300; n++) {
      const pw = Array.from({ length: int(25) }, () => pick(alphabet)).join('');
      if (pw === PW) continue;
      expect(open(pick([signKey, VARIANTS[4]!]), pw)).toBe('WRONG_PASSWORD');
      expect(() => checkPasswordRules(pw)).not.toThrow();
    }
  });

  it('readRandomNum on mutated PrivateKeyInfo: bytes, null or FILE_DAMAGED only', () => {
    for (let n = 0; n < 2000; n++) {
      const pki = Buffer.from(signPki);
      if (n % 2 === 0) for (let f = 1 + int(3); f > 0; f--) pki[int(pki.length)]! ^= 1 << int(8);
      const input = n % 2 === 0 ? pki : pki.subarray(0, int(pki.length));
      try {
        const r = readRandomNum(input);
        expect(r === null || Buffer.isBuffer(r)).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(DojangError);
        expect((e as DojangError).code).toBe('FILE_DAMAGED');
      }
    }
  });
});

// decryptPrivateKey alone (no certificate) must hold the same promise.
it('decryptPrivateKey alone: 1000 flipped files give only expected DojangErrors or a PrivateKeyInfo', () => {
  for (let n = 0; n < 1000; n++) {
    const file = Buffer.from(pick(VARIANTS.slice(1)));
    file[int(file.length)]! ^= 1 << int(8);
    try {
      decryptPrivateKey(file, PW);
    } catch (e) {
      expect(e).toBeInstanceOf(DojangError);
      expect(EXPECTED.has((e as DojangError).code)).toBe(true);
    }
  }
});

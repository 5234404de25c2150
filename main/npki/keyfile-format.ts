/**
 * The outer structure of signPri.key / kmPri.key: a PKCS#8 EncryptedPrivateKeyInfo
 * (SPEC §1.2), read into plain values and written back. No cryptography here.
 *
 *   EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }
 *
 * Algorithms: seedCBCWithSHA1 and the bare seedCBC (parameters SEQUENCE { salt, iterations }),
 * and PBES2 with PBKDF2 and a SEED, ARIA or AES CBC scheme (parameter: the 16-byte IV).
 */
import { DojangError } from '../../common/errors.js';
import { cbcKeyLength, type CbcCipherName } from '../crypto/cbc-ciphers.js';
import { Tag, content, der, expect, octets, oid, parse, seq, type Tlv } from '../../common/pki/asn1.js';

export type KeyScheme = 'seedCBCWithSHA1' | 'pbes2' | 'seedCBC';
export type KeyPrf = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
export type KeyCipher = CbcCipherName;

export interface KeyProtection {
  scheme: KeyScheme;
  iterations: number;
  saltHex: string;
  /** PBES2 only: PBKDF2's HMAC hash. */
  prf?: KeyPrf;
  /** Always 'seed-cbc' for the two PBKDF1 schemes. */
  cipher?: KeyCipher;
}

/** A parsed key file: how it is protected, and the ciphertext. */
export interface EncryptedKey {
  protection: KeyProtection & { cipher: KeyCipher };
  salt: Buffer;
  /** PBES2's IV; the PBKDF1 schemes derive theirs from the password. */
  iv: Buffer | null;
  encryptedData: Buffer;
}

/** Refuse larger counts before any work: a damaged or hostile file must not hang the app. */
export const MAX_KEY_ITERATIONS = 10_000_000;
/** Real key files are about 1.3 KB; anything this big is not one. */
export const MAX_KEY_FILE_BYTES = 64 * 1024;
const MAX_SALT_BYTES = 256;

export const OID = {
  seedCBCWithSHA1: '1.2.410.200004.1.15',
  seedCBC: '1.2.410.200004.1.4',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
} as const;

export const PRF_OIDS: Record<KeyPrf, string> = {
  sha1: '1.2.840.113549.2.7',
  sha224: '1.2.840.113549.2.8',
  sha256: '1.2.840.113549.2.9',
  sha384: '1.2.840.113549.2.10',
  sha512: '1.2.840.113549.2.11',
};

export const CIPHER_OIDS: Record<KeyCipher, string> = {
  'seed-cbc': '1.2.410.200004.1.4',
  'aria-128-cbc': '1.2.410.200046.1.1.2',
  'aria-192-cbc': '1.2.410.200046.1.1.7',
  'aria-256-cbc': '1.2.410.200046.1.1.12',
  'aes-128-cbc': '2.16.840.1.101.3.4.1.2',
  'aes-192-cbc': '2.16.840.1.101.3.4.1.22',
  'aes-256-cbc': '2.16.840.1.101.3.4.1.42',
};

function byOid<K extends string>(table: Record<K, string>, value: string): K | undefined {
  return (Object.keys(table) as K[]).find((k) => table[k] === value);
}

export function fileDamaged(reason: string): DojangError {
  return new DojangError('FILE_DAMAGED', 'keyfile.damaged', {}, { reason });
}

function unsupported(kind: 'cipher' | 'kdf', algorithmOid: string): DojangError {
  return new DojangError('UNSUPPORTED_ALGORITHM', 'keyfile.unsupported', { kind: `keyfile.kind.${kind}`, oid: algorithmOid }, { oid: algorithmOid });
}

/** A non-negative INTEGER that fits a JS number. */
function count(t: Tlv | undefined, what: string): number {
  const c = content(expect(t, Tag.INTEGER, what));
  if (c.length === 0 || (c[0]! & 0x80) !== 0) throw fileDamaged(`${what} is negative or empty`);
  if (c.length > 6) return Number.POSITIVE_INFINITY; // more than 2^48: refused by the caller
  return c.readUIntBE(0, c.length);
}

function iterationsFrom(t: Tlv | undefined): number {
  const n = count(t, 'iteration count');
  if (n < 1) throw fileDamaged('iteration count is zero');
  if (n > MAX_KEY_ITERATIONS) {
    throw new DojangError('UNSUPPORTED_ALGORITHM', 'keyfile.tooManyIterations', { max: MAX_KEY_ITERATIONS }, { iterations: Number.isFinite(n) ? n : 'over 2^48' });
  }
  return n;
}

function saltFrom(t: Tlv | undefined): Buffer {
  const salt = octets(expect(t, Tag.OCTET_STRING, 'salt'));
  if (salt.length === 0 || salt.length > MAX_SALT_BYTES) throw fileDamaged('salt length');
  return Buffer.from(salt);
}

function parsePbes2(params: Tlv | undefined): Omit<EncryptedKey, 'encryptedData'> {
  const [kdf, scheme, ...extra] = seq(params, 'PBES2-params');
  if (extra.length > 0) throw fileDamaged('PBES2-params has extra fields');

  const [kdfOid, kdfParams] = seq(kdf, 'keyDerivationFunc');
  const kdfName = oid(kdfOid);
  if (kdfName !== OID.pbkdf2) throw unsupported('kdf', kdfName);
  const fields = seq(kdfParams, 'PBKDF2-params');
  const salt = fields[0]?.tag === Tag.OCTET_STRING ? saltFrom(fields[0]) : null;
  if (!salt) throw unsupported('kdf', `${OID.pbkdf2} (salt from another source)`);
  const iterations = iterationsFrom(fields[1]);
  let i = 2;
  const keyLength = fields[i]?.tag === Tag.INTEGER ? count(fields[i++], 'key length') : null;
  let prf: KeyPrf = 'sha1';
  if (fields[i]) {
    const [prfOid] = seq(fields[i++], 'prf');
    const prfName = oid(prfOid);
    const known = byOid(PRF_OIDS, prfName);
    if (!known) throw unsupported('kdf', prfName);
    prf = known;
  }
  if (i !== fields.length) throw fileDamaged('PBKDF2-params has extra fields');

  const [cipherOid, ivT] = seq(scheme, 'encryptionScheme');
  const cipherName = oid(cipherOid);
  const cipher = byOid(CIPHER_OIDS, cipherName);
  if (!cipher) throw unsupported('cipher', cipherName);
  const iv = octets(expect(ivT, Tag.OCTET_STRING, 'IV'));
  if (iv.length !== 16) throw fileDamaged('IV length');
  if (keyLength !== null && keyLength !== cbcKeyLength(cipher)) throw fileDamaged('PBKDF2 key length does not fit the cipher');

  return {
    protection: { scheme: 'pbes2', iterations, saltHex: salt.toString('hex'), prf, cipher },
    salt,
    iv: Buffer.from(iv),
  };
}

function parseStructure(der: Buffer): EncryptedKey {
  const [algorithm, data, ...extra] = seq(parse(der), 'EncryptedPrivateKeyInfo');
  if (extra.length > 0) throw fileDamaged('EncryptedPrivateKeyInfo has extra fields');
  const [algOid, params, ...algExtra] = seq(algorithm, 'encryptionAlgorithm');
  if (algExtra.length > 0) throw fileDamaged('AlgorithmIdentifier has extra fields');
  const algorithmOid = oid(algOid);
  const encryptedData = Buffer.from(octets(expect(data, Tag.OCTET_STRING, 'encryptedData')));
  if (encryptedData.length === 0 || encryptedData.length % 16 !== 0) throw fileDamaged('ciphertext length');

  if (algorithmOid === OID.seedCBCWithSHA1 || algorithmOid === OID.seedCBC) {
    const [saltT, iterT, ...more] = seq(params, 'PBE parameters');
    if (more.length > 0) throw fileDamaged('PBE parameters have extra fields');
    const salt = saltFrom(saltT);
    const iterations = iterationsFrom(iterT);
    const scheme: KeyScheme = algorithmOid === OID.seedCBCWithSHA1 ? 'seedCBCWithSHA1' : 'seedCBC';
    return {
      protection: { scheme, iterations, saltHex: salt.toString('hex'), cipher: 'seed-cbc' },
      salt,
      iv: null,
      encryptedData,
    };
  }
  if (algorithmOid === OID.pbes2) return { ...parsePbes2(params), encryptedData };
  throw unsupported('cipher', algorithmOid);
}

/**
 * Reads an EncryptedPrivateKeyInfo (DER). Throws DojangError: FILE_DAMAGED for anything
 * malformed, UNSUPPORTED_ALGORITHM naming the OID it cannot handle.
 */
export function parseEncryptedKey(der: Buffer): EncryptedKey {
  if (der.length === 0) throw fileDamaged('empty file');
  if (der.length > MAX_KEY_FILE_BYTES) throw fileDamaged('file too large');
  try {
    return parseStructure(der);
  } catch (e) {
    if (e instanceof DojangError) throw e;
    // asn1.ts reports malformed input with its own error type; anything else is malformed input too.
    throw fileDamaged(e instanceof Error ? e.message : 'unreadable');
  }
}

const algorithmId = (o: string, params: Buffer): Buffer => der.seq(der.oid(o), params);

/** Writes an EncryptedPrivateKeyInfo; the PRF is omitted when it is the default HMAC-SHA1 (DER). */
export function buildEncryptedKey(key: EncryptedKey): Buffer {
  const { protection: p, salt, iv, encryptedData } = key;
  let algorithm: Buffer;
  if (p.scheme === 'pbes2') {
    if (!iv) throw new Error('PBES2 needs an IV');
    const prf = p.prf ?? 'sha1';
    const kdfParams = der.seq(der.octetString(salt), der.int(p.iterations), ...(prf === 'sha1' ? [] : [algorithmId(PRF_OIDS[prf], der.null())]));
    algorithm = algorithmId(OID.pbes2, der.seq(algorithmId(OID.pbkdf2, kdfParams), algorithmId(CIPHER_OIDS[p.cipher], der.octetString(iv))));
  } else {
    algorithm = algorithmId(OID[p.scheme], der.seq(der.octetString(salt), der.int(p.iterations)));
  }
  return der.seq(algorithm, der.octetString(encryptedData));
}

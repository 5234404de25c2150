/**
 * PKCS#12 (.pfx / .p12), the exchange format with other platforms (SPEC §1.6).
 *
 * Export, modern (default): PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for the key bag and the
 * certificate bags, HMAC-SHA256 MAC: what `openssl pkcs12 -export` writes by default since OpenSSL 3.
 * Export, legacy: pbeWithSHAAnd3-KeyTripleDES-CBC for both bags and an HMAC-SHA1 MAC, the form
 * older Windows, Java 8 and Mono read (3DES rather than RC2-40 for the certificates, so OpenSSL 3
 * opens it without its legacy provider too; docs/pkcs12.md). Either way the key bag encrypts the
 * exact PrivateKeyInfo bytes, so the randomNum attribute (VID) survives.
 * Import also reads the legacy PKCS#12 PBEs (3DES, RC2) older tools and the fixture use.
 * node-forge's pkcs12 writer only knows the legacy ciphers, so the structure is built here;
 * forge supplies the PKCS#12 key derivation (RFC 7292 B.2) and RC2.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { DojangError } from '../../common/errors.js';
import { Asn1Error, Tag, children, content, der, expect, integerNumber, octets, oid, parse, raw, seq, toDer, type ReadOptions, type Tlv } from '../../common/pki/asn1.js';
import { fileSystemError, writeFileAtomic } from './atomic-write.js';
import { parseCertificate, readCertificate } from '../../common/pki/certificate.js';
import { encryptPrivateKey, readRandomNum } from './keyfile.js';
import { passwordRulesError } from './password-rules.js';
import type { MessageKey } from '../../preload/messages/format.js';

const P = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbeWithSHAAnd3KeyTripleDESCBC: '1.2.840.113549.1.12.1.3',
  sha1: '1.3.14.3.2.26',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSHA256: '1.2.840.113549.2.9',
  sha256: '2.16.840.1.101.3.4.2.1',
  aes256cbc: '2.16.840.1.101.3.4.1.42',
} as const;

const PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

const PBES2_CIPHERS: Record<string, { name: string; keyLen: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLen: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLen: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLen: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLen: 24 },
};

/** PKCS#12 PBEs (RFC 7292 Appendix C), all with SHA-1. */
const PKCS12_PBES: Record<string, { cipher: 'des-ede3-cbc' | 'des-ede-cbc' | 'rc2'; keyLen: number }> = {
  '1.2.840.113549.1.12.1.3': { cipher: 'des-ede3-cbc', keyLen: 24 },
  '1.2.840.113549.1.12.1.4': { cipher: 'des-ede-cbc', keyLen: 16 },
  '1.2.840.113549.1.12.1.5': { cipher: 'rc2', keyLen: 16 },
  '1.2.840.113549.1.12.1.6': { cipher: 'rc2', keyLen: 5 },
};

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Above this a file is treated as damaged rather than spending minutes deriving keys. */
const MAX_ITERATIONS = 1_000_000;
const MAX_PFX_BYTES = 1 << 20;
const MIN_EXPORT_ITERATIONS = 2048;
const BER: ReadOptions = { ber: true };

class WrongPassword extends Error {}

function damaged(detail: string): DojangError {
  return new DojangError('FILE_DAMAGED', 'pfx.damaged', {}, { detail });
}

function wrongPassword(): DojangError {
  return new DojangError('WRONG_PASSWORD', 'pfx.wrongPassword');
}

function unsupported(what: string): DojangError {
  return new DojangError('UNSUPPORTED_ALGORITHM', 'pfx.unsupported', { what });
}

function iterationsOf(t: Tlv | undefined): number {
  const n = integerNumber(t, 'iterations');
  if (n < 1 || n > MAX_ITERATIONS) throw new Asn1Error(`iteration count ${n} out of range`);
  return n;
}

/** RFC 7292 B.2 key derivation (password as BMPString + 0x0000). */
function pkcs12Kdf(password: string, salt: Buffer, id: 1 | 2 | 3, iterations: number, n: number, hash: string): Buffer {
  const md = hash === 'sha1' ? forge.md.sha1.create() : hash === 'sha256' ? forge.md.sha256.create() : null;
  if (!md) throw unsupported(`a ${hash} MAC`);
  const key = forge.pkcs12.generateKey(password, forge.util.createBuffer(salt.toString('binary')), id, iterations, n, md);
  return Buffer.from(key.getBytes(), 'binary');
}

function decipher(name: string, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  try {
    const d = createDecipheriv(name, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    throw new WrongPassword();
  }
}

function rc2Decrypt(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const c = forge.rc2.createDecryptionCipher(forge.util.createBuffer(key.toString('binary')), key.length * 8);
  c.start(forge.util.createBuffer(iv.toString('binary')));
  c.update(forge.util.createBuffer(data.toString('binary')));
  if (!c.finish()) throw new WrongPassword();
  return Buffer.from(c.output.getBytes(), 'binary');
}

/** Decrypts data protected by a PBES2 or PKCS#12 PBE AlgorithmIdentifier. */
function pbeDecrypt(alg: Tlv, data: Buffer, password: string): Buffer {
  const [algOidT, paramsT] = seq(alg, 'encryptionAlgorithm', BER);
  const algOid = oid(algOidT);
  const legacy = PKCS12_PBES[algOid];
  if (legacy) {
    const [saltT, iterT] = seq(paramsT, 'PBEParameter', BER);
    const salt = octets(expect(saltT, Tag.OCTET_STRING, 'salt'));
    const it = iterationsOf(iterT);
    const key = pkcs12Kdf(password, salt, 1, it, legacy.keyLen, 'sha1');
    const iv = pkcs12Kdf(password, salt, 2, it, 8, 'sha1');
    return legacy.cipher === 'rc2' ? rc2Decrypt(key, iv, data) : decipher(legacy.cipher, key, iv, data);
  }
  if (algOid !== P.pbes2) throw unsupported(`encryption ${algOid}`);
  const [kdfT, schemeT] = seq(paramsT, 'PBES2-params', BER);
  const [kdfOidT, kdfParamsT] = seq(kdfT, 'keyDerivationFunc', BER);
  if (oid(kdfOidT) !== P.pbkdf2) throw unsupported(`key derivation ${oid(kdfOidT)}`);
  const kdfFields = seq(kdfParamsT, 'PBKDF2-params', BER);
  const salt = content(expect(kdfFields[0], Tag.OCTET_STRING, 'salt'));
  const it = iterationsOf(kdfFields[1]);
  let keyLength: number | null = null;
  let prf = 'sha1';
  for (const f of kdfFields.slice(2)) {
    if (f.tag === Tag.INTEGER) keyLength = integerNumber(f);
    else {
      const prfOid = oid(seq(f, 'prf', BER)[0]);
      const p = PRFS[prfOid];
      if (!p) throw unsupported(`PRF ${prfOid}`);
      prf = p;
    }
  }
  const [cipherOidT, ivT] = seq(schemeT, 'encryptionScheme', BER);
  const cipherOid = oid(cipherOidT);
  const cipher = PBES2_CIPHERS[cipherOid];
  if (!cipher) throw unsupported(`cipher ${cipherOid}`);
  if (keyLength !== null && keyLength !== cipher.keyLen) throw new Asn1Error('keyLength does not fit the cipher');
  const iv = content(expect(ivT, Tag.OCTET_STRING, 'iv'));
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, it, cipher.keyLen, prf);
  return decipher(cipher.name, key, iv, data);
}

function pbes2Encrypt(plain: Buffer, password: string, iterations: number): { alg: Buffer; ciphertext: Buffer } {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const c = createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([c.update(plain), c.final()]);
  const alg = der.seq(
    der.oid(P.pbes2),
    der.seq(
      der.seq(der.oid(P.pbkdf2), der.seq(der.octetString(salt), der.int(iterations), der.seq(der.oid(P.hmacWithSHA256), der.null()))),
      der.seq(der.oid(P.aes256cbc), der.octetString(iv)),
    ),
  );
  return { alg, ciphertext };
}

/** pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292 C): the legacy PBE every PKCS#12 reader knows. */
function pkcs12TripleDesEncrypt(plain: Buffer, password: string, iterations: number): { alg: Buffer; ciphertext: Buffer } {
  const salt = randomBytes(8);
  const key = pkcs12Kdf(password, salt, 1, iterations, 24, 'sha1');
  const iv = pkcs12Kdf(password, salt, 2, iterations, 8, 'sha1');
  const c = createCipheriv('des-ede3-cbc', key, iv);
  const ciphertext = Buffer.concat([c.update(plain), c.final()]);
  return { alg: der.seq(der.oid(P.pbeWithSHAAnd3KeyTripleDESCBC), der.seq(der.octetString(salt), der.int(iterations))), ciphertext };
}

// ---------------------------------------------------------------- import

export interface ImportedPfx {
  certDer: Buffer;
  privateKeyInfo: Buffer;
  chainDer: Buffer[];
  /** False when the key carries no randomNum: VID checks will not work with this copy. */
  hasRandomNum: boolean;
}

interface Bags {
  keys: { pki: Buffer; localKeyId: Buffer | null }[];
  certs: { der: Buffer; localKeyId: Buffer | null }[];
}

function verifyMac(macDataT: Tlv, authSafe: Buffer, password: string): void {
  const [digestInfoT, saltT, iterT] = seq(macDataT, 'MacData', BER);
  const [algT, macT] = seq(digestInfoT, 'DigestInfo', BER);
  const digestOid = oid(seq(algT, 'digestAlgorithm', BER)[0]);
  const hash = DIGESTS[digestOid];
  if (!hash) throw unsupported(`MAC digest ${digestOid}`);
  const expected = octets(expect(macT, Tag.OCTET_STRING, 'mac'));
  const salt = octets(expect(saltT, Tag.OCTET_STRING, 'macSalt'));
  const it = iterT ? iterationsOf(iterT) : 1;
  const keyLen = createHash(hash).digest().length;
  const mac = createHmac(hash, pkcs12Kdf(password, salt, 3, it, keyLen, hash))
    .update(authSafe)
    .digest();
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw new WrongPassword();
}

function bagLocalKeyId(attrsT: Tlv | undefined): Buffer | null {
  if (!attrsT) return null;
  for (const a of seq(attrsT, 'bagAttributes', BER, Tag.SET)) {
    const [typeT, valuesT] = seq(a, 'Attribute', BER);
    if (oid(typeT) !== P.localKeyId) continue;
    const [v] = seq(valuesT, 'attrValues', BER, Tag.SET);
    if (v) return Buffer.from(octets(v, BER));
  }
  return null;
}

function readSafeContents(bytes: Buffer, password: string, out: Bags, depth = 0): void {
  if (depth > 4) throw new Asn1Error('safe contents nested too deep');
  for (const bag of seq(parse(bytes, BER), 'SafeContents', BER)) {
    const [idT, valueWrapT, attrsT] = seq(bag, 'SafeBag', BER);
    const bagId = oid(idT);
    if (!valueWrapT || valueWrapT.tag !== 0xa0) throw new Asn1Error('SafeBag without value');
    const [valueT] = children(valueWrapT, BER);
    if (!valueT) throw new Asn1Error('empty bagValue');
    const localKeyId = bagLocalKeyId(attrsT);
    if (bagId === P.keyBag) {
      out.keys.push({ pki: Buffer.from(raw(valueT)), localKeyId });
    } else if (bagId === P.shroudedKeyBag) {
      const [algT, encT] = seq(valueT, 'EncryptedPrivateKeyInfo', BER);
      if (!algT || !encT) throw new Asn1Error('EncryptedPrivateKeyInfo incomplete');
      const enc = octets(encT, BER);
      out.keys.push({ pki: pbeDecrypt(algT, enc, password), localKeyId });
    } else if (bagId === P.certBag) {
      const [certTypeT, certWrapT] = seq(valueT, 'CertBag', BER);
      if (oid(certTypeT) !== P.x509Certificate) continue;
      const [certOctT] = children(expect(certWrapT, 0xa0, 'certValue'), BER);
      out.certs.push({ der: Buffer.from(octets(certOctT!, BER)), localKeyId });
    } else if (bagId === P.safeContentsBag) {
      readSafeContents(Buffer.from(raw(valueT)), password, out, depth + 1);
    }
    // CRL and secret bags are not needed.
  }
}

function readContentInfo(ci: Tlv, password: string, out: Bags): void {
  const [typeT, wrapT] = seq(ci, 'ContentInfo', BER);
  const type = oid(typeT);
  if (type === P.data) {
    const [octT] = children(expect(wrapT, 0xa0, 'content'), BER);
    readSafeContents(octets(octT!, BER), password, out);
  } else if (type === P.encryptedData) {
    const [edT] = children(expect(wrapT, 0xa0, 'content'), BER);
    const [, eciT] = seq(edT, 'EncryptedData', BER);
    const [, algT, encT] = seq(eciT, 'EncryptedContentInfo', BER);
    if (!encT || (encT.tag !== 0x80 && encT.tag !== 0xa0)) throw new Asn1Error('no encryptedContent');
    const enc = encT.tag === 0x80 ? content(encT) : Buffer.concat(children(encT, BER).map((c) => octets(c, BER)));
    readSafeContents(pbeDecrypt(algT!, enc, password), password, out);
  } else {
    throw unsupported(`content type ${type} (public-key protected PFX)`);
  }
}

function spkiOfKey(pki: Buffer): Buffer {
  try {
    return createPublicKey(createPrivateKey({ key: pki, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
  } catch {
    throw new WrongPassword();
  }
}

function normalizedSpki(spki: Buffer): Buffer {
  return createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ format: 'der', type: 'spki' });
}

export function importPfx(pfxDer: Buffer, password: string): ImportedPfx {
  try {
    const input = toDer(pfxDer);
    if (input.length > MAX_PFX_BYTES) throw new Asn1Error('file too large');
    const [versionT, authSafeCiT, macDataT] = seq(parse(input, BER), 'PFX', BER);
    if (integerNumber(versionT, 'version') !== 3) throw new Asn1Error('not PFX version 3');
    const [typeT, wrapT] = seq(authSafeCiT, 'authSafe', BER);
    if (oid(typeT) !== P.data) throw unsupported('public-key integrity protection');
    const [octT] = children(expect(wrapT, 0xa0, 'authSafe content'), BER);
    const authSafe = octets(octT!, BER);
    if (macDataT) verifyMac(macDataT, authSafe, password);
    const bags: Bags = { keys: [], certs: [] };
    for (const ci of seq(parse(authSafe, BER), 'AuthenticatedSafe', BER)) readContentInfo(ci, password, bags);

    const key = bags.keys[0];
    if (!key) throw damaged('no private key');
    const keySpki = spkiOfKey(key.pki);
    const leaf = bags.certs.find((c) => normalizedSpki(readCertificate(c.der).spki).equals(keySpki));
    if (!leaf) throw damaged('no certificate for the key');
    return {
      certDer: leaf.der,
      privateKeyInfo: key.pki,
      chainDer: bags.certs.filter((c) => c !== leaf).map((c) => c.der),
      hasRandomNum: readRandomNum(key.pki) !== null,
    };
  } catch (e) {
    if (e instanceof WrongPassword) throw wrongPassword();
    if (e instanceof DojangError) throw e;
    throw damaged(e instanceof Error ? e.message : String(e));
  }
}

// ---------------------------------------------------------------- export

export interface ExportPfxOptions {
  certDer: Buffer;
  /** The exact PrivateKeyInfo (with its randomNum attribute): encrypted byte for byte. */
  privateKeyInfo: Buffer;
  password: string;
  chainDer?: Buffer[];
  friendlyName?: string;
  /** PBKDF2 and MAC iterations; at least 2048 (the default, as OpenSSL 3). */
  iterations?: number;
  /** 'modern' (default): PBES2/AES-256 + HMAC-SHA256; 'legacy': 3DES + HMAC-SHA1 for old readers. */
  format?: PfxFormat;
}

export type PfxFormat = 'modern' | 'legacy';

function attribute(type: string, value: Buffer): Buffer {
  return der.seq(der.oid(type), der.setOf(value));
}

export function exportPfx(opts: ExportPfxOptions): Buffer {
  const iterations = opts.iterations ?? MIN_EXPORT_ITERATIONS;
  if (!Number.isSafeInteger(iterations) || iterations < MIN_EXPORT_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new DojangError('INVALID_REQUEST', 'pfx.iterationsRange', { min: MIN_EXPORT_ITERATIONS, max: MAX_ITERATIONS });
  }
  if (opts.password.length === 0) {
    throw new DojangError('INVALID_REQUEST', 'pfx.passwordNeeded');
  }
  const certDer = readCertificate(opts.certDer).der;
  if (!spkiOfKeyOrDamaged(opts.privateKeyInfo).equals(normalizedSpki(readCertificate(certDer).spki))) {
    throw new DojangError('INVALID_REQUEST', 'pfx.keyNotForCertificate');
  }
  const localKeyId = createHash('sha1').update(certDer).digest();
  const leafAttrs = [attribute(P.localKeyId, der.octetString(localKeyId))];
  if (opts.friendlyName) leafAttrs.push(attribute(P.friendlyName, der.bmp(opts.friendlyName)));
  const leafAttrSet = der.setOf(...leafAttrs);

  const legacy = opts.format === 'legacy';
  const encrypt = legacy ? pkcs12TripleDesEncrypt : pbes2Encrypt;
  const key = encrypt(opts.privateKeyInfo, opts.password, iterations);
  const shrouded = der.seq(der.oid(P.shroudedKeyBag), der.explicit(0, der.seq(key.alg, der.octetString(key.ciphertext))), leafAttrSet);
  const certBag = (c: Buffer, attrs: Buffer | null): Buffer =>
    der.seq(der.oid(P.certBag), der.explicit(0, der.seq(der.oid(P.x509Certificate), der.explicit(0, der.octetString(c)))), ...(attrs ? [attrs] : []));
  const certSafe = der.seq(certBag(certDer, leafAttrSet), ...(opts.chainDer ?? []).map((c) => certBag(readCertificate(c).der, null)));
  const certs = encrypt(certSafe, opts.password, iterations);
  const certCi = der.seq(der.oid(P.encryptedData), der.explicit(0, der.seq(der.int(0), der.seq(der.oid(P.data), certs.alg, der.implicitPrimitive(0, certs.ciphertext)))));
  const keyCi = der.seq(der.oid(P.data), der.explicit(0, der.octetString(der.seq(shrouded))));
  const authSafe = der.seq(certCi, keyCi);

  const macSalt = randomBytes(legacy ? 8 : 16);
  const [macHash, macLen, macOid] = legacy ? (['sha1', 20, P.sha1] as const) : (['sha256', 32, P.sha256] as const);
  const mac = createHmac(macHash, pkcs12Kdf(opts.password, macSalt, 3, iterations, macLen, macHash))
    .update(authSafe)
    .digest();
  return der.seq(
    der.int(3),
    der.seq(der.oid(P.data), der.explicit(0, der.octetString(authSafe))),
    der.seq(der.seq(der.seq(der.oid(macOid), der.null()), der.octetString(mac)), der.octetString(macSalt), der.int(iterations)),
  );
}

function spkiOfKeyOrDamaged(pki: Buffer): Buffer {
  try {
    return spkiOfKey(pki);
  } catch {
    throw new DojangError('INVALID_REQUEST', 'pfx.keyUnreadable');
  }
}

// ---------------------------------------------------------------- into an NPKI folder

/**
 * A DN folder name (`cn=…,ou=…,o=yessign,c=kr`, SPEC §1.1) made safe as one path segment on
 * Windows, macOS and Linux: no separators, no reserved characters, no control characters,
 * never `.`/`..`, never a reserved device name, at most 150 UTF-8 bytes.
 */
export function safeFolderName(display: string): string {
  // eslint-disable-next-line no-control-regex
  let s = display.normalize('NFC').replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_');
  s = s.replace(/[. ]+$/g, '').replace(/^[ ]+/g, '');
  while (Buffer.byteLength(s, 'utf8') > 150) s = [...s].slice(0, -1).join('');
  s = s.replace(/[. ]+$/g, '');
  if (s === '' || /^\.+$/.test(s)) s = 'certificate';
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(s)) s = '_' + s;
  return s;
}

/** The NPKI style of a subject DN: lowercase types, most specific first, values unescaped. */
function npkiDnFolder(certDer: Buffer): string {
  const { subject } = readCertificate(certDer);
  return [...subject.rdns]
    .reverse()
    .map((rdn) => rdn.map((a) => `${a.type.toLowerCase()}=${a.value}`).join('+'))
    .join(',');
}

export interface ImportToFolderResult {
  /** The USER/<DN> folder written. */
  path: string;
  hasRandomNum: boolean;
  /** Set when the imported copy cannot be used for identity checks. */
  warning?: MessageKey;
}

export interface PfxKeyFile {
  certDer: Buffer;
  /** signPri.key: seedCBCWithSHA1, 2048 iterations. */
  encryptedKey: Buffer;
  hasRandomNum: boolean;
}

export type PfxToKeyFile = (pfxDer: Buffer, password: string, newPassword: string | undefined) => PfxKeyFile | Promise<PfxKeyFile>;

/** The PFX's certificate and its key as an NPKI key file (the CPU-heavy part of an import). */
export function pfxToKeyFile(pfxDer: Buffer, password: string, newPassword: string | undefined): PfxKeyFile {
  const imported = importPfx(pfxDer, password);
  try {
    const encryptedKey = encryptPrivateKey(imported.privateKeyInfo, newPassword ?? password, { scheme: 'seedCBCWithSHA1', iterations: 2048 });
    return { certDer: imported.certDer, encryptedKey, hasRandomNum: imported.hasRandomNum };
  } finally {
    imported.privateKeyInfo.fill(0);
  }
}

/**
 * Imports a PFX as `<targetRoot>/NPKI/<CA>/USER/<DN>/signCert.der + signPri.key`
 * (seedCBCWithSHA1, 2048 iterations), each file written atomically.
 * The key is protected by `newPassword` when given (it must pass the 공동인증서 password rules),
 * else by the PFX password.
 */
export async function importPfxToFolder(
  pfxPath: string,
  password: string,
  newPassword: string | undefined,
  targetRoot: string,
  opts: { overwrite?: boolean; convert?: PfxToKeyFile } = {},
): Promise<ImportToFolderResult> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(pfxPath);
  } catch (e) {
    throw fileSystemError(e, 'read');
  }
  if (newPassword !== undefined) {
    const broken = passwordRulesError(newPassword);
    if (broken) {
      throw broken;
    }
  }
  const imported = await (opts.convert ?? pfxToKeyFile)(bytes, password, newPassword);
  const info = parseCertificate(imported.certDer);
  const caFolder =
    info.ca?.id ??
    safeFolderName(
      readCertificate(imported.certDer)
        .issuer.rdns.flat()
        .find((a) => a.type === 'O')?.value ?? 'etc',
    );
  const folder = join(targetRoot, 'NPKI', caFolder, 'USER', safeFolderName(npkiDnFolder(imported.certDer)));
  const certPath = join(folder, 'signCert.der');
  const keyPath = join(folder, 'signPri.key');
  if (!opts.overwrite && (existsSync(certPath) || existsSync(keyPath))) {
    throw new DojangError('CONFLICT', 'pfx.alreadyThere');
  }
  const { encryptedKey } = imported;
  const createdFolder = !existsSync(folder);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (e) {
    throw fileSystemError(e, 'write');
  }
  try {
    await writeFileAtomic(keyPath, encryptedKey, 0o600);
    await writeFileAtomic(certPath, imported.certDer, 0o644);
  } catch (e) {
    if (createdFolder) rmSync(folder, { recursive: true, force: true });
    throw e;
  }
  return {
    path: folder,
    hasRandomNum: imported.hasRandomNum,
    ...(imported.hasRandomNum
      ? {}
      : {
          warning: 'pfx.noRandomNum' as const,
        }),
  };
}

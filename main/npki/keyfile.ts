/**
 * NPKI private key files (signPri.key, kmPri.key): open, re-encrypt, change the password.
 *
 * A key file opens only when its decrypted PrivateKeyInfo parses AND its public key matches the
 * certificate's (SPEC §1.2). Failures say what is most likely: bad padding or a plaintext that is
 * no PrivateKeyInfo is WRONG_PASSWORD (a wrong password, or damage no one can tell from it);
 * a PrivateKeyInfo that parses — the password was right — but whose key is broken is
 * KEY_DAMAGED, and a sound key of another certificate is KEY_MISMATCH.
 * Re-encryption always encrypts the exact decrypted bytes, so attributes such as randomNum
 * (needed for VID) survive byte for byte.
 */
import { X509Certificate, createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { DojangError } from '../../common/errors.js';
import { toDer } from '../../common/pki/asn1.js';
import { fileSystemError, writeFileAtomic } from './atomic-write.js';
import {
  MAX_KEY_FILE_BYTES,
  MAX_KEY_ITERATIONS,
  buildEncryptedKey,
  fileDamaged,
  parseEncryptedKey,
  type EncryptedKey,
  type KeyCipher,
  type KeyPrf,
  type KeyProtection,
  type KeyScheme,
} from './keyfile-format.js';
import { decryptKeyData, encryptKeyData } from './keyfile-pbe.js';
import { keyFit, privateKeyInfoAttributes, randomNumOf } from './keyfile-pki.js';
import { passwordRulesError } from './password-rules.js';
import { parseCertificate } from '../../common/pki/certificate.js';

export type { KeyCipher, KeyPrf, KeyProtection, KeyScheme } from './keyfile-format.js';
export { MAX_KEY_ITERATIONS } from './keyfile-format.js';

/** What the CAs issue (yessign 2048; KICA uses 1024): our default for new files. */
export const DEFAULT_KEY_ITERATIONS = 2048;
/** Salt length of new files: 8 bytes, as in every CA-issued file seen (SPEC §1.2). */
export const KEY_SALT_BYTES = 8;

function wrongPassword(reason: string): DojangError {
  return new DojangError('WRONG_PASSWORD', 'key.wrongPassword', {}, { reason });
}

function keyDamaged(reason: string): DojangError {
  return new DojangError('KEY_DAMAGED', 'key.damaged', {}, { reason });
}

function keyMismatch(): DojangError {
  return new DojangError('KEY_MISMATCH', 'key.mismatch');
}

function isPrivateKeyInfo(pki: Buffer): boolean {
  try {
    privateKeyInfoAttributes(pki);
    return true;
  } catch {
    return false;
  }
}

/** Accepts DER, or PEM as OpenSSL writes it. */
function keyDer(input: Buffer): Buffer {
  if (input.length > MAX_KEY_FILE_BYTES) throw fileDamaged('file too large');
  return input.length > 0 && input[0] !== 0x30 ? toDer(input) : input;
}

/**
 * Decrypts a key file with `password`. Succeeds when the plaintext is a well-formed PrivateKeyInfo;
 * use {@link unlockKey} to also check it against the certificate.
 * Throws DojangError WRONG_PASSWORD, FILE_DAMAGED or UNSUPPORTED_ALGORITHM.
 */
export function decryptPrivateKey(encryptedKeyDer: Buffer, password: string): { privateKeyInfo: Buffer; protection: KeyProtection } {
  const parsed = parseEncryptedKey(keyDer(encryptedKeyDer));
  let pki: Buffer;
  try {
    pki = decryptKeyData(parsed, password);
  } catch (e) {
    if (e instanceof DojangError && e.code === 'FILE_DAMAGED') throw wrongPassword('padding');
    throw e;
  }
  if (!isPrivateKeyInfo(pki)) {
    pki.fill(0);
    throw wrongPassword('not a PrivateKeyInfo');
  }
  return { privateKeyInfo: pki, protection: { ...parsed.protection } };
}

export interface EncryptOptions {
  scheme: KeyScheme;
  iterations?: number;
  /** PBES2 only (default HMAC-SHA1, what NPKI software expects). */
  prf?: KeyPrf;
  /** PBES2 only (default SEED-CBC); the PBKDF1 schemes are SEED-CBC by definition. */
  cipher?: KeyCipher;
}

/**
 * Encrypts the exact PrivateKeyInfo bytes with a fresh random salt (and IV for PBES2), then
 * decrypts the result once to prove it opens before anyone writes it anywhere.
 */
export function encryptPrivateKey(privateKeyInfo: Buffer, password: string, opts: EncryptOptions): Buffer {
  if (!isPrivateKeyInfo(privateKeyInfo)) throw new DojangError('INVALID_REQUEST', 'key.notPrivateKeyInfo');
  const iterations = opts.iterations ?? DEFAULT_KEY_ITERATIONS;
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_KEY_ITERATIONS) {
    throw new DojangError('INVALID_REQUEST', 'key.iterationsRange', { max: MAX_KEY_ITERATIONS });
  }
  const salt = randomBytes(KEY_SALT_BYTES);
  let key: Omit<EncryptedKey, 'encryptedData'>;
  if (opts.scheme === 'pbes2') {
    key = {
      protection: {
        scheme: 'pbes2',
        iterations,
        saltHex: salt.toString('hex'),
        prf: opts.prf ?? 'sha1',
        cipher: opts.cipher ?? 'seed-cbc',
      },
      salt,
      iv: randomBytes(16),
    };
  } else {
    if (opts.prf || (opts.cipher && opts.cipher !== 'seed-cbc')) {
      throw new DojangError('INVALID_REQUEST', 'key.schemeIsSeed', { scheme: opts.scheme });
    }
    key = { protection: { scheme: opts.scheme, iterations, saltHex: salt.toString('hex'), cipher: 'seed-cbc' }, salt, iv: null };
  }
  const encryptedData = encryptKeyData(key, password, privateKeyInfo);
  const out = buildEncryptedKey({ ...key, encryptedData });

  const check = decryptPrivateKey(out, password).privateKeyInfo;
  const same = check.equals(privateKeyInfo);
  check.fill(0);
  if (!same) throw new DojangError('INTERNAL', 'key.reencryptFailed');
  return out;
}

export interface UnlockedKey {
  privateKeyInfo: Buffer;
  protection: KeyProtection;
  randomNum: Buffer | null;
  privateKey: KeyObject;
}

/**
 * The certificate's public key. The certificate is first read by the same parser as `show` and
 * the list (certificate.ts), so a file they call damaged is damaged here too, with the same
 * error (issue 12: OpenSSL alone accepted trailing bytes and odd encodings).
 */
function certificatePublicKey(certDer: Buffer): KeyObject {
  parseCertificate(certDer);
  try {
    return new X509Certificate(certDer).publicKey;
  } catch {
    throw new DojangError('FILE_DAMAGED', 'certificate.unreadable', {}, { reason: 'certificate' });
  }
}

/**
 * Opens a key file for its certificate: decrypts, parses, and checks that the key is the
 * certificate's. Throws DojangError WRONG_PASSWORD (wrong password, most likely), KEY_DAMAGED (the
 * password opened it but the key inside is broken), KEY_MISMATCH (a key of another certificate),
 * FILE_DAMAGED (malformed key file or certificate) or UNSUPPORTED_ALGORITHM.
 */
export function unlockKey(certDer: Buffer, encryptedKeyDer: Buffer, password: string): UnlockedKey {
  const certKey = certificatePublicKey(certDer); // before the slow part
  const { privateKeyInfo, protection } = decryptPrivateKey(encryptedKeyDer, password);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: privateKeyInfo, format: 'der', type: 'pkcs8' });
  } catch {
    privateKeyInfo.fill(0);
    throw keyDamaged('key does not load');
  }
  let fit: 'match' | 'mismatch' | 'damaged';
  try {
    fit = keyFit(privateKey, certKey);
  } catch {
    fit = 'damaged';
  }
  if (fit !== 'match') {
    privateKeyInfo.fill(0);
    throw fit === 'damaged' ? keyDamaged('key parts disagree') : keyMismatch();
  }
  return { privateKeyInfo, protection, randomNum: readRandomNum(privateKeyInfo), privateKey };
}

/**
 * The randomNum attribute (1.2.410.200004.10.1.1.3) of a decrypted PrivateKeyInfo: the BIT
 * STRING's bytes, or null when there is none. Throws FILE_DAMAGED for a malformed PrivateKeyInfo.
 */
export function readRandomNum(privateKeyInfo: Buffer): Buffer | null {
  try {
    return randomNumOf(privateKeyInfo);
  } catch (e) {
    throw fileDamaged(e instanceof Error ? e.message : 'randomNum');
  }
}

async function readKeyFile(keyPath: string): Promise<Buffer> {
  try {
    const info = await stat(keyPath);
    if (info.size > MAX_KEY_FILE_BYTES) throw fileDamaged('file too large');
    return await readFile(keyPath);
  } catch (e) {
    throw fileSystemError(e, 'read');
  }
}

export type ReencryptKey = (certDer: Buffer, encryptedKeyDer: Buffer, oldPassword: string, newPassword: string, scheme: 'same' | 'pbes2-seed') => Buffer | Promise<Buffer>;

/** The key file's bytes under `newPassword` (the CPU-heavy part of a password change; see changeKeyPassword). */
export function reencryptKey(certDer: Buffer, encryptedKeyDer: Buffer, oldPassword: string, newPassword: string, scheme: 'same' | 'pbes2-seed'): Buffer {
  const { privateKeyInfo, protection } = unlockKey(certDer, encryptedKeyDer, oldPassword);
  try {
    const target: EncryptOptions =
      scheme === 'pbes2-seed'
        ? { scheme: 'pbes2', prf: 'sha1', cipher: 'seed-cbc', iterations: Math.max(protection.iterations, DEFAULT_KEY_ITERATIONS) }
        : {
            scheme: protection.scheme,
            iterations: protection.iterations,
            ...(protection.scheme === 'pbes2' ? { prf: protection.prf, cipher: protection.cipher } : {}),
          };
    return encryptPrivateKey(privateKeyInfo, newPassword, target);
  } finally {
    privateKeyInfo.fill(0);
  }
}

/**
 * Changes a key file's password in place, atomically. Checks the new password against the
 * rules first (PASSWORD_RULES, messages one per line), then unlocks with the old one. 'same'
 * keeps the file's scheme, cipher, PRF and iteration count; 'pbes2-seed' rewrites it as
 * PBES2 / PBKDF2-HMAC-SHA1 / SEED-CBC (the form of renewed certificates) with at least
 * {@link DEFAULT_KEY_ITERATIONS} iterations. Salt and IV are always fresh.
 */
export async function changeKeyPassword(
  keyPath: string,
  certDer: Buffer,
  oldPassword: string,
  newPassword: string,
  opts: { scheme?: 'same' | 'pbes2-seed'; reencrypt?: ReencryptKey } = {},
): Promise<KeyProtection> {
  const broken = passwordRulesError(newPassword);
  if (broken) {
    throw broken;
  }
  const original = await readKeyFile(keyPath);
  const next = await (opts.reencrypt ?? reencryptKey)(certDer, original, oldPassword, newPassword, opts.scheme ?? 'same');
  // Someone may have replaced the file while we worked (another app, another window).
  if (!(await readKeyFile(keyPath)).equals(original)) {
    throw new DojangError('CONFLICT', 'key.changedMeanwhile');
  }
  await writeFileAtomic(keyPath, next, 0o600);
  return parseEncryptedKey(next).protection;
}

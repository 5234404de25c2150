/**
 * Where the cloud's own secrets live. Two forms, one interface:
 *  - PKCS#11 (pkcs11-keys.ts): an HSM holds the CA private keys (they sign inside it), the AES
 *    wrapping keys (one per version) and the HMAC "pepper" keys. Nothing in the data folder or
 *    the database opens without it. Production.
 *  - A master key file or variable (file-keys.ts): every key derived from 32 bytes in memory.
 *    Only for the local development cloud; it says so in the log.
 * Wrapped blobs name their key version (versioned-wrap in keys.ts), so the wrapping key can be
 * rotated online.
 */

/** A key the service needs is not where keys are kept (the HSM): another token, label prefix or module. */
export class KeyMissing extends Error {
  override name = 'KeyMissing';
}

/** sha256WithRSAEncryption (PKCS#1 v1.5) over `data`. */
export type Signer = (data: Buffer) => Promise<Buffer>;

export type CaRole = 'root' | 'issuing';

export interface CaKey {
  /** SubjectPublicKeyInfo, DER. */
  spki: Buffer;
  sign: Signer;
}

export interface KeyService {
  readonly kind: 'pkcs11' | 'file';
  /** HMAC-SHA256 under the pepper key: PIN verifiers, SMS codes, RA authorization codes. */
  pepper(data: Buffer): Buffer;
  /** HMAC-SHA256 under the IDN look-up key (find a person by IDN without storing it). */
  idnLookup(data: Buffer): Buffer;
  /** A check value stored in the database: detects an instance started with other keys. */
  kcv(): Buffer;
  /**
   * Makes the pepper and IDN look-up keys where keys are made (the HSM; the file form derives
   * them), idempotent. Called only by the first start, under the bootstrap lock: instances that
   * start at once on a fresh token would otherwise each make a key of the same name, and the
   * second would find its PIN verifiers and check value under a key the others do not use.
   */
  createHmacKeys(): void;
  /** Makes wrapping key `version` (idempotent). */
  createWrapVersion(version: number): void;
  /** Destroys wrapping key `version`: blobs still under it no longer open. */
  destroyWrapVersion(version: number): void;
  /** AES-GCM under wrapping key `version`, bound to `aad`. */
  wrap(version: number, plaintext: Buffer, aad: string): Buffer;
  /** Throws when the version is unknown, or the key, AAD or blob is wrong. */
  unwrap(version: number, blob: Buffer, aad: string): Buffer;
  /**
   * A new CA key pair. With an HSM it is made inside and never leaves (sealed = null); the file
   * form answers the private key for the caller to seal into the database.
   */
  generateCaKey(role: CaRole): Promise<{ key: CaKey; pkcs8: Buffer | null }>;
  /** The CA key: from the HSM by label, or (file form) from the PKCS#8 the caller unsealed. */
  loadCaKey(role: CaRole, pkcs8: Buffer | null): CaKey;
  close(): void;
}

/**
 * AES-256-GCM sealing used for every secret at rest. Format: 0x01 ‖ IV (12) ‖ tag (16) ‖ ciphertext.
 * The AAD names what the blob is and whose it is ("key|<credential id>"), so a blob copied into
 * another row does not open. The signing worker (sign-pool.ts) carries a copy of `open` in
 * plain JavaScript: keep the two in step (a test seals here and opens there).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 0x01;
const IV_LEN = 12;
const TAG_LEN = 16;

export class SealError extends Error {
  override name = 'SealError';
}

export function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  if (key.length !== 32) throw new SealError('key must be 32 bytes');
  const iv = randomBytes(IV_LEN);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, c.getAuthTag(), ct]);
}

/** Throws SealError when the key, the AAD or the blob is wrong. */
export function open(key: Buffer, blob: Buffer, aad: string): Buffer {
  if (key.length !== 32) throw new SealError('key must be 32 bytes');
  if (blob.length < 1 + IV_LEN + TAG_LEN || blob[0] !== VERSION) throw new SealError('not a sealed blob');
  const iv = blob.subarray(1, 1 + IV_LEN);
  const tag = blob.subarray(1 + IV_LEN, 1 + IV_LEN + TAG_LEN);
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(tag);
  try {
    return Buffer.concat([d.update(blob.subarray(1 + IV_LEN + TAG_LEN)), d.final()]);
  } catch {
    throw new SealError('wrong key or damaged blob');
  }
}

/** AAD labels, in one place. */
export const AAD = {
  userKey: (credentialId: string) => `key|${credentialId}`,
  dkMaster: (credentialId: string) => `dk-master|${credentialId}`,
  dkPin: (credentialId: string) => `dk-pin|${credentialId}`,
  sadDk: (credentialId: string) => `sad-dk|${credentialId}`,
  sad: (credentialId: string) => `sad|${credentialId}`,
  caKey: (role: string) => `ca|${role}`,
  idn: (personId: string) => `idn|${personId}`,
} as const;

/**
 * The key a SAD token opens its wrap with: HKDF-SHA256 (RFC 5869) of the token, salt "dojang-cloud",
 * info "sad", 32 bytes — one output block, so extract and expand are two HMACs. Written out because
 * hkdfSync sets up a KDF job per call and costs twice as much on the signing hot path (a test
 * compares the two).
 */
const SAD_INFO_BLOCK = Buffer.from('sad\x01', 'latin1');
export function sadKey(token: string): Buffer {
  const prk = createHmac('sha256', 'dojang-cloud').update(token, 'utf8').digest();
  return createHmac('sha256', prk).update(SAD_INFO_BLOCK).digest();
}

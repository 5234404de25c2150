/**
 * Envelope encryption of a user's private key. Three layers, each protecting against something:
 *
 *   key_sealed = AES-GCM(DK, private key as JWK)         DK: a random 256-bit data key
 *   inner      = AES-GCM(KEK_pin, DK)                    KEK_pin: scrypt(PIN) (crypto/pin.ts)
 *   dk_sealed  = wrap(inner)                             wrap: AES-GCM inside the HSM (keys/)
 *
 * - A database dump or a copy of the data folder: every layer is closed (no HSM, no PIN).
 * - With the HSM's help but no PIN: 10^6 PINs × scrypt(2^15) × one HSM HMAC per guess, through
 *   the HSM only (the verifier's pepper never leaves it).
 * - The outer layer is the HSM's, so a new wrapping key version re-wraps dk_sealed without
 *   any PIN (keys/rotation.ts).
 * - A live SAD: at authorize time the layers are opened once and DK is re-wrapped by the HSM
 *   and sealed under a key derived from the SAD token (sads.key_wrap). The database keeps only
 *   the token's hash, so signing needs the token (held by the client), the HSM and an unused,
 *   unexpired SAD row. The user's RSA key itself is used in the signing workers, in memory,
 *   not inside the HSM (one HSM unwrap per signing request).
 * A forgotten PIN cannot be recovered by design: unlock and reissue make a new key pair.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import type { Keys } from '../keys/keys.js';
import { AAD, open, sadKey, seal } from './envelope.js';

export interface SealedUserKey {
  keySealed: Buffer;
  dkSealed: Buffer;
}

export function sealUserKey(credentialId: string, privateKey: KeyObject, keys: Keys, pinKek: Buffer): SealedUserKey {
  const dk = randomBytes(32);
  const jwk = Buffer.from(JSON.stringify(privateKey.export({ format: 'jwk' })), 'utf8');
  const keySealed = seal(dk, jwk, AAD.userKey(credentialId));
  jwk.fill(0);
  const inner = seal(pinKek, dk, AAD.dkPin(credentialId));
  dk.fill(0);
  return { keySealed, dkSealed: keys.seal(inner, AAD.dkMaster(credentialId)) };
}

/** Opens the HSM and PIN layers and re-wraps the data key for one SAD token. */
export function sadWrap(credentialId: string, dkSealed: Buffer, pinKek: Buffer, sadToken: string, keys: Keys): Buffer {
  const dk = open(pinKek, keys.open(dkSealed, AAD.dkMaster(credentialId)), AAD.dkPin(credentialId));
  try {
    return seal(sadKey(sadToken), keys.seal(dk, AAD.sadDk(credentialId)), AAD.sad(credentialId));
  } finally {
    dk.fill(0);
  }
}

/** The data key behind a SAD (sads.key_wrap), for the signing workers. */
export function sadDataKey(credentialId: string, keyWrap: Buffer, sadToken: string, keys: Keys): Buffer {
  return keys.open(open(sadKey(sadToken), keyWrap, AAD.sad(credentialId)), AAD.sadDk(credentialId));
}

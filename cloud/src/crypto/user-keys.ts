/**
 * Envelope encryption of a user's private key. Three layers, each protecting against something:
 *
 *   key_sealed = AES-GCM(DK, private key as JWK)         DK: a random 256-bit data key
 *   inner      = AES-GCM(wrap, DK)                        wrap: derived from the master key
 *   dk_sealed  = AES-GCM(KEK_pin, inner)                  KEK_pin: scrypt(PIN) (crypto/pin.ts)
 *
 * - A database dump alone: every layer is closed (no master key, no PIN).
 * - Master key + dump: still needs the PIN; 10^6 PINs × scrypt(2^15) ≈ 20 core-hours per
 *   credential — a brake on mass abuse, not a wall (a 6-digit PIN cannot be more).
 * - A live SAD: at authorize time the PIN layer is opened once and `inner` is re-sealed under a
 *   key derived from the SAD token (sads.key_wrap). The database keeps only the token's hash, so
 *   signing needs the token (held by the client), the master key (held by the service) and an
 *   unused, unexpired SAD row — any instance can sign, none keeps keys in memory between requests
 *   except the signing workers' short-lived parsed-key cache.
 * A forgotten PIN cannot be recovered by design: unlock and reissue make a new key pair.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { AAD, open, sadKey, seal } from './envelope.js';

export interface SealedUserKey {
  keySealed: Buffer;
  dkSealed: Buffer;
}

export function sealUserKey(credentialId: string, privateKey: KeyObject, wrapKey: Buffer, pinKek: Buffer): SealedUserKey {
  const dk = randomBytes(32);
  const jwk = Buffer.from(JSON.stringify(privateKey.export({ format: 'jwk' })), 'utf8');
  const keySealed = seal(dk, jwk, AAD.userKey(credentialId));
  jwk.fill(0);
  const inner = seal(wrapKey, dk, AAD.dkMaster(credentialId));
  dk.fill(0);
  return { keySealed, dkSealed: seal(pinKek, inner, AAD.dkPin(credentialId)) };
}

/** Opens the PIN layer and re-seals the inner blob for one SAD token. */
export function sadWrap(credentialId: string, dkSealed: Buffer, pinKek: Buffer, sadToken: string): Buffer {
  const inner = open(pinKek, dkSealed, AAD.dkPin(credentialId));
  return seal(sadKey(sadToken), inner, AAD.sad(credentialId));
}

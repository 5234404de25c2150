/** Random secrets handed to clients, and how they are stored (hashed) and compared (timing-safe). */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function randomToken(prefix: string, bytes = 32): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

/** High-entropy tokens are stored as SHA-256 (hex): a slow hash adds nothing at 256 bits. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** HMAC-SHA256 under the pepper key, which stays in the key service (an HSM in production). */
export interface Pepper {
  pepper(data: Buffer): Buffer;
}

/** Low-entropy secrets (codes) are stored as HMAC under the pepper, bound to their context. */
export function pepperedHash(p: Pepper, context: string, secret: string): Buffer {
  return p.pepper(Buffer.concat([Buffer.from(context, 'utf8'), Buffer.from([0]), Buffer.from(secret, 'utf8')]));
}

export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function randomDigits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(randomInt(10));
  return s;
}

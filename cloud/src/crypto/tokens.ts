/** Random secrets handed to clients, and how they are stored (hashed) and compared (timing-safe). */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function randomToken(prefix: string, bytes = 32): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

/** High-entropy tokens are stored as SHA-256 (hex): a slow hash adds nothing at 256 bits. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Low-entropy secrets (codes) are stored as HMAC under the pepper, bound to their context. */
export function pepperedHash(pepper: Buffer, context: string, secret: string): Buffer {
  return createHmac('sha256', pepper).update(context, 'utf8').update('\0').update(secret, 'utf8').digest();
}

export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function randomDigits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(randomInt(10));
  return s;
}

/**
 * The 6-digit PIN: which ones are refused, and how it is turned into a verifier and a key.
 *
 * scrypt(PIN, salt 16 bytes, N = 2^15, r = 8, p = 1) → 64 bytes (32 MiB, about 70 ms on one core):
 *  - bytes 0..31 → verifier = HMAC-SHA256(pepper, ·), stored; the pepper key stays in the key
 *    service (an HSM), so a database dump or data-folder copy alone cannot even test a guess;
 *  - bytes 32..63 → the key that wraps the credential's data key (the PIN layer).
 * The cost is stored per credential ("scrypt:15:8:1") so it can rise without a migration.
 */
import { randomBytes, scrypt } from 'node:crypto';
import { CloudError } from '../errors.js';
import { safeEqual, type Pepper } from './tokens.js';

export const DEFAULT_PIN_COST = 15;

export interface PinKdf {
  log2N: number;
  r: number;
  p: number;
}

export function formatKdf(k: PinKdf): string {
  return `scrypt:${k.log2N}:${k.r}:${k.p}`;
}

export function parseKdf(s: string): PinKdf {
  const m = /^scrypt:(\d+):(\d+):(\d+)$/.exec(s);
  if (!m) throw new Error(`unknown PIN KDF ${s}`);
  return { log2N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
}

export interface PinMaterial {
  salt: Buffer;
  kdf: string;
  verifier: Buffer;
  /** Wraps the data key; never stored. */
  kek: Buffer;
}

function runScrypt(pin: string, salt: Buffer, k: PinKdf): Promise<Buffer> {
  const N = 2 ** k.log2N;
  return new Promise((resolve, reject) => scrypt(pin, salt, 64, { N, r: k.r, p: k.p, maxmem: 256 * N * k.r + 16 * 1024 * 1024 }, (err, out) => (err ? reject(err) : resolve(out))));
}

export async function derivePin(pin: string, pepper: Pepper, kdf: PinKdf, salt: Buffer = randomBytes(16)): Promise<PinMaterial> {
  const out = await runScrypt(pin, salt, kdf);
  return {
    salt,
    kdf: formatKdf(kdf),
    verifier: pepper.pepper(out.subarray(0, 32)),
    kek: out.subarray(32, 64),
  };
}

/** The PIN-layer key when `pin` matches the stored verifier, else null. */
export async function checkPin(pin: string, pepper: Pepper, stored: { salt: Buffer; kdf: string; verifier: Buffer }): Promise<Buffer | null> {
  const m = await derivePin(pin, pepper, parseKdf(stored.kdf), stored.salt);
  return safeEqual(m.verifier, stored.verifier) ? m.kek : null;
}

/**
 * Weak PINs (SPEC §2, assumed rules), refused with PIN_WEAK:
 *  - all the same digit (000000 … 999999);
 *  - a straight run up or down, also across 9→0 (123456, 654321, 890123, 109876);
 *  - a repeated pair or triple (121212, 123123);
 *  - the birth date: YYMMDD, MMDDYY, DDMMYY, or the PIN containing MMDD or YYYY.
 */
export function pinWeakness(pin: string, birthDate: string): string | null {
  if (!/^\d{6}$/.test(pin)) return 'The PIN must be exactly 6 digits.';
  const d = [...pin].map(Number);
  if (d.every((x) => x === d[0])) return 'The PIN may not be one digit repeated.';
  const steps = d.slice(1).map((x, i) => (x - d[i]! + 10) % 10);
  if (steps.every((s) => s === 1) || steps.every((s) => s === 9)) return 'The PIN may not be a run of consecutive digits.';
  if (pin.slice(0, 2).repeat(3) === pin || pin.slice(0, 3).repeat(2) === pin) return 'The PIN may not repeat a short pattern.';
  if (/^\d{8}$/.test(birthDate)) {
    const yyyy = birthDate.slice(0, 4);
    const yy = birthDate.slice(2, 4);
    const mm = birthDate.slice(4, 6);
    const dd = birthDate.slice(6, 8);
    if ([yy + mm + dd, mm + dd + yy, dd + mm + yy].includes(pin) || pin.includes(mm + dd) || pin.includes(yyyy)) {
      return 'The PIN may not contain your birth date.';
    }
  }
  return null;
}

export function assertStrongPin(pin: string, birthDate: string): void {
  const why = pinWeakness(pin, birthDate);
  if (why) throw new CloudError(/^\d{6}$/.test(pin) ? 'PIN_WEAK' : 'INVALID_REQUEST', `${why} Choose another PIN.`);
}

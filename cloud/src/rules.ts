/**
 * The service's rules (SPEC §2). Values marked (assumed) are not from an official text:
 * they live here, named, and nowhere else.
 */
import { DAY, MINUTE } from './clock.js';

export const RULES = {
  /** Certificate validity. */
  certYears: 3,
  /** Signing within this window before expiry marks the credential for renewal (assumed). */
  renewalWindowMs: 30 * DAY,
  /** Consecutive wrong PINs that lock a credential (assumed). */
  maxPinFailures: 5,
  /** Devices with an auto-connect token per person. */
  maxDevices: 5,
  /** A one-time connection (no 자동연결) lasts this long and counts as no device (assumed). */
  oneTimeSessionMs: 60 * MINUTE,
  /** SMS code lifetime and tries. */
  smsCodeTtlMs: 3 * MINUTE,
  smsCodeMaxTries: 5,
  /** RA registration (refNum/authCode) lifetime and tries (assumed). */
  registrationTtlMs: 7 * DAY,
  registrationMaxTries: 5,
  /** Signature Activation Data: lifetime and the most hashes one SAD may cover. */
  sadTtlMs: 5 * MINUTE,
  maxHashesPerSad: 100,
  /** Accounts, keys and devices unused this long are deleted. */
  dormancyMs: 365 * DAY,
  /** The CRL is reissued at least this often and announces the next one this far ahead. */
  crlIntervalMs: DAY,
  crlNextUpdateMs: 2 * DAY,
  /** OCSP answers are good for this long. */
  ocspValidityMs: DAY,
} as const;

/** Fixed-window rate limits kept in the database: `limit` events per `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface RateLimits {
  /** PIN checks (authorize, renew) per device and per person. */
  pinPerDevice: RateLimit;
  pinPerPerson: RateLimit;
  /** SMS codes sent per person and per client address. */
  smsPerPerson: RateLimit;
  smsPerAddress: RateLimit;
  /** Code / authCode guesses per client address (unauthenticated endpoints). */
  verifyPerAddress: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  pinPerDevice: { limit: 30, windowMs: MINUTE },
  pinPerPerson: { limit: 60, windowMs: MINUTE },
  smsPerPerson: { limit: 5, windowMs: 15 * MINUTE },
  smsPerAddress: { limit: 30, windowMs: 15 * MINUTE },
  verifyPerAddress: { limit: 60, windowMs: MINUTE },
};

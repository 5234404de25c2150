/** The CLI's exit codes (docs/cli.md). Scripts depend on them: never renumber. */
export const EXIT = {
  OK: 0,
  /** The check failed: wrong password, VID mismatch, invalid signature. */
  CHECK_FAILED: 1,
  USAGE: 2,
  /** Malformed or unsupported input. */
  BAD_INPUT: 3,
} as const;

import type { ErrorCode } from '../../preload/errors.js';

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'WRONG_PASSWORD':
    case 'KEY_DAMAGED':
    case 'KEY_MISMATCH':
    case 'VERIFY_FAILED':
    case 'PIN_WRONG':
    case 'PIN_LOCKED':
    case 'CERT_REVOKED':
    case 'CERT_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return EXIT.CHECK_FAILED;
    case 'INVALID_REQUEST':
    case 'PASSWORD_RULES':
      return EXIT.USAGE;
    default:
      return EXIT.BAD_INPUT;
  }
}

/** Thrown by a command that has printed its answer and must end with `code` (e.g. VID mismatch → 1). */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'CliExit';
  }
}

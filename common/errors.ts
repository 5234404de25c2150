import type { BridgeError, ErrorCode } from '../preload/errors.js';

/**
 * The one error type main-process modules throw for expected failures. Its message is
 * written for the user (no stack, no secret); `detail` stays in the main process.
 */
export class DojangError extends Error {
  readonly code: ErrorCode;
  readonly detail: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, detail?: Record<string, unknown>) {
    super(message);
    this.name = 'DojangError';
    this.code = code;
    this.detail = detail;
  }

  toBridge(): BridgeError {
    return { code: this.code, message: this.message };
  }
}

export function isDojangError(e: unknown): e is DojangError {
  return e instanceof DojangError;
}

import { formatMessage, type MessageKey, type MessageParams, type WireParams } from './messages/format.js';

/**
 * Error codes that cross the process boundary. Stable: the renderer maps each to a message
 * and the CLI to an exit code. Never add a stack or a secret to an error that crosses.
 */
export const ERROR_CODES = [
  'INVALID_REQUEST', // the call's arguments failed the schema
  'FORBIDDEN', // the caller is not the app's own page
  'NOT_FOUND',
  'WRONG_PASSWORD', // bad padding or no PrivateKeyInfo after decryption: a wrong password, most likely
  'KEY_DAMAGED', // the password decrypted a PrivateKeyInfo, but the key inside is broken
  'KEY_MISMATCH', // the password decrypted a sound key of another certificate
  'FILE_DAMAGED', // not DER, truncated, too large
  'UNSUPPORTED_ALGORITHM',
  'PASSWORD_RULES', // a new password breaks the 공동인증서 rules
  'PERMISSION_DENIED',
  'DISK_FULL',
  'READ_ONLY',
  'DRIVE_REMOVED',
  'CONFLICT',
  'CANCELLED',
  'CLOUD_UNREACHABLE',
  'CLOUD_NOT_CONNECTED', // no auto-connect token, or it was revoked elsewhere: connect again (SMS)
  'CODE_WRONG', // a wrong SMS code or registration authCode
  'CODE_EXPIRED', // the code expired, was used, or ran out of tries: request a new one
  'RATE_LIMITED', // too many attempts at the cloud: wait and retry
  'PIN_WRONG',
  'PIN_LOCKED',
  'PIN_WEAK',
  'DEVICE_LIMIT',
  'CERT_REVOKED',
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID', // signing refused: the certificate's validity has not started
  'KEYCHAIN_UNAVAILABLE',
  'VERIFY_FAILED',
  'PATH_NOT_CHOSEN', // a path or handle the user did not choose for this task (paths are capabilities)
  'PATH_NOT_ALLOWED', // the browser host's chooser looked outside home, NPKI folders and drives, or at a hidden name
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * An error as it crosses to the renderer: the code, and the message as a key with parameters that
 * the renderer says in the user's language (preload/messages). `message` is the English text, for
 * logs and tests only.
 */
export interface BridgeError {
  code: ErrorCode;
  key: MessageKey;
  params?: WireParams;
  message: string;
}

/** Every call answers with an Outcome: a value, or an error with a stable code. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

/** An error made where no DojangError is at hand (the bridge itself, the hosts, the preload). */
export function bridgeError<K extends MessageKey>(code: ErrorCode, key: K, ...params: keyof MessageParams<K> extends never ? [] : [MessageParams<K>]): BridgeError {
  const p = params[0] as WireParams | undefined;
  return { code, key, ...(p ? { params: p } : {}), message: formatMessage('en', key, p) };
}

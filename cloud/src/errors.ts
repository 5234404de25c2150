/**
 * Errors the cloud API answers with: `{ code, message, ...extra }` and an HTTP status.
 * Messages are for the person or the integrator: specific, no secret, no stack.
 */
export const CLOUD_ERROR_STATUS = {
  INVALID_REQUEST: 400,
  PIN_WEAK: 400,
  PIN_WRONG: 400,
  CODE_WRONG: 400,
  CODE_EXPIRED: 400,
  SAD_INVALID: 400,
  SAD_REPLAYED: 400,
  HASH_NOT_AUTHORIZED: 400,
  RENEWAL_NOT_DUE: 400,
  UNAUTHORIZED: 401,
  PIN_LOCKED: 403,
  CERT_REVOKED: 403,
  CERT_EXPIRED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  DEVICE_LIMIT: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SMS_UNAVAILABLE: 503,
} as const;

export type CloudErrorCode = keyof typeof CLOUD_ERROR_STATUS;
export const CLOUD_ERROR_CODES = Object.keys(CLOUD_ERROR_STATUS) as CloudErrorCode[];

/** Extra fields some errors carry (never secrets). */
export interface CloudErrorExtra {
  triesLeft?: number;
  retryAfter?: number;
  /** DEVICE_LIMIT at connect (after a correct SMS code): the devices one of which may be replaced. */
  devices?: { deviceID: string; name: string; lastUsedAt: string }[];
}

export class CloudError extends Error {
  readonly code: CloudErrorCode;
  readonly extra: CloudErrorExtra;

  constructor(code: CloudErrorCode, message: string, extra: CloudErrorExtra = {}) {
    super(message);
    this.name = 'CloudError';
    this.code = code;
    this.extra = extra;
  }

  get status(): number {
    return CLOUD_ERROR_STATUS[this.code];
  }

  toJSON(): { code: CloudErrorCode; message: string } & CloudErrorExtra {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

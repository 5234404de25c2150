/**
 * The cloud's error answers ({code, message, triesLeft?, retryAfter?}) turned into DojangErrors
 * whose message keys say what to do, in the user's language. The cloud's own code stays on the
 * error (`cloudCode`) for the client's decisions (a revoked token → connect again); its English
 * text is shown only where nothing better is known (the reason of a refused request).
 */
import type { ErrorCode } from '../../preload/errors.js';
import type { Message, MessageKey } from '../../preload/messages/format.js';
import { DojangError, type DojangErrorArgs } from '../../common/errors.js';

export interface LimitDevice {
  deviceID: string;
  name: string;
  lastUsedAt: string;
}

function limitDevicesOf(v: unknown): LimitDevice[] | null {
  if (!Array.isArray(v)) return null;
  return v.filter(
    (d): d is LimitDevice =>
      typeof d === 'object' &&
      d !== null &&
      typeof (d as LimitDevice).deviceID === 'string' &&
      typeof (d as LimitDevice).name === 'string' &&
      typeof (d as LimitDevice).lastUsedAt === 'string',
  );
}

export class CloudApiError extends DojangError {
  constructor(
    code: ErrorCode,
    message: Message,
    readonly cloudCode: string,
    readonly status: number,
    readonly triesLeft: number | null = null,
    /** DEVICE_LIMIT at connect: the remembered devices, one of which may be replaced. */
    readonly limitDevices: LimitDevice[] | null = null,
  ) {
    super(code, message.key, ...([message.params, { cloudCode, status }] as unknown as DojangErrorArgs));
    this.name = 'CloudApiError';
  }
}

/** Why a cloud could not be reached, as the user is told it. */
export type UnreachableWhy = 'timeout' | 'noConnection' | 'serverError';

export function unreachable(baseUrl: string, why: UnreachableWhy, detail?: string): DojangError {
  return new DojangError('CLOUD_UNREACHABLE', 'cloud.unreachable', { url: baseUrl, why: `cloud.why.${why}` }, { detail });
}

export function notConnected(): DojangError {
  return new DojangError('CLOUD_NOT_CONNECTED', 'cloud.notConnected');
}

/**
 * What NOT_FOUND means depends on the call: an unknown verification at connect, an unknown
 * reference number at issue, a device or a credential that is gone. (connect/request never
 * answers it: the cloud always answers with a challenge, so a stranger learns nothing.)
 */
const NOT_FOUND_BY_PATH: [string, MessageKey][] = [
  ['/v1/issue', 'cloud.refNumUnknown'],
  ['/v1/connect/verify', 'cloud.verificationUnknown'],
  ['/v1/credentials/unlock', 'cloud.verificationUnknown'],
  ['/v1/credentials/reissue', 'cloud.verificationUnknown'],
  ['/v1/credentials/reset-code', 'cloud.accountGone'],
  ['/v1/devices/', 'cloud.deviceGone'],
  ['/v1/credentials/', 'cloud.credentialGone'],
  ['/v1/signatures/', 'cloud.credentialGone'],
];

interface Answer {
  triesLeft: number | null;
  retryAfter: number | null;
  message: string;
  path: string;
}
type Mapper = (a: Answer) => [ErrorCode, Message];

const refused =
  (code: ErrorCode) =>
  (a: Answer): [ErrorCode, Message] => [code, { key: 'cloud.refused', params: { reason: a.message } }];

const MAP: Record<string, Mapper> = {
  PIN_WRONG: ({ triesLeft }) => ['PIN_WRONG', { key: 'cloud.pinWrong', params: { tries: triesLeft ?? '?' } }],
  PIN_LOCKED: () => ['PIN_LOCKED', { key: 'cloud.pinLocked' }],
  PIN_WEAK: () => ['PIN_WEAK', { key: 'cloud.pinWeak' }],
  CERT_REVOKED: () => ['CERT_REVOKED', { key: 'cloud.certRevoked' }],
  CERT_EXPIRED: () => ['CERT_EXPIRED', { key: 'cloud.certExpired' }],
  DEVICE_LIMIT: () => ['DEVICE_LIMIT', { key: 'cloud.deviceLimit' }],
  CODE_WRONG: ({ triesLeft, path }) => [
    'CODE_WRONG',
    triesLeft === 0 ? { key: 'cloud.codeWrongLast' } : { key: path === '/v1/connect/verify' ? 'cloud.connectCodeWrong' : 'cloud.codeWrong', params: { tries: triesLeft ?? '?' } },
  ],
  CODE_EXPIRED: () => ['CODE_EXPIRED', { key: 'cloud.codeExpired' }],
  RATE_LIMITED: ({ retryAfter }) => ['RATE_LIMITED', { key: 'cloud.rateLimited', params: { wait: retryAfter ?? 60 } }],
  RENEWAL_NOT_DUE: () => ['CONFLICT', { key: 'cloud.renewalNotDue' }],
  SMS_UNAVAILABLE: () => ['CLOUD_UNREACHABLE', { key: 'cloud.smsUnavailable' }],
  NOT_FOUND: (a) => {
    const known = NOT_FOUND_BY_PATH.find(([prefix]) => a.path.startsWith(prefix));
    return known ? ['NOT_FOUND', { key: known[1] }] : refused('NOT_FOUND')(a);
  },
  CONFLICT: refused('CONFLICT'),
  INVALID_REQUEST: refused('INVALID_REQUEST'),
  PAYLOAD_TOO_LARGE: refused('INVALID_REQUEST'),
};

/** A 4xx answer of the cloud to the call at `path`, as an error for the user. UNAUTHORIZED means "connect again". */
export function fromCloudAnswer(status: number, body: unknown, path = ''): CloudApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const cloudCode = typeof b.code === 'string' ? b.code : `HTTP_${status}`;
  const message = typeof b.message === 'string' ? b.message.slice(0, 500) : `The cloud answered HTTP ${status}.`;
  const triesLeft = typeof b.triesLeft === 'number' ? b.triesLeft : null;
  const retryAfter = typeof b.retryAfter === 'number' ? b.retryAfter : null;
  if (cloudCode === 'UNAUTHORIZED') return new CloudApiError('CLOUD_NOT_CONNECTED', { key: 'cloud.notConnected' }, cloudCode, status);
  const mapped = MAP[cloudCode];
  const [code, text] = mapped ? mapped({ triesLeft, retryAfter, message, path }) : (['INTERNAL', { key: 'cloud.error', params: { reason: message } }] as [ErrorCode, Message]);
  return new CloudApiError(code, text, cloudCode, status, triesLeft, limitDevicesOf(b.devices));
}

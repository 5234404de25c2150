/**
 * The cloud's error answers ({code, message, triesLeft?, retryAfter?}) turned into DojangErrors
 * with bilingual messages that say what to do. The cloud's own code stays on the error
 * (`cloudCode`) for the client's decisions (a revoked token → connect again).
 */
import type { ErrorCode } from '../../preload/errors.js';
import { DojangError } from '../../common/errors.js';

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

export class CloudApiError extends DojangError<string> {
  constructor(
    code: ErrorCode,
    message: string,
    readonly cloudCode: string,
    readonly status: number,
    readonly triesLeft: number | null = null,
    /** DEVICE_LIMIT at connect: the remembered devices, one of which may be replaced. */
    readonly limitDevices: LimitDevice[] | null = null,
  ) {
    super(code, message, { cloudCode, status });
    this.name = 'CloudApiError';
  }
}

export function unreachable(baseUrl: string, why: string): DojangError {
  return new DojangError(
    'CLOUD_UNREACHABLE',
    `금융인증서 클라우드(${baseUrl})에 연결할 수 없습니다. 네트워크를 확인하고 다시 시도하세요. / ` +
      `The 금융인증서 cloud (${baseUrl}) cannot be reached (${why}). Check the network and try again.`,
    { why },
  );
}

export function notConnected(): DojangError {
  return new DojangError(
    'CLOUD_NOT_CONNECTED',
    '이 기기는 금융인증서 클라우드에 연결되어 있지 않습니다 (다른 기기에서 연결을 해제했을 수 있습니다). 이름, 휴대폰 번호, 생년월일로 다시 연결하세요. / ' +
      'This device is not connected to the 금융인증서 cloud (it may have been disconnected from another device). Connect again with your name, mobile number and birth date.',
  );
}

/** A wait in words, Korean and English: "6분 11초" / "6 minutes 11 seconds" (never "371초"). */
export function humanDuration(seconds: number): [string, string] {
  const total = Math.max(1, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const unit = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const ko = [h && `${h}시간`, m && `${m}분`, s && !h && `${s}초`].filter(Boolean).join(' ');
  const en = [h && unit(h, 'hour'), m && unit(m, 'minute'), s && !h && unit(s, 'second')].filter(Boolean).join(' ');
  return [ko, en];
}

type Mapper = (extra: { triesLeft: number | null; retryAfter: number | null; message: string }) => [ErrorCode, string];

const MAP: Record<string, Mapper> = {
  PIN_WRONG: ({ triesLeft }) => [
    'PIN_WRONG',
    `PIN이 틀렸습니다. ${triesLeft ?? '?'}번 더 틀리면 잠깁니다. / Wrong PIN: ${triesLeft ?? '?'} ${triesLeft === 1 ? 'try' : 'tries'} left before it locks.`,
  ],
  PIN_LOCKED: () => [
    'PIN_LOCKED',
    'PIN을 5번 틀려 잠겼습니다. 휴대폰 인증 후 새 PIN을 정해 잠금을 해제하세요. / The PIN was entered wrong 5 times and is locked: unlock it with an SMS code and a new PIN.',
  ],
  PIN_WEAK: () => [
    'PIN_WEAK',
    'PIN이 너무 쉽습니다. 같은 숫자 반복, 연속 숫자(123456, 654321), 생년월일은 쓸 수 없습니다. / The PIN is too easy: no repeated digits, no runs (123456, 654321), not your birth date.',
  ],
  CERT_REVOKED: () => ['CERT_REVOKED', '이 금융인증서는 폐지되었습니다. 새로 발급받으세요. / This 금융인증서 was revoked: have a new one issued.'],
  CERT_EXPIRED: () => ['CERT_EXPIRED', '이 금융인증서는 만료되었거나 아직 유효하지 않습니다. 재발급받으세요. / This 금융인증서 has expired (or is not valid yet): reissue it.'],
  DEVICE_LIMIT: () => [
    'DEVICE_LIMIT',
    '자동연결 기기가 이미 5대입니다. 바꿀 기기를 하나 고르거나, 이번만 연결하세요. / 5 devices already use auto-connect: choose one to replace, or connect this time only.',
  ],
  CODE_WRONG: ({ triesLeft }) => [
    'CODE_WRONG',
    triesLeft === 0
      ? '인증번호가 틀렸고 남은 횟수가 없습니다. 새 인증번호를 요청하세요. / Wrong code and no tries left: request a new code.'
      : `인증번호가 틀렸습니다 (${triesLeft ?? '?'}번 남음). / Wrong code (${triesLeft ?? '?'} tries left).`,
  ],
  CODE_EXPIRED: () => ['CODE_EXPIRED', '인증번호가 만료되었거나 이미 사용되었습니다. 새로 요청하세요. / The code has expired or was already used: request a new one.'],
  RATE_LIMITED: ({ retryAfter }) => {
    const [ko, en] = humanDuration(retryAfter ?? 60);
    return ['RATE_LIMITED', `시도가 너무 많습니다. ${ko} 뒤에 다시 시도하세요. / Too many attempts: try again in ${en}.`];
  },
  RENEWAL_NOT_DUE: () => ['CONFLICT', '아직 갱신할 수 없습니다 (만료 30일 전부터). / Not renewable yet (from 30 days before expiry).'],
  SMS_UNAVAILABLE: () => ['CLOUD_UNREACHABLE', '인증번호를 보내지 못했습니다. 잠시 뒤 다시 시도하세요. / The code could not be sent: try again in a moment.'],
  NOT_FOUND: ({ message }) => ['NOT_FOUND', message],
  CONFLICT: ({ message }) => ['CONFLICT', message],
  INVALID_REQUEST: ({ message }) => ['INVALID_REQUEST', message],
  PAYLOAD_TOO_LARGE: ({ message }) => ['INVALID_REQUEST', message],
};

/** A 4xx answer of the cloud as an error for the user. UNAUTHORIZED means "connect again". */
export function fromCloudAnswer(status: number, body: unknown): CloudApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const cloudCode = typeof b.code === 'string' ? b.code : `HTTP_${status}`;
  const message = typeof b.message === 'string' ? b.message.slice(0, 500) : `The cloud answered HTTP ${status}.`;
  const triesLeft = typeof b.triesLeft === 'number' ? b.triesLeft : null;
  const retryAfter = typeof b.retryAfter === 'number' ? b.retryAfter : null;
  if (cloudCode === 'UNAUTHORIZED') {
    const e = notConnected();
    return new CloudApiError(e.code, e.message, cloudCode, status);
  }
  const mapped = MAP[cloudCode];
  const [code, text] = mapped ? mapped({ triesLeft, retryAfter, message }) : (['INTERNAL', `금융인증서 클라우드 오류 / Cloud error: ${message}`] as [ErrorCode, string]);
  return new CloudApiError(code, text, cloudCode, status, triesLeft, limitDevicesOf(b.devices));
}

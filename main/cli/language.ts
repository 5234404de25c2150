/**
 * The CLI speaks the user's language for errors: Korean when the locale (LC_ALL, then
 * LC_MESSAGES, then LANG) is Korean, English otherwise. main/ writes messages as "한국어 / English"
 * (or "한국어 (English)"): the CLI prints the half in that language. A message with only one
 * language (the cloud's own English answers) gets a sentence for its code in the other one first.
 */
import { messageInLanguage, type ErrorCode } from '../../preload/errors.js';

export type CliLanguage = 'ko' | 'en';

export function cliLanguage(env: NodeJS.ProcessEnv = process.env): CliLanguage {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ko/i.test(locale) ? 'ko' : 'en';
}

const HANGUL = /[\uac00-\ud7a3]/;

/** What each code means, for a message that has no text in the chosen language. */
const CODE_TEXT: Partial<Record<ErrorCode, [string, string]>> = {
  INVALID_REQUEST: ['입력한 값이 올바르지 않습니다', 'A value is not valid'],
  NOT_FOUND: ['찾을 수 없습니다', 'Not found'],
  PERMISSION_DENIED: ['권한이 없습니다', 'Permission denied'],
  CONFLICT: ['이미 있거나 지금은 할 수 없습니다', 'Already there, or not possible now'],
  CLOUD_UNREACHABLE: ['클라우드에 연결할 수 없습니다', 'The cloud cannot be reached'],
  CODE_WRONG: ['인증번호가 틀렸습니다', 'Wrong code'],
  CODE_EXPIRED: ['인증번호가 만료되었습니다', 'The code expired'],
  RATE_LIMITED: ['시도가 너무 많습니다', 'Too many attempts'],
  INTERNAL: ['클라우드 또는 도장 내부 오류', 'Internal error'],
};

export function localizedMessage(message: string, code: ErrorCode, language: CliLanguage): string {
  const half = messageInLanguage(message, language);
  if (half !== message) return half;
  const korean = HANGUL.test(message);
  const text = CODE_TEXT[code];
  if (language === 'ko' && !korean && text) return `${text[0]}: ${message}`;
  if (language === 'en' && korean && text) return `${text[1]}: ${message}`;
  return message;
}

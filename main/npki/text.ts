/**
 * Text to be signed (SPEC §1.2b): UTF-8 by default, EUC-KR when a relying party asks for it.
 * "EUC-KR" is written as CP949 (its Windows superset, what Korean servers decode as EUC-KR),
 * so every Hangul syllable encodes; characters neither can hold are refused, never replaced by '?'.
 */
import iconv from 'iconv-lite';
import { DojangError } from '../../common/errors.js';

export type TextEncoding = 'utf-8' | 'euc-kr';

export function encodeText(text: string, encoding: TextEncoding = 'utf-8'): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (encoding !== 'euc-kr')
    throw new DojangError('INVALID_REQUEST', `알 수 없는 문자 인코딩입니다: utf-8 또는 euc-kr을 쓰세요 (unknown text encoding ${String(encoding)}: use utf-8 or euc-kr)`);
  const bytes = iconv.encode(text, 'cp949');
  const back = iconv.decode(bytes, 'cp949');
  if (back !== text) {
    const bad = [...text].find((ch) => iconv.decode(iconv.encode(ch, 'cp949'), 'cp949') !== ch) ?? '?';
    const code = bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new DojangError(
      'INVALID_REQUEST',
      `EUC-KR로 나타낼 수 없는 글자(U+${code})가 있습니다. UTF-8로 서명해 주세요 (the text contains a character EUC-KR cannot hold, U+${code}: sign it as UTF-8 instead)`,
    );
  }
  return bytes;
}

export function decodeText(bytes: Buffer, encoding: TextEncoding = 'utf-8'): string {
  return encoding === 'euc-kr' ? iconv.decode(bytes, 'cp949') : bytes.toString('utf8');
}

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
  if (encoding !== 'euc-kr') throw new DojangError('INVALID_REQUEST', 'text.unknownEncoding', { encoding: String(encoding) });
  const bytes = iconv.encode(text, 'cp949');
  const back = iconv.decode(bytes, 'cp949');
  if (back !== text) {
    const bad = [...text].find((ch) => iconv.decode(iconv.encode(ch, 'cp949'), 'cp949') !== ch) ?? '?';
    const code = bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new DojangError('INVALID_REQUEST', 'text.notEucKr', { char: `U+${code}` });
  }
  return bytes;
}

export function decodeText(bytes: Buffer, encoding: TextEncoding = 'utf-8'): string {
  return encoding === 'euc-kr' ? iconv.decode(bytes, 'cp949') : bytes.toString('utf8');
}

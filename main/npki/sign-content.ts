/**
 * What a signature covers: a text (encoded as UTF-8 or EUC-KR) or a file, read whole. Local and
 * cloud signing share it, and its bound.
 */
import { readFile, stat } from 'node:fs/promises';
import { DojangError } from '../../common/errors.js';
import { fileSystemError } from './atomic-write.js';
import { encodeText, type TextEncoding } from './text.js';

/** Content to sign read from a file is bounded: a signature over more belongs to a detached hash flow. */
export const MAX_SIGN_FILE_BYTES = 64 * 1024 * 1024;

export async function readSignContent(content: { text: string } | { path: string }, encoding: TextEncoding): Promise<Buffer> {
  if ('text' in content) return encodeText(content.text, encoding);
  const info = await stat(content.path).catch((e: unknown) => {
    throw fileSystemError(e, 'read');
  });
  if (!info.isFile()) throw new DojangError('NOT_FOUND', 'sign.notAFile', { path: content.path });
  if (info.size > MAX_SIGN_FILE_BYTES) throw new DojangError('FILE_DAMAGED', 'sign.fileTooLarge', { max: MAX_SIGN_FILE_BYTES / 2 ** 20 });
  return readFile(content.path).catch((e: unknown) => {
    throw fileSystemError(e, 'read');
  });
}

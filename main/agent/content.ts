/**
 * A request's content as the bytes that will be signed and as the user sees them (WYSIWYS): each
 * text in full, in the encoding it is signed in; each binary by its name, size and SHA-256. The
 * bytes come from here and only here, so what is signed is what the consent window showed.
 */
import { createHash } from 'node:crypto';
import type { AgentContentItem } from '../../preload/areas/agent.js';
import { encodeText } from '../npki/text.js';
import type { SignParams } from './protocol.js';

export interface ContentItem {
  bytes: Buffer;
  view: AgentContentItem;
  sha256: string;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Throws INVALID_REQUEST (from encodeText) for a text the requested encoding cannot hold. */
export function contentItems(params: SignParams): ContentItem[] {
  if ('texts' in params.content) {
    const encoding = params.encoding === 'EUC-KR' ? 'euc-kr' : 'utf-8';
    return params.content.texts.map((text) => {
      const bytes = encodeText(text, encoding);
      return { bytes, sha256: sha256(bytes), view: { kind: 'text', text, bytes: bytes.length } };
    });
  }
  return params.content.binaries.map(({ name, data }) => {
    const bytes = Buffer.from(data, 'base64url');
    const hash = sha256(bytes);
    return { bytes, sha256: hash, view: { kind: 'binary', name, size: bytes.length, sha256: hash } };
  });
}

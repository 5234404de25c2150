/** The message catalogs and a translator, with no React: pure code (model/*) and tests use it directly. */
import type { BridgeError } from '../../../preload/errors';
import { formatMessage, isMessageKey } from '../../../preload/messages/format';
import type { Language } from '../../../preload/types';
import { en } from './en';
import { ko, type MessageKey } from './ko';

export type { MessageKey };
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const catalogs: Record<Language, Record<MessageKey, string>> = { ko, en };

export function translator(language: Language): Translate {
  const catalog = catalogs[language];
  return (key, values) => catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
}

/**
 * An error from main in the user's language: its key and parameters (preload/messages), or null
 * when it carries no key the catalog knows (the caller says the code's general sentence).
 */
export function errorText(error: Pick<BridgeError, 'key' | 'params' | 'message'>, language: Language): string | null {
  return isMessageKey(error.key) ? formatMessage(language, error.key, error.params) : null;
}

/**
 * The half in `language` of a detail main writes as "한국어 / English" or "한국어 (English)": the
 * scan's reasons and the verify report's check details, which are not errors (errors carry message
 * keys). A text in one language only is answered whole.
 */
export function localizedDetail(message: string, language: Language): string {
  const slash = message.indexOf(' / ');
  if (slash >= 0) return language === 'ko' ? message.slice(0, slash) : message.slice(slash + 3);
  const paren = /^(.*[\uac00-\ud7a3].*?) \(([^()\uac00-\ud7a3]+)\)$/s.exec(message);
  if (paren) return language === 'ko' ? paren[1]! : paren[2]!;
  return message;
}

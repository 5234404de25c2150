/** The message catalogs and a translator, with no React: pure code (model/*) and tests use it directly. */
import type { BridgeError } from '../../../preload/errors';
import { formatMessage, isMessageKey } from '../../../preload/messages/format';
export { checkDetail } from '../../../preload/messages/format';
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

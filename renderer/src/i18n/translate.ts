/** The message catalogs and a translator, with no React: pure code (model/*) and tests use it directly. */
import { messageInLanguage } from '../../../preload/errors';
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

/** main's message in the user's language (see messageInLanguage). */
export function localizedDetail(message: string, language: Language): string {
  return messageInLanguage(message, language);
}

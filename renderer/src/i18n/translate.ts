/** The message catalogs and a translator, with no React: pure code (model/*) and tests use it directly. */
import type { Language } from '../../../preload/types';
import { en } from './en';
import { ko, type MessageKey } from './ko';

export type { MessageKey };
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const catalogs: Record<Language, Record<MessageKey, string>> = { ko, en };

export function translator(language: Language): Translate {
  const catalog = catalogs[language];
  return (key, values) =>
    catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
}

/**
 * main/ writes user messages as "한국어 / English". Show the half in the user's language; a message
 * without the separator is shown whole.
 */
export function localizedDetail(message: string, language: Language): string {
  const at = message.indexOf(' / ');
  if (at < 0) return message;
  return language === 'ko' ? message.slice(0, at) : message.slice(at + 3);
}

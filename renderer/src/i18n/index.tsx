import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Language } from '../../../preload/types';
import { en } from './en';
import { ko, type MessageKey } from './ko';

const catalogs: Record<Language, Record<MessageKey, string>> = { ko, en };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const catalog = catalogs[language];
  return (key, values) =>
    catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
}

const I18nContext = createContext<{ language: Language; t: Translate }>({ language: 'ko', t: translator('ko') });

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const value = useMemo(() => ({ language, t: translator(language) }), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
export type { MessageKey };

import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Language } from '../../../preload/types';
import type { BridgeError } from '../../../preload/errors';
import { errorText, translator, type MessageKey, type Translate } from './translate';

export { translator, checkDetail, type Translate } from './translate';
export type { MessageKey };

interface I18n {
  language: Language;
  t: Translate;
  /** The English catalog, shown beside technical Korean terms (details screen). */
  tEn: Translate;
}

const english = translator('en');
const I18nContext = createContext<I18n>({ language: 'ko', t: translator('ko'), tEn: english });

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const value = useMemo(() => ({ language, t: translator(language), tEn: english }), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);

/** Says an error from main in the user's language: its message, else the code's general sentence. */
export function useErrorText(): (error: Pick<BridgeError, 'code' | 'key' | 'params' | 'message'>) => string {
  const { t, language } = useI18n();
  return (error) => errorText(error, language) ?? t(`error.${error.code}`);
}

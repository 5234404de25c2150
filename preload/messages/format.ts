/**
 * One message convention for every error main produces (docs/decisions.md, "One message convention"):
 * main names a catalog key and its parameters; the renderer and the CLI say it in their language.
 * A placeholder is `{name}` (a string, or a number formatted for the language), `{name:duration}`
 * (seconds, said in hours, minutes and seconds), `{name:key}` (another catalog key, translated) or
 * `{name:keys}` (a list of keys, translated and joined). The key type and each key's parameters come
 * from the English catalog; ko.ts must have the same keys with the same placeholders (a type error
 * otherwise). Korean texts never put a particle (은/는, 이/가, 을/를) after a placeholder.
 */
import { en } from './en.js';
import { ko } from './ko.js';

export type MessageLanguage = 'ko' | 'en';
export type MessageKey = keyof typeof en;

/** The placeholders of a text, as written ("max", "wait:duration"). */
export type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

type ValueOf<Format> = Format extends 'duration' ? number : Format extends 'key' ? MessageKey : Format extends 'keys' ? readonly MessageKey[] : string | number;
type NameOf<P> = P extends `${infer N}:${string}` ? N : P;
type FormatOf<P> = P extends `${string}:${infer F}` ? F : '';

/** The parameters `key` takes. */
export type MessageParams<K extends MessageKey> = { [P in Placeholders<(typeof en)[K]> as NameOf<P>]: ValueOf<FormatOf<P>> };

/** Parameters as they cross the bridge (JSON). */
export type WireParams = Record<string, string | number | readonly string[]>;

/** A key and its parameters: what an error carries instead of a sentence. */
export interface Message {
  key: MessageKey;
  params?: WireParams;
}

const catalogs: Record<MessageLanguage, Record<MessageKey, string>> = { ko, en };

export function isMessageKey(key: unknown): key is MessageKey {
  return typeof key === 'string' && Object.hasOwn(en, key);
}

/** A wait in words: "6분 11초" / "6 minutes 11 seconds" (never "371초"). */
export function duration(seconds: number, language: MessageLanguage): string {
  const total = Math.max(1, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (language === 'ko') return [h && `${h}시간`, m && `${m}분`, s && !h && `${s}초`].filter(Boolean).join(' ');
  const unit = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  return [h && unit(h, 'hour'), m && unit(m, 'minute'), s && !h && unit(s, 'second')].filter(Boolean).join(' ');
}

function formatValue(value: unknown, format: string, language: MessageLanguage): string {
  if (format === 'duration' && typeof value === 'number') return duration(value, language);
  if (format === 'key' && isMessageKey(value)) return catalogs[language][value];
  if (format === 'keys' && Array.isArray(value)) return value.map((k) => formatValue(k, 'key', language)).join(language === 'ko' ? ', ' : '; ');
  if (typeof value === 'number') return value.toLocaleString(language === 'ko' ? 'ko-KR' : 'en-US');
  return String(value);
}

/** The text of `key` in `language`, its placeholders filled. */
export function formatMessage(language: MessageLanguage, key: MessageKey, params?: WireParams): string {
  return catalogs[language][key].replace(/\{(\w+)(?::(\w+))?\}/g, (whole, name: string, format: string | undefined) =>
    params && name in params ? formatValue(params[name], format ?? '', language) : whole,
  );
}

/** Does `text` open with "(" and close with its matching ")" at its very end? */
function oneGroup(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i === text.length - 1;
  }
  return false;
}

/**
 * The half in `language` of a detail main writes as "한국어 / English" or "한국어 (English)": the
 * verify report's check details, which are not errors (errors and scan reasons carry message keys).
 * The English half may hold parentheses and names in Hangul ("… (chain verified: 홍길동() → …)"):
 * the split is at the first " (" after Korean text whose group runs, balanced, to the end.
 * A text in one language only is answered whole. The renderer and the CLI share it.
 */
export function localizedDetail(message: string, language: MessageLanguage): string {
  const slash = message.indexOf(' / ');
  if (slash >= 0 && HANGUL.test(message.slice(0, slash))) return language === 'ko' ? message.slice(0, slash) : message.slice(slash + 3);
  for (let i = message.indexOf(' ('); i >= 0; i = message.indexOf(' (', i + 1)) {
    const ko = message.slice(0, i);
    const group = message.slice(i + 1);
    if (HANGUL.test(ko) && oneGroup(group) && !HANGUL.test(group[1] ?? '')) return language === 'ko' ? ko : group.slice(1, -1);
  }
  return message;
}

const HANGUL = /[\uac00-\ud7a3]/;

/** A verify check's detail in `language`: its catalog message when it has one, else the half of its text. */
export function checkDetail(check: { detail: string; message?: Message; note?: Message }, language: MessageLanguage): string {
  if (!check.message) return localizedDetail(check.detail, language);
  const text = formatMessage(language, check.message.key, check.message.params);
  return check.note ? `${text} [${formatMessage(language, check.note.key, check.note.params)}]` : text;
}

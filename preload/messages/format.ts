/**
 * One message convention for every error main produces (docs/decisions.md, "One message convention"):
 * main names a catalog key and its parameters; the renderer and the CLI say it in their language.
 * A placeholder is `{name}` (a string, or a number formatted for the language), `{name:duration}`
 * (seconds, said in hours, minutes and seconds), `{name:key}` (another catalog key, translated),
 * `{name:keys}` (a list of keys, translated and joined), `{name:message}` (a nested Message, said in
 * the same language) or `{name:messages}` (a list of them, joined: per-source outcomes, per-link results). The key type and each key's parameters come
 * from the English catalog; ko.ts must have the same keys with the same placeholders (a type error
 * otherwise). Korean texts never put a particle (은/는, 이/가, 을/를) after a placeholder.
 */
import { en } from './en.js';
import { ko } from './ko.js';

export type MessageLanguage = 'ko' | 'en';
export type MessageKey = keyof typeof en;

/** The placeholders of a text, as written ("max", "wait:duration"). */
export type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

type ValueOf<Format> = Format extends 'duration'
  ? number
  : Format extends 'key'
    ? MessageKey
    : Format extends 'keys'
      ? readonly MessageKey[]
      : Format extends 'message'
        ? Message
        : Format extends 'messages'
          ? readonly Message[]
          : string | number;
type NameOf<P> = P extends `${infer N}:${string}` ? N : P;
type FormatOf<P> = P extends `${string}:${infer F}` ? F : '';

/** The parameters `key` takes. */
export type MessageParams<K extends MessageKey> = { [P in Placeholders<(typeof en)[K]> as NameOf<P>]: ValueOf<FormatOf<P>> };

/** Parameters as they cross the bridge (JSON). */
export type WireParams = { [name: string]: string | number | readonly string[] | Message | readonly Message[] };

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
  if ((format === 'keys' || format === 'messages') && Array.isArray(value)) {
    // Messages may hold commas themselves: they are kept apart by "; " in both languages.
    return value.map((v: unknown) => formatValue(v, format.slice(0, -1), language)).join(language === 'ko' && format === 'keys' ? ', ' : '; ');
  }
  if (format === 'message' && isMessage(value)) return formatMessage(language, value.key, value.params);
  if (typeof value === 'number') return value.toLocaleString(language === 'ko' ? 'ko-KR' : 'en-US');
  return String(value);
}

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && isMessageKey((value as Message).key);
}

/** The text of `key` in `language`, its placeholders filled. */
export function formatMessage(language: MessageLanguage, key: MessageKey, params?: WireParams): string {
  return catalogs[language][key].replace(/\{(\w+)(?::(\w+))?\}/g, (whole, name: string, format: string | undefined) =>
    params && name in params ? formatValue(params[name], format ?? '', language) : whole,
  );
}

/** A verify check (a link's revocation, a challenge's reason) in `language`: its message, then its note in brackets. */
export function checkDetail(check: { message: Message; note?: Message }, language: MessageLanguage): string {
  const text = formatMessage(language, check.message.key, check.message.params);
  return check.note ? `${text} [${formatMessage(language, check.note.key, check.note.params)}]` : text;
}

/**
 * The CLI speaks the user's language, one at a time: Korean when the locale (LC_ALL, then
 * LC_MESSAGES, then LANG) is Korean, English otherwise. Errors (DojangError.text), output lines and
 * prompts (say) come from the app's catalog (preload/messages); --help stays English.
 */
import { formatMessage, type Message, type MessageKey, type MessageLanguage, type MessageParams, type WireParams } from '../../preload/messages/format.js';

export type CliLanguage = MessageLanguage;

export function cliLanguage(env: NodeJS.ProcessEnv = process.env): CliLanguage {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ko/i.test(locale) ? 'ko' : 'en';
}

/** A catalog text in the CLI's language: every line the CLI prints for a person goes through here. */
export function say<K extends MessageKey>(key: K, ...[params]: keyof MessageParams<K> extends never ? [] : [MessageParams<K>]): string {
  return formatMessage(cliLanguage(), key, params as WireParams | undefined);
}

/** A message main produced (a scan reason, a check detail) for --json: its key and parameters stay the machine field, `message` is its text in the CLI's language. */
export function withText(m: Message): { key: MessageKey; params?: WireParams; message: string } {
  return { key: m.key, ...(m.params ? { params: m.params } : {}), message: formatMessage(cliLanguage(), m.key, m.params) };
}

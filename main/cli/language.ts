/**
 * The CLI speaks the user's language for errors: Korean when the locale (LC_ALL, then
 * LC_MESSAGES, then LANG) is Korean, English otherwise. An error's text in that language comes
 * from its message key (DojangError.text, preload/messages).
 */
import type { MessageLanguage } from '../../preload/messages/format.js';

export type CliLanguage = MessageLanguage;

export function cliLanguage(env: NodeJS.ProcessEnv = process.env): CliLanguage {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ko/i.test(locale) ? 'ko' : 'en';
}

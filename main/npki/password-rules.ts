/**
 * The 공동인증서 password rules (SPEC §1.6), checked before a new password is set. Each broken
 * rule gives one message key (preload/messages: password.rule.*) that names the rule, never the password.
 */
import { DojangError } from '../../common/errors.js';

export type PasswordRule = 'MIN_LENGTH' | 'NEEDS_LETTER' | 'NEEDS_DIGIT' | 'NEEDS_SPECIAL' | 'FORBIDDEN_CHARACTER' | 'NOT_ASCII' | 'SEQUENTIAL_RUN' | 'REPEATED_RUN';

export const MIN_PASSWORD_LENGTH = 10;
/** Characters the CAs' software refuses in passwords. */
export const FORBIDDEN_PASSWORD_CHARACTERS = `'"\\|`;
/** Runs this long of sequential (abc, 321) or identical (111) characters are refused. */
export const MAX_RUN = 3;

const isLetter = (c: string): boolean => /^[A-Za-z]$/.test(c);
const isDigit = (c: string): boolean => /^[0-9]$/.test(c);
/** Printable ASCII without the space: what Korean banking software accepts (assumed, SPEC §1.2). */
const isPrintableAscii = (c: string): boolean => c >= '!' && c <= '~';

/**
 * Whether the characters step up or down by one throughout: digits with digits, letters with
 * letters (case-insensitive, so "aBc" counts too).
 */
function sequential(window: string[]): boolean {
  if (!window.every(isDigit) && !window.every(isLetter)) return false;
  const codes = window.map((ch) => ch.toLowerCase().charCodeAt(0));
  const steps = codes.slice(1).map((code, i) => code - codes[i]!);
  return steps.every((d) => d === 1) || steps.every((d) => d === -1);
}

function identical(window: string[]): boolean {
  return window.every((ch) => ch.toLowerCase() === window[0]!.toLowerCase());
}

/** Whether some MAX_RUN consecutive characters pass `test`. */
function hasRun(chars: string[], test: (window: string[]) => boolean): boolean {
  for (let i = 0; i + MAX_RUN <= chars.length; i++) if (test(chars.slice(i, i + MAX_RUN))) return true;
  return false;
}

/** The rules `password` breaks, in a fixed order; empty when it may be used. */
export function checkPasswordRules(password: string): { rule: PasswordRule; key: `password.rule.${PasswordRule}` }[] {
  const chars = [...password]; // by code point, so a Hangul syllable is one character
  const broken: PasswordRule[] = [];
  if (chars.length < MIN_PASSWORD_LENGTH) broken.push('MIN_LENGTH');
  if (!chars.some(isLetter)) broken.push('NEEDS_LETTER');
  if (!chars.some(isDigit)) broken.push('NEEDS_DIGIT');
  const special = (c: string): boolean => isPrintableAscii(c) && !isLetter(c) && !isDigit(c) && !FORBIDDEN_PASSWORD_CHARACTERS.includes(c);
  if (!chars.some(special)) broken.push('NEEDS_SPECIAL');
  if (chars.some((c) => FORBIDDEN_PASSWORD_CHARACTERS.includes(c))) broken.push('FORBIDDEN_CHARACTER');
  if (!chars.every(isPrintableAscii)) broken.push('NOT_ASCII');
  if (hasRun(chars, sequential)) broken.push('SEQUENTIAL_RUN');
  if (hasRun(chars, identical)) broken.push('REPEATED_RUN');
  return broken.map((rule) => ({ rule, key: `password.rule.${rule}` as const }));
}

/** PASSWORD_RULES for the rules `password` breaks, or null when it may be used. */
export function passwordRulesError(password: string): DojangError | null {
  const broken = checkPasswordRules(password);
  if (broken.length === 0) return null;
  return new DojangError('PASSWORD_RULES', 'password.rulesBroken', { rules: broken.map((b) => b.key) }, { rules: broken.map((b) => b.rule) });
}

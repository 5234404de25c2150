/**
 * Live feedback on a new 공동인증서 password: main/ checks the rules (checkPasswordRules); the UI
 * lists every rule with a tick or a cross so the user sees what is left to fix.
 */
import type { MessageKey as MainMessageKey } from '../../../preload/messages/format';
import type { MessageKey } from '../i18n/translate';

/** The rules main/npki/password-rules.ts names, in the order shown. NOT_ASCII appears only when broken. */
export const SHOWN_RULES = ['MIN_LENGTH', 'NEEDS_LETTER', 'NEEDS_DIGIT', 'NEEDS_SPECIAL', 'FORBIDDEN_CHARACTER', 'SEQUENTIAL_RUN', 'REPEATED_RUN'] as const;
const KNOWN_RULES = [...SHOWN_RULES, 'NOT_ASCII'] as const;
type KnownRule = (typeof KNOWN_RULES)[number];

export interface RuleLine {
  rule: string;
  ok: boolean;
  /** The catalog message for a known rule; else main's message key for it. */
  key: MessageKey | null;
  mainKey: MainMessageKey | null;
}

const isKnown = (rule: string): rule is KnownRule => (KNOWN_RULES as readonly string[]).includes(rule);

export function ruleLines(violations: readonly { rule: string; key: MainMessageKey }[]): RuleLine[] {
  const broken = new Map(violations.map((v) => [v.rule, v.key]));
  const lines: RuleLine[] = SHOWN_RULES.map((rule) => ({ rule, ok: !broken.has(rule), key: `rule.${rule}`, mainKey: broken.get(rule) ?? null }));
  for (const v of violations) {
    if ((SHOWN_RULES as readonly string[]).includes(v.rule)) continue;
    lines.push({ rule: v.rule, ok: false, key: isKnown(v.rule) ? `rule.${v.rule}` : null, mainKey: v.key });
  }
  return lines;
}

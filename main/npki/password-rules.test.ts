import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../preload/messages/format.js';
import { checkPasswordRules, MAX_RUN, MIN_PASSWORD_LENGTH, passwordRulesError, type PasswordRule } from './password-rules.js';

const rules = (pw: string): PasswordRule[] => checkPasswordRules(pw).map((r) => r.rule);

describe('checkPasswordRules (SPEC §1.6)', () => {
  it('accepts passwords that keep every rule', () => {
    for (const pw of ['Xk9#mQ2$vL7!', 'signgate1!', 'WTuA8Ev0lWXVFSiI!', 'a1!b2@c3#d', 'zz9-yy8-xx7']) {
      expect(rules(pw)).toEqual([]);
    }
  });

  it('needs at least 10 characters, counted by character not byte', () => {
    expect(rules('Xk9#mQ2$v')).toEqual(['MIN_LENGTH']);
    expect(rules('Xk9#mQ2$vL')).toEqual([]);
  });

  it('needs a letter, a digit and a special character', () => {
    expect(rules('9#2$7!4%8^')).toEqual(['NEEDS_LETTER']);
    expect(rules('Xk#mQ$vL!p')).toEqual(['NEEDS_DIGIT']);
    expect(rules('Xk9mQ2vL7p')).toEqual(['NEEDS_SPECIAL']);
  });

  it('refuses \' " \\ | (and they do not count as the special character)', () => {
    for (const c of [`'`, '"', '\\', '|']) {
      expect(rules(`Xk9#mQ2${c}vL`)).toEqual(['FORBIDDEN_CHARACTER']);
      expect(rules(`Xk9mQ2${c}vLp`)).toEqual(['NEEDS_SPECIAL', 'FORBIDDEN_CHARACTER']);
    }
  });

  it('refuses runs of 3 sequential letters or digits, up or down, any case', () => {
    for (const run of ['abc', 'xyz', 'cba', 'ABC', 'aBc', '123', '789', '321', '210']) {
      expect(rules(`Q#7m!${run}Zp`)).toContain('SEQUENTIAL_RUN');
    }
    // Two in a row, or runs across kinds, are fine.
    for (const ok of ['ab#Qm7!x9Z', '12#Qm7!xZp', 'Xk9:;mQ2$v', '89:Qm7!xZp']) expect(rules(ok)).not.toContain('SEQUENTIAL_RUN');
  });

  it('refuses 3 identical characters in a row', () => {
    for (const run of ['111', 'aaa', 'aAa', '!!!']) expect(rules(`Q#7m${run}Zp5`)).toContain('REPEATED_RUN');
    expect(rules('Q#7m11Zp5a')).not.toContain('REPEATED_RUN');
  });

  it('allows only printable ASCII (no Hangul, no spaces): other software could not open the key', () => {
    expect(rules('Xk9#mQ2$vL비')).toEqual(['NOT_ASCII']);
    expect(rules('Xk9# mQ2$vL')).toEqual(['NOT_ASCII']);
    expect(rules('비밀번호비밀번호비밀번호1!')).toEqual(['NEEDS_LETTER', 'NOT_ASCII']);
  });

  it('gives one message key per broken rule, whose texts name the limits the checks use', () => {
    const broken = checkPasswordRules('abc111');
    expect(broken.map((b) => b.rule)).toEqual(['MIN_LENGTH', 'NEEDS_SPECIAL', 'SEQUENTIAL_RUN', 'REPEATED_RUN']);
    expect(broken.map((b) => b.key)).toEqual(['password.rule.MIN_LENGTH', 'password.rule.NEEDS_SPECIAL', 'password.rule.SEQUENTIAL_RUN', 'password.rule.REPEATED_RUN']);
    for (const language of ['ko', 'en'] as const) {
      expect(formatMessage(language, 'password.rule.MIN_LENGTH')).toContain(String(MIN_PASSWORD_LENGTH));
      expect(formatMessage(language, 'password.rule.SEQUENTIAL_RUN')).toContain(String(MAX_RUN));
      expect(formatMessage(language, 'password.rule.REPEATED_RUN')).toContain(String(MAX_RUN));
    }
    expect(passwordRulesError('abc111')).toMatchObject({ code: 'PASSWORD_RULES', key: 'password.rulesBroken', params: { rules: broken.map((b) => b.key) } });
    expect(passwordRulesError('abc111')!.message).not.toContain('abc111');
    expect(passwordRulesError('Xk9#mQ2$vL')).toBeNull();
    expect(rules('')).toEqual(['MIN_LENGTH', 'NEEDS_LETTER', 'NEEDS_DIGIT', 'NEEDS_SPECIAL']);
  });
});

import { useEffect, useId, useRef, useState } from 'react';
import { formatMessage } from '../../../preload/messages/format';
import { useI18n } from '../i18n';
import { ruleLines, type RuleLine } from '../model/password-rules';

/**
 * The 공동인증서 password rules, ticked live as the user types (main checks them: checkPasswordRules).
 * Reports whether the password passes, so the form can enable its submit button.
 */
export function RuleChecklist({ password, onValidity, id }: { password: string; onValidity(ok: boolean): void; id?: string }) {
  const { t, language } = useI18n();
  const fallbackId = useId();
  const [lines, setLines] = useState<RuleLine[]>(() => ruleLines([]));
  const latest = useRef(0);
  useEffect(() => {
    const mine = ++latest.current;
    void window.dojang.checkPasswordRules({ password }).then((outcome) => {
      if (mine !== latest.current || !outcome.ok) return;
      const next = ruleLines(outcome.value.violations);
      setLines(next);
      onValidity(password.length > 0 && next.every((l) => l.ok));
    });
  }, [password, onValidity]);
  return (
    <ul id={id ?? fallbackId} className="rules small" aria-label={t('rule.heading')} aria-live="polite">
      {lines.map((line) => (
        <li key={line.rule} className={line.ok && password ? 'rule ok' : line.ok ? 'rule' : 'rule bad'}>
          <span aria-hidden="true">{line.ok && password ? '✓' : line.ok ? '·' : '✕'}</span>{' '}
          <span className="visually-hidden">{t(line.ok && password ? 'rule.met' : line.ok ? 'rule.pending' : 'rule.broken')}</span>
          {line.key ? t(line.key) : line.mainKey && formatMessage(language, line.mainKey)}
        </li>
      ))}
    </ul>
  );
}

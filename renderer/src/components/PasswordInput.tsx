import { useId, useState } from 'react';
import { useI18n } from '../i18n';

/** A password field with a show/hide switch. Never stored: the value lives only in the form's state. */
export function PasswordInput({
  label,
  value,
  onChange,
  autoFocus,
  describedBy,
  isNew,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  autoFocus?: boolean;
  describedBy?: string;
  isNew?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const [shown, setShown] = useState(false);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="path-row">
        <input
          id={id}
          type={shown ? 'text' : 'password'}
          value={value}
          autoComplete={isNew ? 'new-password' : 'current-password'}
          spellCheck={false}
          autoFocus={autoFocus}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
        <button type="button" aria-pressed={shown} onClick={() => setShown((s) => !s)}>
          {t(shown ? 'password.hide' : 'password.show')}
        </button>
      </div>
    </div>
  );
}

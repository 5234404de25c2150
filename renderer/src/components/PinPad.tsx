import { useId, useRef } from 'react';
import { PIN_LENGTH } from '../data/rules';
import { useI18n } from '../i18n';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/**
 * The 6-digit 금융인증서 PIN: typed on the keyboard into a masked field, or tapped on the pad.
 * Shows the tries left before the cloud locks the certificate.
 */
export function PinPad({
  label,
  value,
  onChange,
  triesLeft,
  disabled,
  autoFocus,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  triesLeft?: number | null;
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const set = (next: string) => onChange(next.replace(/\D/g, '').slice(0, PIN_LENGTH));
  const press = (digit: string) => {
    set(value + digit);
    input.current?.focus();
  };
  return (
    <div className="pin-pad field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={input}
        className="pin-input"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={PIN_LENGTH}
        pattern="[0-9]*"
        value={value}
        disabled={disabled}
        autoFocus={autoFocus}
        aria-describedby={`${id}-state`}
        onChange={(e) => set(e.target.value)}
      />
      <div className="pin-dots" aria-hidden="true">
        {Array.from({ length: PIN_LENGTH }, (_, i) => (
          <span key={i} className={i < value.length ? 'pin-dot filled' : 'pin-dot'} />
        ))}
      </div>
      <p id={`${id}-state`} className="muted small">
        {t('pin.entered', { count: value.length, total: PIN_LENGTH })}
        {triesLeft !== undefined && triesLeft !== null && ` · ${t('pin.triesLeft', { tries: triesLeft })}`}
      </p>
      <div className="pin-keys" role="group" aria-label={t('pin.keypad')}>
        {DIGITS.map((digit) => (
          <button key={digit} type="button" disabled={disabled || value.length >= PIN_LENGTH} onClick={() => press(digit)}>
            {digit}
          </button>
        ))}
        <button type="button" disabled={disabled || value.length === 0} onClick={() => set(value.slice(0, -1))} aria-label={t('pin.backspace')}>
          ⌫
        </button>
        <button type="button" disabled={disabled || value.length === 0} onClick={() => set('')}>
          {t('pin.clear')}
        </button>
      </div>
    </div>
  );
}

import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { PIN_LENGTH } from '../data/rules';
import { useI18n } from '../i18n';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/** The digits in a fresh random order (Fisher–Yates on crypto.getRandomValues, rejection-sampled: no bias). */
export function shuffledDigits(random: (out: Uint32Array) => Uint32Array = (out) => crypto.getRandomValues(out)): string[] {
  const digits = [...DIGITS];
  const word = new Uint32Array(1);
  for (let i = digits.length - 1; i > 0; i--) {
    const range = i + 1;
    const limit = Math.floor(0x1_0000_0000 / range) * range;
    let r: number;
    do r = random(word)[0]!;
    while (r >= limit);
    const j = r % range;
    [digits[i], digits[j]] = [digits[j]!, digits[i]!];
  }
  return digits;
}

/**
 * The 6-digit 금융인증서 PIN (보안 키패드): typed on the keyboard into a masked field, or tapped on
 * the pad, whose digits are shuffled each time the pad appears (as Korean banking keypads do, so
 * where a finger taps tells nothing). Shows the tries left before the cloud locks the certificate,
 * and, when the pad cannot be used, why.
 */
export function PinPad({
  label,
  value,
  onChange,
  triesLeft,
  disabled,
  disabledReason,
  autoFocus,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  triesLeft?: number | null;
  disabled?: boolean;
  /** Said under the pad while it is disabled. */
  disabledReason?: string | null;
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const [order] = useState(shuffledDigits);
  const input = useRef<HTMLInputElement>(null);
  const set = (next: string) => onChange(next.replace(/\D/g, '').slice(0, PIN_LENGTH));
  // Every key hands focus back to the field (a key it disabled, ⌫ or Clear on the last digit, would lose it).
  const press = (next: string) => {
    set(next);
    input.current?.focus();
  };
  const off = Boolean(disabled);
  const keys = [
    ...order.map((digit) => ({ name: digit, text: digit, label: undefined, enabled: !off && value.length < PIN_LENGTH, next: value + digit })),
    { name: 'backspace', text: '⌫', label: t('pin.backspace'), enabled: !off && value.length > 0, next: value.slice(0, -1) },
    { name: 'clear', text: t('pin.clear'), label: undefined, enabled: !off && value.length > 0, next: '' },
  ];
  // The keys are one Tab stop (a toolbar): Tab goes from this field to the next, the arrows move
  // between keys. The stop is the key last focused, or the first enabled one.
  const [current, setCurrent] = useState(0);
  const stop = keys[current]?.enabled ? current : keys.findIndex((k) => k.enabled);
  function onArrow(event: KeyboardEvent<HTMLDivElement>) {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    const enabled = keys.flatMap((k, i) => (k.enabled ? [i] : []));
    const at = enabled.indexOf(current);
    let next: number | undefined;
    if (step) next = enabled[(at + step + enabled.length) % enabled.length];
    else if (event.key === 'Home') next = enabled[0];
    else if (event.key === 'End') next = enabled.at(-1);
    if (next === undefined) return;
    event.preventDefault();
    event.currentTarget.querySelectorAll('button')[next]?.focus();
  }
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
        aria-describedby={disabled && disabledReason ? `${id}-state ${id}-why` : `${id}-state`}
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
      {disabled && disabledReason && (
        <p id={`${id}-why`} className="small field-error">
          {disabledReason}
        </p>
      )}
      <div className="pin-keys" role="toolbar" aria-label={t('pin.keypad')} onKeyDown={onArrow}>
        {keys.map((key, i) => (
          <button
            key={key.name}
            type="button"
            disabled={!key.enabled}
            tabIndex={i === stop ? 0 : -1}
            onFocus={() => setCurrent(i)}
            onClick={() => press(key.next)}
            aria-label={key.label}
          >
            {key.text}
          </button>
        ))}
      </div>
    </div>
  );
}

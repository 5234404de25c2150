import type { BridgeError } from '../../../preload/errors';
import { useErrorText, useI18n, type MessageKey } from '../i18n';

/**
 * An error said once: main's message for it (its key and parameters, in the user's language), or a
 * sentence that fits this screen better (`overrides`); the code's general sentence only when main
 * sent no message the catalog knows.
 */
export function ErrorNotice({
  error,
  onRetry,
  compact,
  overrides,
}: {
  error: BridgeError;
  onRetry?: () => void;
  compact?: boolean;
  /** A sentence that fits this screen better than the code's general one (e.g. CONFLICT on import). */
  overrides?: Partial<Record<BridgeError['code'], MessageKey>>;
}) {
  const { t } = useI18n();
  const say = useErrorText();
  const override = overrides?.[error.code];
  const text = override ? t(override) : say(error);
  return (
    <div className={compact ? 'notice notice-error compact' : 'notice notice-error'} role="alert">
      {!compact && <strong>{t('error.title')}</strong>}
      <p>{text}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}

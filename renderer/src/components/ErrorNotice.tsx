import type { BridgeError } from '../../../preload/errors';
import { localizedDetail, useI18n, type MessageKey } from '../i18n';

/**
 * An error said in two parts: the catalog's sentence for the code (what happened and what to do),
 * then main's own message (the specifics: which file, which rule) as detail.
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
  const { t, language } = useI18n();
  const detail = localizedDetail(error.message, language);
  return (
    <div className={compact ? 'notice notice-error compact' : 'notice notice-error'} role="alert">
      {!compact && <strong>{t('error.title')}</strong>}
      <p>{t(overrides?.[error.code] ?? `error.${error.code}`)}</p>
      {detail && <p className="detail">{detail}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}

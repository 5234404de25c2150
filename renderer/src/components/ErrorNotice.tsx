import type { BridgeError } from '../../../preload/errors';
import { localizedDetail, useI18n } from '../i18n';

/**
 * An error said in two parts: the catalog's sentence for the code (what happened and what to do),
 * then main's own message (the specifics: which file, which rule) as detail.
 */
export function ErrorNotice({ error, onRetry, compact }: { error: BridgeError; onRetry?: () => void; compact?: boolean }) {
  const { t, language } = useI18n();
  const detail = localizedDetail(error.message, language);
  return (
    <div className={compact ? 'notice notice-error compact' : 'notice notice-error'} role="alert">
      {!compact && <strong>{t('error.title')}</strong>}
      <p>{t(`error.${error.code}`)}</p>
      {detail && <p className="detail">{detail}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}

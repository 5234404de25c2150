import type { BridgeError } from '../../../preload/errors';
import { useI18n, type MessageKey } from '../i18n';

/** Says what happened in the user's language; the main process already wrote a user-facing message. */
export function ErrorNotice({ error, onRetry }: { error: BridgeError; onRetry?: () => void }) {
  const { t } = useI18n();
  const key = `error.${error.code}` as MessageKey;
  let text: string;
  try {
    text = t(key, { message: error.message });
  } catch {
    text = error.message;
  }
  return (
    <div className="notice notice-error" role="alert">
      <strong>{t('error.title')}</strong>
      <p>{text}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}

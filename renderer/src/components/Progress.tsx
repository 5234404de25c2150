import type { Events } from '../../../preload/types';
import { useErrorText, useI18n } from '../i18n';

/** A bulk operation's progress from the `progress` push events, item by item. */
export function ProgressView({ events, onCancel }: { events: Events['progress'][]; onCancel?: () => void }) {
  const { t } = useI18n();
  const say = useErrorText();
  const last = events.at(-1);
  return (
    <div className="progress-view">
      <label className="progress-label">
        {last ? t('progress.count', { finished: last.finished, total: last.total }) : t('progress.starting')}
        <progress max={last?.total ?? 1} value={last?.finished ?? 0} />
      </label>
      {events.length > 0 && (
        <ul className="progress-log small">
          {events.map((e, i) => (
            <li key={i} className={e.status === 'failed' ? 'failed' : undefined}>
              {t(e.status === 'done' ? 'progress.done' : 'progress.failed', { item: e.item })}
              {e.error && ` — ${say(e.error)}`}
            </li>
          ))}
        </ul>
      )}
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      )}
    </div>
  );
}

import type { CertificateRow } from '../../../preload/types';
import { useI18n } from '../i18n';
import { caOrganisation } from '../model/labels';
import { problemOf, revokeLink, type Remedy } from '../model/problems';
import { useNavigation } from '../state/navigation';
import { useToasts } from '../state/toasts';

/** Opens a CA page in the system browser (main allows only the CAs' origins). */
export function useOpenExternal() {
  const { t } = useI18n();
  const toasts = useToasts();
  return async (url: string) => {
    const outcome = await window.dojang.openExternal({ url });
    if (outcome.ok) toasts.show({ tone: 'info', text: t('problem.opened') });
    else toasts.show({ tone: 'error', text: t(`error.${outcome.error.code}`) });
  };
}

/**
 * For a certificate that cannot be used as it is (item 8 of the UI issue): what is wrong, what the
 * user can do, and the issuing CA's page for it. Also "lost or stolen? revoke it" for local certificates.
 */
export function ProblemPanel({ row, onShowCopies, onRenewCloud }: { row: CertificateRow; onShowCopies?: () => void; onRenewCloud?: () => void }) {
  const { t, language } = useI18n();
  const { navigate } = useNavigation();
  const open = useOpenExternal();
  const problem = problemOf(row);
  const revoke = revokeLink(row);

  const button = (remedy: Remedy, i: number) => {
    switch (remedy.kind) {
      case 'link':
        return (
          <button key={i} type="button" className="primary" onClick={() => void open(remedy.url!)}>
            {t(`problem.link.${remedy.action!}`, { ca: row.kind === 'cloud' ? t('kind.cloud') : caOrganisation(row, language) })}
          </button>
        );
      case 'unlock':
        return (
          <button key={i} type="button" className="primary" onClick={() => navigate({ name: 'cloud' })}>
            {t('problem.unlock')}
          </button>
        );
      case 'renewCloud':
        return onRenewCloud ? (
          <button key={i} type="button" className="primary" onClick={onRenewCloud}>
            {t('problem.renewCloud')}
          </button>
        ) : null;
      case 'reissueCloud':
        return (
          <button key={i} type="button" onClick={() => navigate({ name: 'cloud' })}>
            {t('problem.reissueCloud')}
          </button>
        );
      case 'findCopy':
        return onShowCopies ? (
          <button key={i} type="button" onClick={onShowCopies}>
            {t('problem.findCopy')}
          </button>
        ) : null;
    }
  };

  return (
    <>
      {problem && (
        <section className={`problem problem-${problem.kind}`} aria-labelledby="problem-title">
          <h2 id="problem-title">{t(`problem.${problem.kind}.title`)}</h2>
          <p>{t(`problem.${problem.kind}.${row.kind}`)}</p>
          {problem.remedies.length > 0 && <div className="button-row">{problem.remedies.map(button)}</div>}
        </section>
      )}
      {revoke && row.kind === 'npki' && (
        <p className="muted small lost-line">
          {t('problem.lost')}{' '}
          <button type="button" className="link-button" onClick={() => void open(revoke)}>
            {t('problem.link.revoke', { ca: caOrganisation(row, language) })}
          </button>
        </p>
      )}
    </>
  );
}

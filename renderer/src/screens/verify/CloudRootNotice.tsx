import type { CloudRootOffer, TrustAnchorView } from '../../../../preload/areas/verify';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate } from '../../format';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-call';

/**
 * The configured 금융인증서 service's root, offered for pinning on first use: where it comes from,
 * its subject and SHA-256, and one button. `from`: a report's chain stopped at it, or the trust settings.
 */
export function CloudRootNotice({ offer, from, onPinned }: { offer: CloudRootOffer; from: 'report' | 'settings'; onPinned(anchors: TrustAnchorView[]): void }) {
  const { t } = useI18n();
  const pin = useAction<TrustAnchorView[]>();
  const heading = t('cloudRoot.heading');
  if (offer.state === 'pinned') return null;
  return (
    <div className={`notice ${offer.state === 'changed' ? 'notice-error' : 'notice-warn'} cloud-root`} role="group" aria-label={heading}>
      <strong>{heading}</strong>
      <p>{t(from === 'report' ? 'cloudRoot.fromReport' : 'cloudRoot.fromSettings', { url: offer.url })}</p>
      <dl className="small">
        <dt>{t('trust.subject')}</dt>
        <dd>{offer.root.subject}</dd>
        <dt>SHA-256</dt>
        <dd>
          <code>{offer.root.fingerprintColons}</code>
        </dd>
        <dt>{t('trust.validity')}</dt>
        <dd>
          {formatDate(offer.root.notBefore)} – {formatDate(offer.root.notAfter)}
        </dd>
      </dl>
      {offer.state === 'changed' ? (
        <p>{t('cloudRoot.changed')}</p>
      ) : (
        <>
          <p>{t('cloudRoot.question')}</p>
          <button
            type="button"
            disabled={pin.busy}
            onClick={() =>
              void pin.run(window.dojang.pinCloudRoot({ fingerprintSha256: offer.root.fingerprintSha256 })).then((o) => {
                if (o.ok) onPinned(o.value);
              })
            }
          >
            {t(pin.busy ? 'common.working' : 'cloudRoot.trust')}
          </button>
        </>
      )}
      {pin.state.status === 'error' && <ErrorNotice error={pin.state.error} compact />}
    </div>
  );
}

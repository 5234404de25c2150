import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { CertificateDetails, CertificateRow, ChainLink } from '../../../../preload/types';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProblemPanel } from '../../components/ProblemPanel';
import { ScreenHeading } from '../../components/ScreenHeading';
import { KindBadge, StateBadge } from '../../components/StateBadge';
import { TransferForm } from '../../components/TransferForm';
import { formatDate, formatDateTime, formatHex } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import { daysLeftText } from '../../model/expiry-text';
import { caName, locationLabel, usageLabel, whereUsable } from '../../model/labels';
import { fingerprintText, keyFormatText, modifiedText, sortCopies, type CopyView } from '../../model/copies';
import { rowState } from '../../model/rows';
import { useRow, useCertificates } from '../../state/certificates';
import { useNavigation } from '../../state/navigation';
import { useCall } from '../../use-call';
import { CloudRenewDialog } from '../financial/CloudDialogs';
import { ChangePasswordDialog, DeleteDialog, ExportPfxDialog, TestPasswordDialog, VidDialog } from './KeyDialogs';
import { SignDialog } from './SignDialog';

type DialogName = 'test' | 'change' | 'copy' | 'export' | 'sign' | 'vid' | 'delete' | 'renew';

/** One field: the label in the user's language, and in Korean mode the English term beside it. */
function Field({ label, children }: { label: MessageKey; children: ReactNode }) {
  const { t, tEn, language } = useI18n();
  return (
    <div className="field-line">
      <dt>
        {t(label)}
        {language === 'ko' && (
          <span className="term" lang="en">
            {tEn(label)}
          </span>
        )}
      </dt>
      <dd>{children}</dd>
    </div>
  );
}

const LINK_ICON: Record<ChainLink['status'], string> = { ok: '✓', expired: '✕', notYetValid: '◌', badSignature: '✕', missingIssuer: '?', untrustedRoot: '!' };

/** The certification path, leaf first; `extra` adds lines under a link (the verify report's revocation). */
export function Chain({ chain, extra }: { chain: ChainLink[]; extra?: (link: ChainLink) => ReactNode }) {
  const { t } = useI18n();
  if (chain.length === 0) return <p className="muted">{t('chain.none')}</p>;
  return (
    <ol className="chain">
      {chain.map((link, i) => (
        <li key={`${link.serialHex}-${i}`} className={`chain-link chain-${link.status}`}>
          <span className="chain-icon" aria-hidden="true">
            {LINK_ICON[link.status]}
          </span>
          <div>
            <div className="chain-subject">{link.subject}</div>
            <div className="small">
              <strong>{t(`chain.status.${link.status}`)}</strong>
              {link.isTrustAnchor && ` · ${t('chain.anchor')}`} · {t('chain.until', { date: formatDate(link.notAfter) })}
            </div>
            <div className="small muted">{t(`chain.explain.${link.status}`)}</div>
            {extra?.(link)}
          </div>
        </li>
      ))}
    </ol>
  );
}

function Fields({ row, details }: { row: CertificateRow; details: CertificateDetails | null }) {
  const { t, language } = useI18n();
  const list = (items: string[]) => (items.length === 0 ? '—' : items.join(', '));
  return (
    <dl className="fields">
      <Field label="field.holder">{row.holder ?? '—'}</Field>
      <Field label="field.kind">{t(row.kind === 'cloud' ? 'kind.cloud' : 'kind.npki')}</Field>
      <Field label="field.ca">{caName(row, language)}</Field>
      <Field label="field.usage">
        {usageLabel(row, t, language)}
        {/* Where it is accepted, in Compare's words; a limited one without repeating its 용도. */}
        {(row.policy || row.kind === 'cloud') && (
          <span className="muted small"> · {row.kind === 'npki' && !row.policy?.general ? t('field.limited') : whereUsable(row, t, language)}</span>
        )}
      </Field>
      <Field label="field.validity">
        {formatDate(row.notBefore)} – {formatDate(row.notAfter)}
      </Field>
      <Field label="field.daysLeft">{daysLeftText(row, t)}</Field>
      <Field label="field.lastUsed">{row.lastUsedAt ? formatDateTime(row.lastUsedAt) : t('field.neverUsed')}</Field>
      <Field label="field.serial">
        <code>{formatHex(row.serialHex)}</code>
      </Field>
      <Field label="field.subject">
        <code>{row.subject ?? '—'}</code>
      </Field>
      <Field label="field.issuer">
        <code>{row.issuer ?? '—'}</code>
      </Field>
      <Field label="field.fingerprint">
        <code>{formatHex(row.fingerprintSha256)}</code>
      </Field>
      {details && (
        <>
          <Field label="field.keyAlgorithm">{details.keyBits ? `${details.keyAlgorithm} ${details.keyBits} bit` : details.keyAlgorithm}</Field>
          <Field label="field.signatureAlgorithm">{details.signatureAlgorithm}</Field>
          <Field label="field.keyUsage">{list(details.keyUsage)}</Field>
          <Field label="field.policies">
            <code>{list(details.policies)}</code>
          </Field>
          <Field label="field.crl">
            {details.crlDistributionPoints.length
              ? details.crlDistributionPoints.map((u) => (
                  <code key={u} className="block">
                    {u}
                  </code>
                ))
              : '—'}
          </Field>
          <Field label="field.ocsp">
            {details.ocspUrls.length
              ? details.ocspUrls.map((u) => (
                  <code key={u} className="block">
                    {u}
                  </code>
                ))
              : '—'}
          </Field>
          <Field label="field.vid">{details.vid ? t('field.vidYes', { alg: details.vid.hashAlg }) : t('field.vidNo')}</Field>
          <Field label="field.km">{details.km ? t('field.kmYes', { serial: formatHex(details.km.serialHex), date: formatDate(details.km.notAfter) }) : t('field.kmNo')}</Field>
        </>
      )}
      {row.kind === 'npki' && <Field label="field.privateKey">{t(row.hasKey ? 'field.keyPresent' : 'field.keyMissing')}</Field>}
      {row.cloud && <Field label="field.pin">{row.cloud.pinLocked ? t('cloud.pinLocked') : t('pin.triesLeft', { tries: row.cloud.triesLeft ?? '—' })}</Field>}
      <Field label="field.location">{locationLabel(row, t)}</Field>
      {row.kind === 'npki' && (
        <Field label="field.path">
          <code>{row.path}</code>
        </Field>
      )}
    </dl>
  );
}

/**
 * Every copy of this certificate, side by side: where it lives (medium and full folder) and its key
 * file (format, iterations, fingerprint, last change). A value that differs between copies is
 * marked; the order is stable (by path).
 */
function Copies({ details, currentId }: { details: CertificateDetails; currentId: string }) {
  const { t } = useI18n();
  const { navigate } = useNavigation();
  if (details.copies.filter((c) => c.id !== currentId).length === 0) return <p className="muted">{t('copies.none')}</p>;
  const copies = sortCopies(details.copies);
  const format = (c: CopyView) => `${keyFormatText(c, t)}${c.keyFile?.iterations ? ` · ${c.keyFile.iterations}` : ''}`;
  const fingerprint = fingerprintText;
  const modified = modifiedText;
  const differs = (value: (c: CopyView) => string) => new Set(copies.map(value)).size > 1;
  const rows: [MessageKey, (c: CopyView) => string][] = [
    ['copies.keyFormat', format],
    ['copies.keyFingerprint', fingerprint],
    ['copies.keyModified', modified],
  ];
  return (
    <div className="copies-scroll">
      <table className="copies-table">
        <thead>
          <tr>
            <th scope="col">{t('copies.where')}</th>
            {rows.map(([label, value]) => (
              <th key={label} scope="col">
                {t(label)}
                {differs(value) && <span className="tag"> {t('copies.differs')}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {copies.map((copy) => (
            <tr key={copy.id} aria-current={copy.id === currentId ? 'true' : undefined}>
              <th scope="row">
                {copy.id === currentId ? (
                  <strong>
                    {t(`location.${copy.location.kind}`)} · {copy.location.label} ({t('copies.thisCopy')})
                  </strong>
                ) : (
                  <button type="button" className="link-button" onClick={() => navigate({ name: 'details', id: copy.id })}>
                    {t(`location.${copy.location.kind}`)} · {copy.location.label}
                  </button>
                )}
                <div>
                  <code className="small muted">{copy.path}</code>
                </div>
              </th>
              {rows.map(([label, value]) => (
                <td key={label} className={differs(value) ? 'differs' : undefined}>
                  {label === 'copies.keyFingerprint' ? <code>{value(copy)}</code> : value(copy)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">{t('copies.compareHelp')}</p>
    </div>
  );
}

function LocalDetails({ row }: { row: CertificateRow }) {
  const [state, reload] = useCall(() => window.dojang.getCertificateDetails({ id: row.id }));
  const { t } = useI18n();
  // A new scan (after a copy, move, delete or restore, or a drive plugged in) may change the other
  // places that hold this certificate: ask again, so the copies table is never stale.
  const scannedAt = useCertificates().list?.scannedAt;
  const shownScan = useRef(scannedAt);
  useEffect(() => {
    if (shownScan.current === scannedAt) return;
    shownScan.current = scannedAt;
    reload();
  }, [scannedAt, reload]);
  const copiesRef = useRef<HTMLElement>(null);
  const details = state.status === 'ok' ? state.value : null;
  return (
    <>
      <ProblemPanel row={row} onShowCopies={() => copiesRef.current?.focus()} />
      <section aria-labelledby="fields-title" className="panel">
        <h2 id="fields-title">{t('details.fields')}</h2>
        {state.status === 'error' && !row.damaged && <ErrorNotice error={state.error} onRetry={reload} compact />}
        <Fields row={row} details={details} />
      </section>
      <section aria-labelledby="chain-title" className="panel">
        <h2 id="chain-title">{t('details.chain')}</h2>
        {state.status === 'loading' && <p role="status">{t('common.loading')}</p>}
        {details && <Chain chain={details.chain} />}
      </section>
      <section aria-labelledby="copies-title" className="panel" ref={copiesRef} tabIndex={-1}>
        <h2 id="copies-title">{t('details.copies')}</h2>
        {details && <Copies details={details} currentId={row.id} />}
      </section>
    </>
  );
}

function Actions({ row, open }: { row: CertificateRow; open(d: DialogName): void }) {
  const { t } = useI18n();
  const { navigate } = useNavigation();
  const whyId = useId();
  const state = rowState(row);
  // A disabled action says why, beside the buttons and to a screen reader (aria-describedby).
  const reasons: { id: string; text: string }[] = [];
  const button = (name: DialogName, label: MessageKey, enabled = true, why?: MessageKey, cls?: string) => {
    let describedBy: string | undefined;
    if (!enabled && why) {
      describedBy = `${whyId}-${why.replace(/\W/g, '')}`;
      if (!reasons.some((r) => r.id === describedBy)) reasons.push({ id: describedBy, text: t(why) });
    }
    return (
      <button type="button" className={cls} disabled={!enabled} aria-describedby={describedBy} title={describedBy && why ? t(why) : undefined} onClick={() => open(name)}>
        {t(label)}
      </button>
    );
  };
  // Called after the buttons: they fill `reasons`.
  const why = () =>
    reasons.length > 0 && (
      <div className="small muted action-reasons">
        {reasons.map((r) => (
          <p key={r.id} id={r.id}>
            {r.text}
          </p>
        ))}
      </div>
    );
  if (row.kind === 'cloud') {
    const buttons = (
      <>
        {button('sign', 'action.sign', state !== 'locked' && state !== 'expired', state === 'locked' ? 'pin.lockedReason' : 'error.CERT_EXPIRED')}
        {button('renew', 'action.renewCloud', state === 'renewal' || !!row.cloud?.renewalOffered, state === 'expired' ? 'error.CERT_EXPIRED' : 'cloud.renewNotDue')}
      </>
    );
    return (
      <>
        <div className="actions" role="group" aria-label={t('details.actions')}>
          {buttons}
          <button type="button" onClick={() => navigate({ name: 'cloud' })}>
            {t('action.openCloud')}
          </button>
        </div>
        {why()}
      </>
    );
  }
  const key = row.hasKey && !row.damaged;
  const noKey: MessageKey = row.damaged ? 'actions.damaged' : 'actions.noKey';
  const buttons = (
    <>
      {button('test', 'action.testPassword', key, noKey)}
      {button('change', 'action.changePassword', key, noKey)}
      {button('copy', 'action.copyMove', !row.damaged, 'actions.damaged')}
      {button('export', 'action.exportPfx', key, noKey)}
      {button('sign', 'action.sign', key, noKey)}
      {button('vid', 'action.vid', key, noKey)}
      {button('delete', 'action.delete', true, undefined, 'danger')}
    </>
  );
  return (
    <>
      <div className="actions" role="group" aria-label={t('details.actions')}>
        {buttons}
      </div>
      {why()}
    </>
  );
}

/** Everything about one certificate, what can be done with it, and what to do when something is wrong. */
export function DetailsScreen({ id, arriving }: { id: string; arriving?: CertificateRow }) {
  const { t } = useI18n();
  const listed = useRow(id);
  // A renewal's new certificate, shown as the cloud returned it until the reloading list has it.
  const [pending, setPending] = useState(arriving ?? null);
  if (listed && pending) setPending(null);
  const row = listed ?? pending;
  const { status, reload, rows } = useCertificates();
  const { back, navigate, replace } = useNavigation();
  const [dialog, setDialog] = useState<DialogName | null>(null);
  // The row as last shown: when it goes (a USB stick pulled, the folder renamed or moved), say which and where.
  const [gone, setLastSeen] = useState<CertificateRow | null>(row);
  if (row && row !== gone) setLastSeen(row);
  const others = gone?.copyKey ? sortCopies(rows.filter((r) => r.copyKey === gone.copyKey)) : [];
  const close = () => setDialog(null);

  const backButton = (
    <button type="button" className="back-button link-button" onClick={back}>
      ← {t('common.back')}
    </button>
  );
  if (!row)
    return (
      <section aria-labelledby="screen-title" className="screen">
        {backButton}
        <ScreenHeading>{t('details.heading')}</ScreenHeading>
        {status === 'loading' || !gone ? (
          <p role="status">{status === 'loading' ? t('common.loading') : t('details.gone')}</p>
        ) : (
          <div className="notice notice-info" role="status">
            <p>
              {gone.location.kind === 'drive'
                ? t('details.goneDrive', { holder: gone.holder ?? '', drive: gone.location.driveLabel ?? gone.location.label })
                : t('details.goneFolder', { holder: gone.holder ?? '', path: gone.path })}
            </p>
            {others.length > 0 && (
              <>
                <p>{t('details.goneOthers')}</p>
                <ul>
                  {others.map((o) => (
                    <li key={o.id}>
                      <button type="button" className="link-button" onClick={() => navigate({ name: 'details', id: o.id })}>
                        {locationLabel(o, t)}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </section>
    );

  return (
    <section aria-labelledby="screen-title" className="screen details">
      {backButton}
      <header className="screen-header">
        <div>
          <ScreenHeading>{row.damaged ? t('certs.damaged') : (row.holder ?? '—')}</ScreenHeading>
          <div className="badges">
            <KindBadge kind={row.kind} /> <StateBadge row={row} />
          </div>
        </div>
      </header>
      <Actions row={row} open={setDialog} />
      {row.kind === 'npki' ? (
        <LocalDetails key={row.id} row={row} />
      ) : (
        <>
          <ProblemPanel row={row} onRenewCloud={() => setDialog('renew')} />
          <section aria-labelledby="fields-title" className="panel">
            <h2 id="fields-title">{t('details.fields')}</h2>
            <Fields row={row} details={null} />
          </section>
        </>
      )}
      {dialog === 'test' && <TestPasswordDialog row={row} onClose={close} />}
      {dialog === 'change' && <ChangePasswordDialog row={row} onClose={close} />}
      {dialog === 'export' && <ExportPfxDialog row={row} onClose={close} />}
      {dialog === 'vid' && <VidDialog row={row} onClose={close} />}
      {dialog === 'sign' && <SignDialog row={row} onClose={close} onAttempt={reload} />}
      {dialog === 'renew' && (
        // The renewal replaces this certificate (the old one leaves the list): show the new one in
        // this screen's place, so Back still leads to where the user came from. Its heading takes
        // focus (ScreenHeading), as on any screen just opened: the pressed button is gone.
        <CloudRenewDialog row={row} onClose={close} onDone={(renewed) => replace({ name: 'details', id: renewed.id, row: renewed })} />
      )}
      {dialog === 'delete' && <DeleteDialog row={row} onClose={close} onDeleted={back} />}
      {dialog === 'copy' && (
        <Dialog title={t('action.copyMove')} onClose={close} wide>
          <TransferForm ids={[row.id]} />
        </Dialog>
      )}
    </section>
  );
}

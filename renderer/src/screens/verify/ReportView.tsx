import { useEffect, useRef, useState } from 'react';
import type { ChosenPath } from '../../../../preload/areas/files';
import type { CheckName, VerifyReport } from '../../../../preload/areas/verify';
import type { ChainLink } from '../../../../preload/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FileField } from '../../components/FileField';
import { formatDate, formatDateTime, formatHex } from '../../format';
import { checkDetail, useI18n } from '../../i18n';
import { useAction } from '../../use-call';
import { Chain } from '../details/DetailsScreen';
import { CloudRootNotice } from './CloudRootNotice';

const VERDICT_ICON = { valid: '✓', invalid: '✕', indeterminate: '?' } as const;

/** The checks about the signature bytes themselves: only their failure makes "an invalid signature". */
const SIGNATURE_CHECKS: readonly CheckName[] = ['signature', 'contentDigest', 'signedAttributes'];

/** The headline names the failing (or undecided) checks: a VID mismatch is not "an invalid signature". */
function headline(report: VerifyReport, t: ReturnType<typeof useI18n>['t']): string {
  const names = (ok: boolean | null) => report.checks.filter((c) => c.ok === ok).map((c) => t(`check.${c.name}`));
  if (report.verdict === 'valid') return t('verdict.valid');
  if (report.verdict === 'indeterminate') return t('verdict.undecided', { checks: names(null).join(', ') });
  const failed = report.checks.filter((c) => c.ok === false);
  if (failed.length === 0) return t('verdict.invalid');
  const key = failed.some((c) => SIGNATURE_CHECKS.includes(c.name)) ? 'verdict.invalidSignature' : 'verdict.failedCheck';
  return t(key, { checks: names(false).join(', ') });
}

function checkIcon(ok: boolean | null): string {
  return ok === true ? '✓' : ok === false ? '✕' : '?';
}

/** Where a link came from and how its revocation was checked (OCSP / CRL / ARL address, cached, or why unknown). */
function LinkLines({ link }: { link: ChainLink }) {
  const { t, language } = useI18n();
  const r = link.revocation;
  return (
    <>
      {link.origin && <div className="small">{t(`link.origin.${link.origin}`)}</div>}
      {r && (
        <div className={`small link-revocation link-revocation-${r.status}`}>
          <strong>{t(`link.revocation.${r.status}`)}</strong>
          {r.source && ` · ${r.source.toUpperCase()} `}
          {r.source && (r.url ? <code>{r.url}</code> : t('link.revocation.localFile'))}
          {r.cached && ` · ${t('link.revocation.cached')}`}
          {r.status !== 'good' && <div className="muted">{checkDetail(r, language)}</div>}
        </div>
      )}
    </>
  );
}

/**
 * The verdict first, then each check with what it means; the report can be saved as JSON. A chain that
 * stops at the configured cloud's root offers that root; once pinned, `onRecheck` checks again
 * (without it, e.g. for a spent sign-in challenge, the user is told to start over).
 */
export function ReportView({ report, onRecheck }: { report: VerifyReport; onRecheck?: () => void }) {
  const { t, language } = useI18n();
  const [outFile, setOutFile] = useState<ChosenPath | null>(null);
  const save = useAction<{ path: string }>();
  const [pinned, setPinned] = useState(false);
  const verdict = useRef<HTMLDivElement>(null);
  // The verdict is what the user came for: bring it into view and put focus on it.
  useEffect(() => {
    verdict.current?.scrollIntoView({ block: 'start' });
    verdict.current?.focus({ preventScroll: true });
  }, [report]);
  return (
    <section className="report" aria-labelledby="verdict-title">
      <div className={`verdict verdict-${report.verdict}`} role="status" ref={verdict} tabIndex={-1}>
        <span className="verdict-icon" aria-hidden="true">
          {VERDICT_ICON[report.verdict]}
        </span>
        <div>
          <h2 id="verdict-title">{headline(report, t)}</h2>
          <p>{t(`verdict.${report.verdict}.explain`)}</p>
        </div>
      </div>
      {report.cloudRoot && <CloudRootNotice offer={report.cloudRoot} from="report" onPinned={() => (onRecheck ? onRecheck() : setPinned(true))} />}
      {pinned && (
        <p role="status" className="notice notice-ok">
          {t('cloudRoot.pinnedStartOver')}
        </p>
      )}
      {report.signer && (
        <dl className="fields compact">
          <div className="field-line">
            <dt>{t('report.signer')}</dt>
            <dd>{report.signer.holder}</dd>
          </div>
          <div className="field-line">
            <dt>{t('field.issuer')}</dt>
            <dd>
              <code>{report.signer.issuer}</code>
            </dd>
          </div>
          <div className="field-line">
            <dt>{t('field.serial')}</dt>
            <dd>
              <code>{formatHex(report.signer.serialHex)}</code>
            </dd>
          </div>
          <div className="field-line">
            <dt>{t('report.notAfter')}</dt>
            <dd>{formatDate(report.signer.notAfter)}</dd>
          </div>
          <div className="field-line">
            <dt>{t('report.signingTime')}</dt>
            <dd>{report.signingTime ? formatDateTime(report.signingTime) : t('report.noSigningTime')}</dd>
          </div>
        </dl>
      )}
      <ul className="checks">
        {report.checks.map((check) => (
          <li key={check.name} className={`check check-${check.ok === true ? 'ok' : check.ok === false ? 'bad' : 'unknown'}`}>
            <span className="check-icon" aria-hidden="true">
              {checkIcon(check.ok)}
            </span>
            <div>
              <strong>{t(`check.${check.name satisfies CheckName}`)}</strong> — {t(check.ok === true ? 'check.passed' : check.ok === false ? 'check.failed' : 'check.unknown')}
              <div className="small">{t(`check.${check.name}.explain`)}</div>
              {check.detail && <div className="small muted">{checkDetail(check, language)}</div>}
            </div>
          </li>
        ))}
      </ul>
      {report.chain.length > 0 && (
        <section aria-labelledby="report-chain-title">
          <h3 id="report-chain-title">{t('report.chain')}</h3>
          <Chain chain={report.chain} extra={(link) => <LinkLines link={link} />} />
        </section>
      )}
      <form
        className="save-report"
        onSubmit={(e) => {
          e.preventDefault();
          if (!outFile) return;
          // The handle is spent by the write: saving again chooses again.
          void save.run(window.dojang.saveReport({ report: { ...report }, outFile: outFile.handle })).then((o) => o.ok && setOutFile(null));
        }}
      >
        <FileField label={t('report.savePath')} purpose="save-report" defaultName="dojang-report.json" value={outFile} onChange={setOutFile} />
        <button type="submit" disabled={!outFile || save.busy}>
          {t('report.save')}
        </button>
        {save.state.status === 'ok' && (
          <p role="status" className="small">
            {t('report.saved')} <code>{save.state.value.path}</code>
          </p>
        )}
        {save.state.status === 'error' && <ErrorNotice error={save.state.error} compact />}
      </form>
    </section>
  );
}

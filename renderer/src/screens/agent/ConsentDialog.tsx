import { useId, useState, type FormEvent } from 'react';
import type { AgentConsentView, AgentContentItem } from '../../../../preload/areas/agent';
import type { CertificateRow } from '../../../../preload/types';
import { Dialog, DialogActions } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PasswordInput } from '../../components/PasswordInput';
import { PinPad } from '../../components/PinPad';
import { StateBadge } from '../../components/StateBadge';
import { PIN_LENGTH } from '../../data/rules';
import { formatDate, formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { caName, locationLabel, usageLabel } from '../../model/labels';
import { useAction } from '../../use-call';

function formatBytes(size: number): string {
  return size < 1024 ? `${size} B` : size < 1024 * 1024 ? `${(size / 1024).toFixed(1)} KiB` : `${(size / 1024 / 1024).toFixed(1)} MiB`;
}

/** One item as the user is bound by it: a text in full (scrollable, focusable so the keyboard scrolls it), or a file by name, size and hash. */
function ContentItemView({ item, index, count }: { item: AgentContentItem; index: number; count: number }) {
  const { t } = useI18n();
  const label = count > 1 ? t('agent.item', { n: index + 1, count }) : t('agent.content');
  if (item.kind === 'text')
    return (
      <pre className="agent-text" tabIndex={0} role="region" aria-label={label}>
        {item.text}
      </pre>
    );
  return (
    <dl className="agent-binary" aria-label={label}>
      <dt>{t('agent.fileName')}</dt>
      <dd>{item.name}</dd>
      <dt>{t('agent.fileSize')}</dt>
      <dd>{formatBytes(item.size)}</dd>
      <dt>SHA-256</dt>
      <dd>
        <code className="mono break">{item.sha256}</code>
      </dd>
    </dl>
  );
}

function CertificateChoice({ row, checked, onChoose }: { row: CertificateRow; checked: boolean; onChoose(): void }) {
  const { t, language } = useI18n();
  return (
    <li>
      <label className="radio">
        <input type="radio" name="agent-certificate" checked={checked} onChange={onChoose} />
        <span>
          <strong>{row.holder ?? '—'}</strong> · {t(`kind.${row.kind}`)} · {caName(row, language)} · {usageLabel(row, t, language)} · {formatDate(row.notAfter)}{' '}
          <StateBadge row={row} />
          <span className="small muted block">{locationLabel(row, t)}</span>
        </span>
      </label>
    </li>
  );
}

/**
 * Dojang's consent for a web page's signing request, every time: who asks (the origin as the
 * browser reported it, punycode with its Unicode form beside it), for what (the sign type), what
 * exactly (each text in full, each file by name, size and SHA-256), whether the R value goes too,
 * the matching certificates only, and the password or PIN. Escape or Cancel answers the page
 * USER_CANCELLED; nothing is remembered but, if the user asks, the site on the allow list.
 */
export function ConsentDialog({ view, onDone }: { view: AgentConsentView; onDone(signed: boolean): void }) {
  const { t } = useI18n();
  const detailsId = useId();
  const [rows, setRows] = useState(view.certificates);
  const [chosen, setChosen] = useState<string | null>(view.certificates.length === 1 ? view.certificates[0]!.id : null);
  const [secret, setSecret] = useState('');
  const [allowSite, setAllowSite] = useState(false);
  const action = useAction<{ signed: true }>();
  const row = rows.find((r) => r.id === chosen) ?? null;
  const cloud = row?.kind === 'cloud';
  const locked = cloud && row.cloud?.pinLocked === true;
  const secretOk = cloud ? secret.length === PIN_LENGTH : secret.length > 0;

  function choose(id: string) {
    // Switching certificates clears what was typed for the other one.
    setChosen(id);
    setSecret('');
    action.reset();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!row || !secretOk || locked) return;
    const outcome = await action.run(
      window.dojang.agentDecide({ requestId: view.requestId, certificateId: row.id, ...(cloud ? { pin: secret } : { password: secret }), ...(allowSite ? { allowSite } : {}) }),
    );
    setSecret('');
    if (outcome.ok) return onDone(true);
    // Still waiting? (The page may have closed meanwhile.) A 금융인증서 attempt also changes the tries left, or locks it.
    const fresh = await window.dojang.agentPending({});
    if (!fresh.ok) return;
    if (fresh.value.request?.requestId !== view.requestId) return onDone(false);
    setRows(fresh.value.request.certificates);
  }

  async function cancel(denySite = false) {
    await window.dojang.agentCancel({ requestId: view.requestId, ...(denySite ? { denySite } : {}) });
    onDone(false);
  }

  return (
    <Dialog title={t('agent.title')} onClose={() => void cancel()} wide>
      <form onSubmit={(e) => void submit(e)} aria-describedby={detailsId}>
        <div id={detailsId}>
          <p className="agent-origin">
            {t('agent.asks')} <code className="mono">{view.origin}</code>
            {view.originUnicode && <span className="muted"> ({t('agent.originUnicode', { name: view.originUnicode })})</span>}
          </p>
          {view.site === 'unknown' && rows.length > 0 && (
            <p className="notice notice-info small" role="note">
              {t('agent.newSite')}
            </p>
          )}
          <p>
            <strong>{t('agent.signType')}</strong> {t(`agent.signType.${view.signType}`)} ·{' '}
            {t(view.format === 'PKCS1' ? 'agent.format.pkcs1' : view.detached ? 'agent.format.detached' : 'agent.format.cms')}
            {view.items.some((i) => i.kind === 'text') && ` · ${view.encoding}`}
          </p>
        </div>
        <h3 className="small">{t('agent.whatYouSign', { count: view.items.length })}</h3>
        {view.items.map((item, i) => (
          <ContentItemView key={i} item={item} index={i} count={view.items.length} />
        ))}
        {view.includeR && (
          <p className="notice notice-warn" role="note">
            {t('agent.includeR')}
          </p>
        )}
        {rows.length === 0 ? (
          <div className="notice notice-info" role="status">
            <p>{t('agent.noCertificate')}</p>
            {view.cloudNote && <p className="small">{t(`agent.cloudNote.${view.cloudNote}`)}</p>}
          </div>
        ) : (
          <fieldset>
            <legend>{t('agent.certificate')}</legend>
            <ul className="picker-list">
              {rows.map((r) => (
                <CertificateChoice key={r.id} row={r} checked={r.id === chosen} onChoose={() => choose(r.id)} />
              ))}
            </ul>
            {view.cloudNote && <p className="small muted">{t(`agent.cloudNote.${view.cloudNote}`)}</p>}
          </fieldset>
        )}
        {row &&
          (cloud ? (
            <PinPad
              key={row.id}
              label={t('pin.label')}
              value={secret}
              onChange={setSecret}
              triesLeft={row.cloud?.triesLeft ?? null}
              disabled={locked}
              disabledReason={t('pin.lockedReason')}
            />
          ) : (
            <PasswordInput key={row.id} label={t('password.current')} value={secret} onChange={setSecret} />
          ))}
        {view.site === 'unknown' && rows.length > 0 && (
          <label className="checkbox">
            <input type="checkbox" checked={allowSite} onChange={(e) => setAllowSite(e.target.checked)} />
            {t('agent.allowSite')}
          </label>
        )}
        {action.state.status === 'error' && <ErrorNotice error={action.state.error} compact overrides={{ NOT_FOUND: 'agent.cannotUse' }} />}
        <p className="small muted">{t('agent.expires', { time: formatDateTime(view.expiresAt) })}</p>
        <DialogActions
          submit="agent.sign"
          close="common.cancel"
          busy={action.busy}
          disabled={!row || !secretOk || locked || action.busy}
          reason={!row && rows.length > 0 ? t('agent.chooseFirst') : locked ? t('pin.lockedReason') : null}
          onClose={() => void cancel()}
        />
        <button type="button" className="link-button small" onClick={() => void cancel(true)}>
          {t('agent.denySite')}
        </button>
      </form>
    </Dialog>
  );
}

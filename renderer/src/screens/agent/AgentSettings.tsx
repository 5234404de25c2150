import { useState } from 'react';
import type { AgentSite, Settings } from '../../../../preload/types';
import type { BridgeError } from '../../../../preload/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import { useCall } from '../../use-call';

const AUDIT_SHOWN = 50;
/** The outcomes the log can hold (main/agent/service.ts); anything else (a hand-edited file) shows as written. */
const OUTCOMES = new Set([
  'signed',
  'answered',
  'PAGE_CLOSED',
  'USER_CANCELLED',
  'NO_MATCHING_CERTIFICATE',
  'LOCKED',
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_REVOKED',
  'SITE_NOT_ALLOWED',
  'BUSY',
  'RATE_LIMITED',
  'INVALID_REQUEST',
  'TIMEOUT',
  'INTERNAL',
]);

/** The request log: newest first, hashes shortened on screen (the full value is in the title and the file). */
function AuditLog() {
  const { t } = useI18n();
  const [state, reload] = useCall(() => window.dojang.agentAudit({ limit: AUDIT_SHOWN }));
  const outcome = (o: string) => (OUTCOMES.has(o) ? t(`agent.outcome.${o}` as MessageKey) : o);
  return (
    <>
      <h3>{t('settings.agentAudit')}</h3>
      <p className="muted small">{t('settings.agentAuditHelp')}</p>
      {state.status === 'error' && <ErrorNotice error={state.error} onRetry={reload} compact />}
      {state.status === 'ok' && state.value.entries.length === 0 && <p className="muted">{t('settings.agentAuditNone')}</p>}
      {state.status === 'ok' && state.value.entries.length > 0 && (
        <div className="table-wrap">
          <table className="agent-audit">
            <thead>
              <tr>
                <th scope="col">{t('settings.agentAuditTime')}</th>
                <th scope="col">{t('settings.agentAuditOrigin')}</th>
                <th scope="col">{t('settings.agentAuditType')}</th>
                <th scope="col">{t('settings.agentAuditHashes')}</th>
                <th scope="col">{t('settings.agentAuditCertificate')}</th>
                <th scope="col">{t('settings.agentAuditOutcome')}</th>
              </tr>
            </thead>
            <tbody>
              {state.value.entries.map((e, i) => (
                <tr key={`${e.time}-${i}`}>
                  <td>{formatDateTime(e.time)}</td>
                  <td>
                    <code>{e.origin}</code>
                  </td>
                  <td>{e.signType ? t(`agent.signType.${e.signType}`) : (e.method ?? '—')}</td>
                  <td>
                    {e.items.map((item) => (
                      <code key={item.sha256} className="block small" title={item.sha256}>
                        {item.sha256.slice(0, 16)}…
                      </code>
                    ))}
                  </td>
                  <td className="small agent-audit-certificate">{e.certificate ? `${e.certificate.subject} (${e.certificate.serialHex})` : '—'}</td>
                  <td>{outcome(e.outcome)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Settings → Web signing: the site list (allow / block / remove), the development loopback switch, the request log. */
export function AgentSettings({ settings, onSettings }: { settings: Settings; onSettings(settings: Settings): void }) {
  const { t } = useI18n();
  const [error, setError] = useState<BridgeError | null>(null);
  // Read fresh, not from the settings loaded at start: the consent dialog may have added a site since.
  const [loaded] = useCall(() => window.dojang.agentSites({}));
  const [changed, setChanged] = useState<AgentSite[] | null>(null);
  const sites = changed ?? (loaded.status === 'ok' ? loaded.value.sites : []);

  async function setSite(origin: string, decision: AgentSite['decision'] | null) {
    const outcome = await window.dojang.agentSetSite({ origin, decision });
    if (!outcome.ok) return setError(outcome.error);
    setError(null);
    setChanged(outcome.value.sites);
    onSettings({ ...settings, agentSites: outcome.value.sites });
  }

  async function setLoopback(on: boolean) {
    const outcome = await window.dojang.updateSettings({ agentAllowLoopback: on });
    if (!outcome.ok) return setError(outcome.error);
    setError(null);
    onSettings(outcome.value);
  }

  return (
    <fieldset>
      <legend>{t('settings.agent')}</legend>
      <p className="muted small">{t('settings.agentHelp')}</p>
      {error && <ErrorNotice error={error} compact />}
      {loaded.status === 'error' && <ErrorNotice error={loaded.error} compact />}
      <h3>{t('settings.agentSites')}</h3>
      {sites.length === 0 ? (
        <p className="muted">{t('settings.agentSitesNone')}</p>
      ) : (
        <ul className="folders agent-sites">
          {sites.map((site) => (
            <li key={site.origin}>
              <code>{site.origin}</code> <span className="small">{t(`settings.agentDecision.${site.decision}`)}</span>
              <button type="button" onClick={() => void setSite(site.origin, site.decision === 'allow' ? 'deny' : 'allow')}>
                {t(site.decision === 'allow' ? 'settings.agentDeny' : 'settings.agentAllow')}
              </button>
              <button type="button" onClick={() => void setSite(site.origin, null)} aria-label={t('settings.agentRevokeNamed', { origin: site.origin })}>
                {t('settings.agentRevoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={settings.agentAllowLoopback === true} onChange={(e) => void setLoopback(e.target.checked)} />
        {t('settings.agentLoopback')}
      </label>
      <AuditLog />
    </fieldset>
  );
}

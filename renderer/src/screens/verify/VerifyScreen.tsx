import { useId, useState, type FormEvent } from 'react';
import type { ChosenPath } from '../../../../preload/areas/files';
import { formatMessage } from '../../../../preload/messages/format';
import type { AnchorCandidate, Challenge, TrustAnchorView, VerifyReport } from '../../../../preload/areas/verify';
import type { CertificateRow } from '../../../../preload/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PasswordInput } from '../../components/PasswordInput';
import { FileField } from '../../components/FileField';
import { PinPad } from '../../components/PinPad';
import { ScreenHeading } from '../../components/ScreenHeading';
import { Tabs } from '../../components/Tabs';
import { ROOT_CA_INFO } from '../../data/ca-links';
import { PIN_LENGTH } from '../../data/rules';
import { useOpenExternal } from '../../components/ProblemPanel';
import { formatDate, formatDateTime, formatHex } from '../../format';
import { useI18n } from '../../i18n';
import { fileToBase64, MAX_INLINE_BYTES } from '../../model/files';
import { caName } from '../../model/labels';
import { useCertificates } from '../../state/certificates';
import type { VerifyTab } from '../../state/navigation';
import { useAction, useCall } from '../../use-call';
import { CloudRootNotice } from './CloudRootNotice';
import { ReportView } from './ReportView';

type Source = { kind: 'file'; file: File | null } | { kind: 'chosen'; chosen: ChosenPath | null } | { kind: 'paste'; text: string };

/** Where the thing to verify comes from: a chosen or dropped file (read here), a file Dojang reads (chosen in its chooser), or pasted base64. */
function SourcePicker({ value, onChange, fileLabel, accept }: { value: Source; onChange(s: Source): void; fileLabel: string; accept: string }) {
  const { t } = useI18n();
  const name = useId();
  return (
    <>
      <fieldset className="inline-choices">
        <legend>{t('verify.source')}</legend>
        <label className="radio">
          <input type="radio" name={name} checked={value.kind === 'file'} onChange={() => onChange({ kind: 'file', file: null })} />
          {t('verify.source.file')}
        </label>
        <label className="radio">
          <input type="radio" name={name} checked={value.kind === 'chosen'} onChange={() => onChange({ kind: 'chosen', chosen: null })} />
          {t('verify.source.path')}
        </label>
        <label className="radio">
          <input type="radio" name={name} checked={value.kind === 'paste'} onChange={() => onChange({ kind: 'paste', text: '' })} />
          {t('verify.source.paste')}
        </label>
      </fieldset>
      {value.kind === 'file' && (
        <div className="field">
          <span className="field-label">{fileLabel}</span>
          {/* The native button's text follows the browser's language, not Dojang's: a label of ours stands in for it. */}
          <input
            id={`${name}-file`}
            className="visually-hidden file-input"
            type="file"
            accept={accept}
            aria-label={fileLabel}
            onChange={(e) => onChange({ kind: 'file', file: e.target.files?.[0] ?? null })}
          />
          <label htmlFor={`${name}-file`} className="file-button">
            {t('verify.chooseFile')}
          </label>
          <p className="small muted">{value.file ? t('verify.chosen', { name: value.file.name, size: value.file.size }) : t('verify.noFile')}</p>
          {value.file && value.file.size > MAX_INLINE_BYTES && <p className="field-error small">{t('verify.tooLarge')}</p>}
        </div>
      )}
      {value.kind === 'chosen' && <FileField label={fileLabel} purpose="verify-input" value={value.chosen} onChange={(chosen) => onChange({ kind: 'chosen', chosen })} />}
      {value.kind === 'paste' && (
        <div className="field">
          <label htmlFor={`${name}-paste`}>{t('verify.pasteLabel')}</label>
          <textarea id={`${name}-paste`} rows={4} className="mono" value={value.text} onChange={(e) => onChange({ kind: 'paste', text: e.target.value })} />
        </div>
      )}
    </>
  );
}

function sourceReady(source: Source): boolean {
  if (source.kind === 'file') return !!source.file && source.file.size <= MAX_INLINE_BYTES;
  if (source.kind === 'chosen') return source.chosen !== null;
  return source.text.trim().length > 0;
}

async function sourceInput(source: Source): Promise<{ file: string } | { base64: string }> {
  if (source.kind === 'file') return { base64: await fileToBase64(source.file!) };
  if (source.kind === 'chosen') return { file: source.chosen!.handle };
  return { base64: source.text.trim() };
}

function SignatureTab({ dropped, opened }: { dropped: File | null; opened: ChosenPath | null }) {
  const { t } = useI18n();
  const [source, setSource] = useState<Source>(opened ? { kind: 'chosen', chosen: opened } : { kind: 'file', file: dropped });
  const [contentFile, setContentFile] = useState<ChosenPath | null>(null);
  const [rValue, setRValue] = useState('');
  const [idn, setIdn] = useState('');
  const action = useAction<VerifyReport>();
  async function check() {
    const input = await sourceInput(source);
    void action.run(
      window.dojang.verifySignature({
        input,
        ...(contentFile ? { contentFile: contentFile.handle } : {}),
        ...(rValue.trim() ? { rValue: rValue.trim() } : {}),
        ...(idn ? { idn } : {}),
      }),
    );
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    void check();
  }
  return (
    <>
      <form onSubmit={(e) => void submit(e)} className="panel">
        <p className="muted">{t('verify.signature.intro')}</p>
        <SourcePicker value={source} onChange={setSource} fileLabel={t('verify.signatureFile')} accept=".p7s,.p7m,.p7b,.sig,.cms,.der,.txt" />
        <details className="more">
          <summary>{t('verify.more')}</summary>
          <FileField label={t('verify.contentPath')} purpose="verify-input" value={contentFile} onChange={setContentFile} help={t('verify.contentPathHelp')} optional />
          <div className="field">
            <label htmlFor="verify-r">{t('verify.rValue')}</label>
            <input id="verify-r" className="mono" autoComplete="off" value={rValue} onChange={(e) => setRValue(e.target.value)} aria-describedby="verify-r-help" />
            <p id="verify-r-help" className="muted small">
              {t('verify.rValueHelp')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="verify-idn">{t('vid.idn')}</label>
            <input id="verify-idn" type="password" inputMode="numeric" autoComplete="off" value={idn} onChange={(e) => setIdn(e.target.value.trim())} />
          </div>
        </details>
        {action.state.status === 'error' && <ErrorNotice error={action.state.error} />}
        <div className="button-row">
          <button type="submit" className="primary" disabled={!sourceReady(source) || action.busy}>
            {t(action.busy ? 'common.working' : 'verify.submit')}
          </button>
        </div>
      </form>
      {action.state.status === 'ok' && <ReportView report={action.state.value} onRecheck={() => void check()} />}
    </>
  );
}

function CertificateTab({ dropped }: { dropped: File | null }) {
  const { t, language } = useI18n();
  const { rows } = useCertificates();
  const local = rows.filter((r) => r.kind === 'npki' && !r.damaged);
  const [mine, setMine] = useState(!dropped);
  const [id, setId] = useState(local[0]?.id ?? '');
  const [source, setSource] = useState<Source>({ kind: 'file', file: dropped });
  const action = useAction<VerifyReport>();
  async function check() {
    const input = mine ? { id } : await sourceInput(source);
    void action.run(window.dojang.verifyCertificate({ input }));
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    void check();
  }
  return (
    <>
      <form onSubmit={(e) => void submit(e)} className="panel">
        <p className="muted">{t('verify.certificate.intro')}</p>
        <fieldset className="inline-choices">
          <legend>{t('verify.whichCertificate')}</legend>
          <label className="radio">
            <input type="radio" name="verify-cert-kind" checked={mine} onChange={() => setMine(true)} />
            {t('verify.mine')}
          </label>
          <label className="radio">
            <input type="radio" name="verify-cert-kind" checked={!mine} onChange={() => setMine(false)} />
            {t('verify.otherFile')}
          </label>
        </fieldset>
        {mine ? (
          <CertificateSelect rows={local} value={id} onChange={setId} label={t('verify.pickCertificate')} language={language} />
        ) : (
          <SourcePicker value={source} onChange={setSource} fileLabel={t('verify.certificateFile')} accept=".der,.cer,.crt,.pem" />
        )}
        {action.state.status === 'error' && <ErrorNotice error={action.state.error} />}
        <div className="button-row">
          <button type="submit" className="primary" disabled={(mine ? !id : !sourceReady(source)) || action.busy}>
            {t(action.busy ? 'common.working' : 'verify.submit')}
          </button>
        </div>
      </form>
      {action.state.status === 'ok' && <ReportView report={action.state.value} onRecheck={() => void check()} />}
    </>
  );
}

function CertificateSelect({
  rows,
  value,
  onChange,
  label,
  language,
}: {
  rows: CertificateRow[];
  value: string;
  onChange(id: string): void;
  label: string;
  language: 'ko' | 'en';
}) {
  const id = useId();
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {rows.length === 0 && <option value="">{t('verify.noCertificates')}</option>}
        {rows.map((r) => (
          <option key={r.id} value={r.id}>
            {r.holder} · {r.kind === 'cloud' ? t('kind.cloud') : caName(r, language)} · {formatDate(r.notAfter)} ·{' '}
            {r.location.kind === 'cloud' ? t('location.cloud') : r.location.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The sign-in a bank does: a fresh challenge, answered with a certificate, then checked like a relying party. */
function ChallengeTab() {
  const { t, language } = useI18n();
  const { rows } = useCertificates();
  const usable = rows.filter((r) => !r.damaged && (r.kind === 'cloud' || r.hasKey));
  const [text, setText] = useState('');
  const issue = useAction<Challenge>();
  const [id, setId] = useState(usable[0]?.id ?? '');
  const [secret, setSecret] = useState('');
  const answer = useAction<{ cmsBase64: string; carriesR: boolean }>();
  const [idn, setIdn] = useState('');
  const check = useAction<VerifyReport>();
  const chosen = usable.find((r) => r.id === id) ?? null;
  const challenge = issue.state.status === 'ok' ? issue.state.value : null;
  const answered = answer.state.status === 'ok' ? answer.state.value : null;
  const cms = answered?.cmsBase64 ?? null;

  async function respond(event: FormEvent) {
    event.preventDefault();
    if (!challenge || !chosen) return;
    const outcome = await answer.run(
      window.dojang.answerChallenge({ challenge, with: chosen.kind === 'cloud' ? { credentialId: chosen.cloud!.credentialId, pin: secret } : { id: chosen.id, password: secret } }),
    );
    setSecret('');
    if (outcome.ok) check.reset();
  }

  return (
    <div className="challenge">
      <p className="muted">{t('challenge.intro')}</p>
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          answer.reset();
          check.reset();
          void issue.run(window.dojang.newChallenge(text.trim() ? { text: text.trim() } : {}));
        }}
      >
        <h2>{t('challenge.step1')}</h2>
        <div className="field">
          <label htmlFor="challenge-text">{t('challenge.text')}</label>
          <input id="challenge-text" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('challenge.textPlaceholder')} />
        </div>
        <button type="submit" disabled={issue.busy}>
          {t('challenge.new')}
        </button>
        {issue.state.status === 'error' && <ErrorNotice error={issue.state.error} compact />}
        {challenge && (
          <dl className="fields compact">
            <div className="field-line">
              <dt>{t('challenge.textShown')}</dt>
              <dd>{challenge.text}</dd>
            </div>
            <div className="field-line">
              <dt>{t('challenge.nonce')}</dt>
              <dd>
                <code>{challenge.nonce}</code>
              </dd>
            </div>
            <div className="field-line">
              <dt>{t('challenge.expires')}</dt>
              <dd>{formatDateTime(challenge.expiresAt)}</dd>
            </div>
          </dl>
        )}
      </form>
      {challenge && (
        <form className="panel" onSubmit={(e) => void respond(e)}>
          <h2>{t('challenge.step2')}</h2>
          <CertificateSelect
            rows={usable}
            value={id}
            onChange={(next) => {
              setId(next);
              setSecret('');
            }}
            label={t('challenge.with')}
            language={language}
          />
          {chosen?.kind === 'cloud' ? (
            <PinPad label={t('pin.label')} value={secret} onChange={setSecret} triesLeft={chosen.cloud?.triesLeft ?? null} disabled={chosen.cloud?.pinLocked} />
          ) : (
            <PasswordInput label={t('password.current')} value={secret} onChange={setSecret} />
          )}
          {answer.state.status === 'error' && <ErrorNotice error={answer.state.error} compact />}
          <button type="submit" className="primary" disabled={!chosen || (chosen.kind === 'cloud' ? secret.length !== PIN_LENGTH : !secret) || answer.busy}>
            {t(answer.busy ? 'common.working' : 'challenge.answer')}
          </button>
          {answered && (
            <>
              <p className="small">{t('challenge.answered', { bytes: Math.round((answered.cmsBase64.length * 3) / 4) })}</p>
              <p className="small muted">{t(answered.carriesR ? 'challenge.carriesR' : 'challenge.noR')}</p>
            </>
          )}
        </form>
      )}
      {challenge && cms && (
        <form
          className="panel"
          onSubmit={(e) => {
            e.preventDefault();
            void check.run(window.dojang.checkChallenge({ challenge, cmsBase64: cms, ...(idn ? { idn } : {}) }));
          }}
        >
          <h2>{t('challenge.step3')}</h2>
          <div className="field">
            <label htmlFor="challenge-idn">{t('challenge.idn')}</label>
            <input id="challenge-idn" type="password" inputMode="numeric" autoComplete="off" value={idn} onChange={(e) => setIdn(e.target.value.trim())} />
          </div>
          <button type="submit" className="primary" disabled={check.busy}>
            {t(check.busy ? 'common.working' : 'challenge.check')}
          </button>
          {check.state.status === 'error' && <ErrorNotice error={check.state.error} compact />}
        </form>
      )}
      {check.state.status === 'ok' && <ReportView report={check.state.value} />}
    </div>
  );
}

function TrustTab() {
  const { t, language } = useI18n();
  const openExternal = useOpenExternal();
  const [state, reload] = useCall(() => window.dojang.listTrustAnchors({}));
  const [cloudOffer, reloadOffer] = useCall(() => window.dojang.cloudRootOffer({}));
  const [anchors, setAnchors] = useState<TrustAnchorView[] | null>(null);
  const [anchorFile, setAnchorFile] = useState<ChosenPath | null>(null);
  const [crlFile, setCrlFile] = useState<ChosenPath | null>(null);
  const change = useAction<TrustAnchorView[]>();
  const inspect = useAction<AnchorCandidate>();
  const candidate = inspect.state.status === 'ok' ? inspect.state.value : null;
  const crl = useAction<{ issuer: string; thisUpdate: string; nextUpdate: string | null; revokedCount: number }>();
  const shown = anchors ?? (state.status === 'ok' ? state.value : null);
  async function apply(call: ReturnType<typeof window.dojang.addTrustAnchor>) {
    const outcome = await change.run(call);
    if (outcome.ok) setAnchors(outcome.value);
    return outcome;
  }
  return (
    <>
      <section className="panel" aria-labelledby="anchors-title">
        <h2 id="anchors-title">{t('trust.heading')}</h2>
        <p className="muted small">
          {t('trust.intro')}{' '}
          <button type="button" className="link-button" onClick={() => void openExternal(ROOT_CA_INFO)}>
            {t('trust.rootInfo')}
          </button>
        </p>
        {state.status === 'error' && !shown && <ErrorNotice error={state.error} onRetry={reload} compact />}
        {cloudOffer.status === 'ok' && cloudOffer.value && (
          <CloudRootNotice
            offer={cloudOffer.value}
            from="settings"
            onPinned={(list) => {
              setAnchors(list);
              reloadOffer();
            }}
          />
        )}
        {shown && (
          <ul className="anchors">
            {shown.map((a) => (
              <li key={a.fingerprintSha256}>
                <div>
                  <strong>{a.subject}</strong> <span className="tag">{t(a.source === 'bundled' ? `trust.role.${a.role}` : `trust.source.${a.source}`)}</span>
                  {!a.trusted && <span className="tag">{t('trust.notTrusted')}</span>}
                  <div className="small muted">
                    {t('chain.until', { date: formatDate(a.notAfter) })} · <code>{formatHex(a.fingerprintSha256).slice(0, 23)}…</code>
                  </div>
                  {a.note && <div className="small muted">{formatMessage(language, a.note.key, a.note.params)}</div>}
                </div>
                {a.source !== 'bundled' && (
                  <button
                    type="button"
                    onClick={() =>
                      void apply(window.dojang.removeTrustAnchor({ fingerprintSha256: a.fingerprintSha256 })).then((o) => o.ok && a.source === 'cloud' && reloadOffer())
                    }
                  >
                    {t('trust.remove')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (anchorFile) void inspect.run(window.dojang.inspectTrustAnchor({ file: anchorFile.handle }));
          }}
        >
          <FileField label={t('trust.addPath')} purpose="trust-anchor" value={anchorFile} onChange={setAnchorFile} />
          <button type="submit" disabled={!anchorFile || inspect.busy || change.busy}>
            {t('trust.add')}
          </button>
        </form>
        {inspect.state.status === 'error' && <ErrorNotice error={inspect.state.error} compact />}
        {candidate && (
          <div className="notice notice-warn" role="group" aria-label={t('trust.confirmHeading')}>
            <strong>{t('trust.confirmHeading')}</strong>
            <p>{t('trust.confirmIntro')}</p>
            <dl className="small">
              <dt>{t('trust.subject')}</dt>
              <dd>{candidate.subject}</dd>
              <dt>SHA-256</dt>
              <dd>
                <code>{candidate.fingerprintColons}</code>
              </dd>
              <dt>{t('trust.validity')}</dt>
              <dd>
                {formatDate(candidate.notBefore)} – {formatDate(candidate.notAfter)}
              </dd>
            </dl>
            {candidate.anchorsPinned.length > 0 && <p>{t('trust.chainsPinned', { cas: candidate.anchorsPinned.join(', ') })}</p>}
            <button
              type="button"
              disabled={change.busy}
              onClick={() =>
                anchorFile &&
                void apply(window.dojang.addTrustAnchor({ file: anchorFile.handle, confirmFingerprintSha256: candidate.fingerprintSha256 })).then((o) => {
                  if (o.ok) {
                    setAnchorFile(null);
                    inspect.reset();
                  }
                })
              }
            >
              {t('trust.confirmInstall')}
            </button>{' '}
            <button type="button" onClick={() => inspect.reset()}>
              {t('common.cancel')}
            </button>
          </div>
        )}
        {change.state.status === 'error' && <ErrorNotice error={change.state.error} compact />}
      </section>
      <section className="panel" aria-labelledby="crl-title">
        <h2 id="crl-title">{t('crl.heading')}</h2>
        <p className="muted small">{t('crl.intro')}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (crlFile) void crl.run(window.dojang.importCrl({ file: crlFile.handle }));
          }}
        >
          <FileField label={t('crl.path')} purpose="crl" value={crlFile} onChange={setCrlFile} />
          <button type="submit" disabled={!crlFile || crl.busy}>
            {t('crl.import')}
          </button>
        </form>
        {crl.state.status === 'error' && <ErrorNotice error={crl.state.error} compact />}
        {crl.state.status === 'ok' && (
          <p role="status" className="notice notice-ok">
            {t('crl.done', {
              issuer: crl.state.value.issuer,
              count: crl.state.value.revokedCount,
              thisUpdate: formatDate(crl.state.value.thisUpdate),
              nextUpdate: formatDate(crl.state.value.nextUpdate),
            })}
          </p>
        )}
      </section>
    </>
  );
}

/** Dojang as a relying party: verify a signature or a certificate, manage what it trusts, try a sign-in. */
/** `opened`: a signature file the OS opened with Dojang (file manager), already chosen. */
export function VerifyScreen({ tab: initialTab, file, opened }: { tab?: VerifyTab; file?: File; opened?: ChosenPath }) {
  const { t } = useI18n();
  // A newly dropped file remounts this screen (App keys it), so the props are only initial values.
  const [tab, setTab] = useState<VerifyTab>(initialTab ?? 'signature');
  const tabs: { key: VerifyTab; label: string }[] = [
    { key: 'signature', label: t('verify.tab.signature') },
    { key: 'certificate', label: t('verify.tab.certificate') },
    { key: 'challenge', label: t('verify.tab.challenge') },
    { key: 'trust', label: t('verify.tab.trust') },
  ];
  return (
    <section aria-labelledby="screen-title" className="screen">
      <header className="screen-header">
        <ScreenHeading>{t('verify.heading')}</ScreenHeading>
      </header>
      <Tabs label={t('verify.heading')} tabs={tabs} value={tab} onChange={setTab}>
        {tab === 'signature' && <SignatureTab dropped={file ?? null} opened={opened ?? null} />}
        {tab === 'certificate' && <CertificateTab dropped={file ?? null} />}
        {tab === 'challenge' && <ChallengeTab />}
        {tab === 'trust' && <TrustTab />}
      </Tabs>
    </section>
  );
}

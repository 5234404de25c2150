import { useCallback, useId, useMemo, useState, type FormEvent } from 'react';
import type { ChosenPath } from '../../../../preload/areas/files';
import type { Settings } from '../../../../preload/types';
import { CertificatePicker } from '../../components/CertificatePicker';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PasswordInput } from '../../components/PasswordInput';
import { FileField } from '../../components/FileField';
import { RuleChecklist } from '../../components/RuleChecklist';
import { ScreenHeading } from '../../components/ScreenHeading';
import { Tabs } from '../../components/Tabs';
import { TargetPicker } from '../../components/TargetPicker';
import { TransferForm } from '../../components/TransferForm';
import { formatDate } from '../../format';
import { localizedDetail, useI18n } from '../../i18n';
import { caName, locationLabel } from '../../model/labels';
import { targetOf, type TargetChoice } from '../../model/targets';
import { useCertificates } from '../../state/certificates';
import type { TransferTab } from '../../state/navigation';
import { useSettings } from '../../state/settings';
import { useToasts } from '../../state/toasts';
import { useAction } from '../../use-call';
import { ExportPfxDialog } from '../details/KeyDialogs';

const trimSlash = (p: string) => p.trim().replace(/[\\/]+$/, '');

function ImportDrive() {
  const { t } = useI18n();
  const { drives, rows } = useCertificates();
  const [driveId, setDriveId] = useState<string>('');
  const drive = drives.find((d) => d.id === driveId) ?? drives[0] ?? null;
  const onDrive = useMemo(() => (drive ? rows.filter((r) => r.location.kind === 'drive' && r.location.root.startsWith(drive.mountPoint)) : []), [rows, drive]);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const name = useId();
  if (drives.length === 0) return <p className="notice notice-info">{t('import.noDrive')}</p>;
  return (
    <>
      <fieldset className="inline-choices">
        <legend>{t('import.whichDrive')}</legend>
        {drives.map((d) => (
          <label key={d.id} className="radio">
            <input type="radio" name={name} checked={drive?.id === d.id} onChange={() => setDriveId(d.id)} />
            {d.label} <code className="small">{d.mountPoint}</code>
          </label>
        ))}
      </fieldset>
      <CertificatePicker legend={t('import.pick')} rows={onDrive} value={picked} onChange={setPicked} />
      <TransferForm key={drive?.id} ids={[...picked]} initialTarget={{ kind: 'default' }} />
    </>
  );
}

function ImportFolder({ dropped }: { dropped?: string }) {
  const { t } = useI18n();
  const { rows } = useCertificates();
  const { setSettings } = useSettings();
  const [folder, setFolder] = useState<ChosenPath | null>(null);
  const [looked, setLooked] = useState<string | null>(null);
  const add = useAction<{ settings: Settings; folder: string }>();
  const inFolder = useMemo(() => (looked ? rows.filter((r) => r.location.kind === 'folder' && trimSlash(r.location.root) === looked) : []), [rows, looked]);
  const [picked, setPicked] = useState<Set<string>>(new Set());

  async function look(event: FormEvent) {
    event.preventDefault();
    if (!folder) return;
    const outcome = await add.run(window.dojang.addFolder({ folder: folder.handle }));
    if (outcome.ok) {
      setSettings(outcome.value.settings);
      setLooked(trimSlash(outcome.value.folder));
      setFolder(null);
    }
  }
  return (
    <>
      {dropped && <DroppedNotice name={dropped} />}
      <form onSubmit={(e) => void look(e)}>
        <FileField label={t('import.folder')} purpose="add-folder" value={folder} onChange={setFolder} help={t('import.folderHelp')} />
        <button type="submit" disabled={!folder || add.busy}>
          {t('import.look')}
        </button>
      </form>
      {add.state.status === 'error' && <ErrorNotice error={add.state.error} compact />}
      {looked && (
        <>
          <p className="small muted" role="status">
            {t('import.folderAdded', { count: inFolder.length })}
          </p>
          <CertificatePicker legend={t('import.pick')} rows={inFolder} value={picked} onChange={setPicked} />
          <TransferForm ids={[...picked]} initialTarget={{ kind: 'default' }} />
        </>
      )}
    </>
  );
}

function DroppedNotice({ name }: { name: string }) {
  const { t } = useI18n();
  return (
    <div className="notice notice-info" role="status">
      <strong>{t('drop.received', { name })}</strong>
      <p>{t('drop.noPath')}</p>
    </div>
  );
}

function ImportPfx({ dropped }: { dropped?: string }) {
  const { t, language } = useI18n();
  const { list, drives, reload } = useCertificates();
  const toasts = useToasts();
  const [pfxFile, setPfxFile] = useState<ChosenPath | null>(null);
  const [pfxPassword, setPfxPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [rulesOk, setRulesOk] = useState(false);
  const onValidity = useCallback((ok: boolean) => setRulesOk(ok), []);
  const [target, setTarget] = useState<TargetChoice>({ kind: 'default' });
  const destination = targetOf(target, list, drives);
  const action = useAction<{ path: string; hasRandomNum: boolean; warning: string | null }>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!destination || !pfxFile) return;
    const outcome = await action.run(window.dojang.importPfx({ pfxFile: pfxFile.handle, pfxPassword, target: destination, ...(newPassword ? { newPassword } : {}) }));
    setPfxPassword('');
    setNewPassword('');
    if (outcome.ok) {
      reload();
      toasts.show({ tone: 'ok', text: t('import.pfxDone') });
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      {dropped && <DroppedNotice name={dropped} />}
      <p className="muted">{t('import.pfxIntro')}</p>
      <FileField label={t('import.pfxFile')} purpose="import-pfx" value={pfxFile} onChange={setPfxFile} />
      <PasswordInput label={t('import.pfxPassword')} value={pfxPassword} onChange={setPfxPassword} />
      <PasswordInput label={t('import.newPassword')} value={newPassword} onChange={setNewPassword} isNew describedBy="import-rules" />
      <p className="muted small">{t('import.newPasswordHelp')}</p>
      {newPassword && <RuleChecklist password={newPassword} onValidity={onValidity} id="import-rules" />}
      <TargetPicker legend={t('import.where')} value={target} onChange={setTarget} />
      {action.state.status === 'error' && <ErrorNotice error={action.state.error} overrides={{ CONFLICT: 'import.pfxConflict' }} />}
      {action.state.status === 'ok' && (
        <div className="notice notice-ok" role="status">
          <strong>{t('import.pfxDone')}</strong> <code>{action.state.value.path}</code>
          {!action.state.value.hasRandomNum && <p>{t('import.noRandomNum')}</p>}
          {action.state.value.warning && <p className="small">{localizedDetail(action.state.value.warning, language)}</p>}
        </div>
      )}
      <div className="button-row">
        <button type="submit" className="primary" disabled={!pfxFile || !pfxPassword || !destination || (newPassword !== '' && !rulesOk) || action.busy}>
          {t(action.busy ? 'common.working' : 'import.pfxSubmit')}
        </button>
      </div>
    </form>
  );
}

function ExportCopy({ ids }: { ids?: string[] }) {
  const { t } = useI18n();
  const { rows, selected } = useCertificates();
  const local = useMemo(() => rows.filter((r) => r.kind === 'npki' && !r.damaged), [rows]);
  const [picked, setPicked] = useState<Set<string>>(() => new Set(ids ?? [...selected]));
  return (
    <>
      <p className="muted">{t('export.copyIntro')}</p>
      <CertificatePicker legend={t('export.pick')} rows={local} value={picked} onChange={setPicked} />
      <TransferForm ids={[...picked]} />
    </>
  );
}

function ExportPfx() {
  const { t, language } = useI18n();
  const { rows } = useCertificates();
  const usable = rows.filter((r) => r.kind === 'npki' && r.hasKey && !r.damaged);
  const [id, setId] = useState(usable[0]?.id ?? '');
  const [open, setOpen] = useState(false);
  const row = usable.find((r) => r.id === id) ?? null;
  const selectId = useId();
  return (
    <>
      <p className="muted">{t('export.pfxIntro')}</p>
      <div className="field">
        <label htmlFor={selectId}>{t('export.pfxWhich')}</label>
        <select id={selectId} value={id} onChange={(e) => setId(e.target.value)}>
          {usable.length === 0 && <option value="">{t('picker.none')}</option>}
          {usable.map((r) => (
            <option key={r.id} value={r.id}>
              {r.holder} · {caName(r, language)} · {formatDate(r.notAfter)} · {locationLabel(r, t)}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="primary" disabled={!row} onClick={() => setOpen(true)}>
        {t('export.pfxOpen')}
      </button>
      {open && row && <ExportPfxDialog row={row} onClose={() => setOpen(false)} />}
    </>
  );
}

/** Bring certificates in (from a USB drive, a folder, a .pfx) and take them out (to a drive, a folder, a .pfx). */
export function TransferScreen({ tab: initialTab, ids, dropped }: { tab?: TransferTab; ids?: string[]; dropped?: string }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<TransferTab>(initialTab ?? 'importDrive');
  const tabs: { key: TransferTab; label: string }[] = [
    { key: 'importDrive', label: t('transfer.tab.importDrive') },
    { key: 'importFolder', label: t('transfer.tab.importFolder') },
    { key: 'importPfx', label: t('transfer.tab.importPfx') },
    { key: 'exportCopy', label: t('transfer.tab.exportCopy') },
    { key: 'exportPfx', label: t('transfer.tab.exportPfx') },
  ];
  return (
    <section aria-labelledby="screen-title" className="screen">
      <header className="screen-header">
        <ScreenHeading>{t('transfer.heading')}</ScreenHeading>
      </header>
      <p className="muted">{t('transfer.intro')}</p>
      <Tabs label={t('transfer.heading')} tabs={tabs} value={tab} onChange={setTab}>
        {tab === 'importDrive' && <ImportDrive />}
        {tab === 'importFolder' && <ImportFolder {...(dropped ? { dropped } : {})} />}
        {tab === 'importPfx' && <ImportPfx {...(dropped ? { dropped } : {})} />}
        {tab === 'exportCopy' && <ExportCopy {...(ids ? { ids } : {})} />}
        {tab === 'exportPfx' && <ExportPfx />}
      </Tabs>
    </section>
  );
}

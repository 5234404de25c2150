import { useId } from 'react';
import { useI18n } from '../i18n';
import { addedRoots, defaultRoot, driveRoot, type TargetChoice } from '../model/targets';
import { useCertificates } from '../state/certificates';
import { FileField } from './FileField';

/** Choose where certificates go. USB drives appear (and disappear) as they are plugged in; folders added in Settings are offered too. */
export function TargetPicker({ legend, value, onChange }: { legend: string; value: TargetChoice; onChange(choice: TargetChoice): void }) {
  const { t } = useI18n();
  const { list, drives } = useCertificates();
  const name = useId();
  const home = defaultRoot(list);
  const chosen = value.kind === 'folder' ? value.chosen : null;
  return (
    <fieldset className="target-picker">
      <legend>{legend}</legend>
      <label className="radio-line">
        <input type="radio" name={name} checked={value.kind === 'default'} onChange={() => onChange({ kind: 'default' })} />
        <span>
          {t('location.default')} {home && <code className="small">{home.label}</code>}
        </span>
      </label>
      {drives.map((drive) => (
        <label key={drive.id} className="radio-line">
          <input type="radio" name={name} checked={value.kind === 'drive' && value.id === drive.id} onChange={() => onChange({ kind: 'drive', id: drive.id })} />
          <span>
            {t('target.drive', { label: drive.label })} <code className="small">{driveRoot(drive)}</code>
          </span>
        </label>
      ))}
      {drives.length === 0 && <p className="muted small">{t('target.noDrives')}</p>}
      {addedRoots(list).map((folder) => (
        <label key={folder.storeId} className="radio-line">
          <input
            type="radio"
            name={name}
            checked={value.kind === 'added' && value.storeId === folder.storeId}
            onChange={() => onChange({ kind: 'added', storeId: folder.storeId })}
          />
          <span>{t('target.added', { label: folder.label })}</span>
        </label>
      ))}
      <label className="radio-line">
        <input type="radio" name={name} checked={value.kind === 'folder'} onChange={() => onChange({ kind: 'folder', chosen })} />
        <span>{t('target.folder')}</span>
      </label>
      {value.kind === 'folder' && (
        <FileField
          label={t('target.folderPath')}
          purpose="copy-target"
          value={chosen}
          onChange={(next) => onChange({ kind: 'folder', chosen: next })}
          help={t('target.folderHelp')}
        />
      )}
    </fieldset>
  );
}

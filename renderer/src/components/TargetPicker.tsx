import { useId } from 'react';
import { useI18n } from '../i18n';
import { defaultRoot, driveRoot, type TargetChoice } from '../model/targets';
import { useCertificates } from '../state/certificates';
import { PathField } from './PathField';

/** Choose where certificates go. USB drives appear (and disappear) as they are plugged in. */
export function TargetPicker({ legend, value, onChange }: { legend: string; value: TargetChoice; onChange(choice: TargetChoice): void }) {
  const { t } = useI18n();
  const { list, drives } = useCertificates();
  const name = useId();
  const home = defaultRoot(list);
  const folderPath = value.kind === 'folder' ? value.path : '';
  return (
    <fieldset className="target-picker">
      <legend>{legend}</legend>
      <label className="radio-line">
        <input type="radio" name={name} checked={value.kind === 'default'} onChange={() => onChange({ kind: 'default' })} />
        <span>
          {t('location.default')} {home && <code className="small">{home}</code>}
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
      <label className="radio-line">
        <input type="radio" name={name} checked={value.kind === 'folder'} onChange={() => onChange({ kind: 'folder', path: folderPath })} />
        <span>{t('target.folder')}</span>
      </label>
      {value.kind === 'folder' && (
        <PathField label={t('target.folderPath')} mode="folder" value={folderPath} onChange={(path) => onChange({ kind: 'folder', path })} help={t('target.folderHelp')} />
      )}
    </fieldset>
  );
}

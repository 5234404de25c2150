import { useId, useState } from 'react';
import { createPortal } from 'react-dom';
import type { ChooserView, ChosenPath, PathPurpose } from '../../../preload/areas/files';
import type { BridgeError } from '../../../preload/errors';
import { useI18n } from '../i18n';
import { ChooserDialog } from './ChooserDialog';
import { ErrorNotice } from './ErrorNotice';

export interface FileFieldProps {
  label: string;
  purpose: PathPurpose;
  value: ChosenPath | null;
  onChange(value: ChosenPath | null): void;
  /** The name offered when saving. */
  defaultName?: string;
  help?: string;
  /** Optional fields can be emptied again. */
  optional?: boolean;
}

const BUTTON = { open: 'path.chooseFile', save: 'path.chooseSave', folder: 'path.chooseFolder' } as const;
const SAVE_PURPOSES: readonly PathPurpose[] = ['save-report', 'sign-output', 'export-pfx'];
const FOLDER_PURPOSES: readonly PathPurpose[] = ['copy-target', 'add-folder'];

/**
 * A file or folder the user chooses: the desktop app's system dialog, or in the browser host the
 * chooser main serves. The page never holds a path, only the handle main gave for this purpose.
 */
export function FileField({ label, purpose, value, onChange, defaultName, help, optional }: FileFieldProps) {
  const { t } = useI18n();
  const id = useId();
  const [chooser, setChooser] = useState<ChooserView | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const mode = SAVE_PURPOSES.includes(purpose) ? 'save' : FOLDER_PURPOSES.includes(purpose) ? 'folder' : 'open';

  async function browse() {
    setError(null);
    const outcome = await window.dojang.choosePath({ purpose, ...(defaultName ? { defaultName } : {}) });
    if (!outcome.ok) return setError(outcome.error);
    if (outcome.value.status === 'chosen') onChange(outcome.value.chosen);
    if (outcome.value.status === 'chooser') setChooser(outcome.value.chooser);
  }

  return (
    <div className="field path-field" role="group" aria-labelledby={`${id}-label`} aria-describedby={help ? `${id}-help` : undefined}>
      <span id={`${id}-label`} className="field-label">
        {label}
      </span>
      <div className="path-row">
        <span className="chosen-path" data-testid="chosen-path">
          {value ? (
            <>
              <strong>{value.name}</strong> <span className="muted small">{value.where}</span>
            </>
          ) : (
            <span className="muted">{t('path.none')}</span>
          )}
        </span>
        <button type="button" onClick={() => void browse()}>
          {t(BUTTON[mode])}
        </button>
        {optional && value && (
          <button type="button" className="link-button" onClick={() => onChange(null)}>
            {t('path.clear')}
          </button>
        )}
      </div>
      {help && (
        <p id={`${id}-help`} className="muted small">
          {help}
        </p>
      )}
      {error && <ErrorNotice error={error} compact />}
      {chooser &&
        createPortal(
          <ChooserDialog
            chooser={chooser}
            title={label}
            onChosen={(chosen) => {
              setChooser(null);
              onChange(chosen);
            }}
            onClose={() => setChooser(null)}
          />,
          document.body,
        )}
    </div>
  );
}

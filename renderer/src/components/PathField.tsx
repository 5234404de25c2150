import { useId, useRef, useState } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { isAbsolutePath } from '../model/paths';
import { useAppInfo } from '../state/app-info';

export interface PathFieldProps {
  label: string;
  mode: 'openFile' | 'saveFile' | 'folder';
  value: string;
  onChange(value: string): void;
  extensions?: string[];
  defaultName?: string;
  help?: string;
  required?: boolean;
}

function exampleKey(platform: string, mode: PathFieldProps['mode']): MessageKey {
  const os = platform === 'win32' ? 'win' : platform === 'darwin' ? 'mac' : 'linux';
  return `path.example.${os}.${mode === 'folder' ? 'folder' : 'file'}`;
}

/**
 * A path, typed or chosen. The native dialog (pickPath) exists only in the desktop app; in the
 * browser host — and whenever the dialog is cancelled — the typed field is the way.
 */
export function PathField({ label, mode, value, onChange, extensions, defaultName, help, required }: PathFieldProps) {
  const { t } = useI18n();
  const { host, platform } = useAppInfo();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [touched, setTouched] = useState(false);
  const [noDialog, setNoDialog] = useState(false);
  const invalid = touched && value.trim() !== '' && !isAbsolutePath(value.trim());

  async function browse() {
    const outcome = await window.dojang.pickPath({ mode, ...(extensions ? { extensions } : {}), ...(defaultName ? { defaultName } : {}) });
    if (outcome.ok && outcome.value.path) {
      onChange(outcome.value.path);
      setNoDialog(false);
    } else {
      setNoDialog(!outcome.ok || host === 'browser');
      input.current?.focus();
    }
  }

  const describedBy = [`${id}-help`, invalid ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field path-field">
      <label htmlFor={id}>{label}</label>
      <div className="path-row">
        <input
          id={id}
          ref={input}
          value={value}
          spellCheck={false}
          autoComplete="off"
          required={required}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
          onBlur={() => setTouched(true)}
        />
        {host === 'electron' && (
          <button type="button" onClick={() => void browse()}>
            {t(mode === 'saveFile' ? 'path.chooseSave' : 'path.choose')}
          </button>
        )}
      </div>
      <p id={`${id}-help`} className="muted small">
        {help ?? ''} {host === 'browser' || noDialog ? t('path.typeHint') : ''} {t(exampleKey(platform, mode))}
      </p>
      {invalid && (
        <p id={`${id}-error`} className="field-error small">
          {t('path.notAbsolute')}
        </p>
      )}
    </div>
  );
}

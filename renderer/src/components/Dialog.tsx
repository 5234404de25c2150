import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n';

/**
 * A modal on the native <dialog>: the browser traps focus, Escape closes it, the page behind is
 * inert. Focus returns to what opened it.
 */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="link-button" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </header>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}

/** A dialog form's buttons: submit (saying "working…" while busy), then close or cancel. */
export function DialogActions({ submit, close, busy, disabled, onClose }: { submit: MessageKey; close: 'common.close' | 'common.cancel'; busy: boolean; disabled: boolean; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <div className="button-row">
      <button type="submit" className="primary" disabled={disabled}>
        {t(busy ? 'common.working' : submit)}
      </button>
      <button type="button" onClick={onClose}>
        {t(close)}
      </button>
    </div>
  );
}

import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n';

/** The first field of the dialog's body (the × in the header is never first). */
const FIRST_FIELD = 'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])';

/** Where focus goes when a dialog opens: a marked element, else the first field, else the body's first button. */
function initialFocus(dialog: HTMLDialogElement): HTMLElement | null {
  const body = dialog.querySelector('.dialog-body');
  if (!body) return null;
  return body.querySelector<HTMLElement>('[data-initial-focus]') ?? body.querySelector<HTMLElement>(FIRST_FIELD) ?? body.querySelector<HTMLElement>('button:not([disabled])');
}

/**
 * A modal on the native <dialog>: the browser traps focus, Escape closes it, the page behind is
 * inert. Focus starts on the first field (showModal alone would pick the header's ×, so a typed
 * password went nowhere and Enter closed the dialog); Enter submits the dialog's form; focus
 * returns to what opened it. A dialog whose safe choice is a button (delete → cancel) marks it
 * with data-initial-focus.
 */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) {
      dialog.showModal();
      initialFocus(dialog)?.focus();
    }
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

/** A dialog form's buttons: submit (saying "working…" while busy), then close or cancel. A disabled submit can say why. */
export function DialogActions({
  submit,
  close,
  busy,
  disabled,
  reason,
  onClose,
}: {
  submit: MessageKey;
  close: 'common.close' | 'common.cancel';
  busy: boolean;
  disabled: boolean;
  /** Why the submit button is disabled (shown beside it, and read with it). */
  reason?: string | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const reasonId = useId();
  const why = disabled && !busy && reason ? reason : null;
  return (
    <div className="button-row">
      <button type="submit" className="primary" disabled={disabled} aria-describedby={why ? reasonId : undefined}>
        {t(busy ? 'common.working' : submit)}
      </button>
      <button type="button" onClick={onClose}>
        {t(close)}
      </button>
      {why && (
        <span id={reasonId} className="small muted">
          {why}
        </span>
      )}
    </div>
  );
}

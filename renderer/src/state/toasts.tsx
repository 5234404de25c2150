import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';

export interface Toast {
  id: number;
  text: string;
  tone: 'ok' | 'error' | 'info';
  action?: { label: string; run: () => void };
  /** What the message is about (e.g. one deleted certificate): a newer message about it replaces it. */
  about?: string;
}

interface Toasts {
  show(toast: Omit<Toast, 'id'>): void;
  /** Takes away the messages about something that changed elsewhere (an undo that no longer applies). */
  forget(about: string): void;
}

const ToastContext = createContext<Toasts>({ show: () => {}, forget: () => {} });
export const useToasts = () => useContext(ToastContext);

/** The messages about one deleted certificate (its undo), by its recovery id. */
export const recoveryAbout = (recoveryId: string) => `recovery:${recoveryId}`;

let nextId = 1;
/** How long a message stays; one with an action (undo) stays longer. */
const TOAST_MS = 6000;
const ACTION_TOAST_MS = 15000;

/** Short messages after an action, announced politely; an undo button where the action can be undone. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((x) => x.id !== id)), []);
  const show = useCallback(
    (toast: Omit<Toast, 'id'>) => {
      const id = nextId++;
      setToasts((all) => [...all.filter((x) => !toast.about || x.about !== toast.about).slice(-3), { ...toast, id }]);
      window.setTimeout(() => dismiss(id), toast.action ? ACTION_TOAST_MS : TOAST_MS);
    },
    [dismiss],
  );
  const forget = useCallback((about: string) => setToasts((all) => all.filter((x) => x.about !== about)), []);
  const value = useMemo(() => ({ show, forget }), [show, forget]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`}>
            <span>{toast.text}</span>
            {toast.action && (
              <button
                type="button"
                onClick={() => {
                  dismiss(toast.id);
                  toast.action!.run();
                }}
              >
                {toast.action.label}
              </button>
            )}
            <button type="button" className="link-button" onClick={() => dismiss(toast.id)} aria-label={t('common.dismiss')}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

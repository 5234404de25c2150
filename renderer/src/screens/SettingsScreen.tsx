import { useState, type FormEvent } from 'react';
import type { Language, Settings } from '../../../preload/types';
import type { BridgeError } from '../../../preload/errors';
import { ErrorNotice } from '../components/ErrorNotice';
import { useI18n } from '../i18n';

export function SettingsScreen({ settings, onChange }: { settings: Settings; onChange: (s: Settings) => void }) {
  const { t } = useI18n();
  const [folder, setFolder] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);

  async function apply(call: Promise<import('../../../preload/errors').Outcome<Settings>>) {
    const outcome = await call;
    if (outcome.ok) {
      setError(null);
      onChange(outcome.value);
    } else setError(outcome.error);
  }

  function addFolder(event: FormEvent) {
    event.preventDefault();
    if (!folder.trim()) return;
    void apply(window.dojang.addFolder({ path: folder.trim() })).then(() => setFolder(''));
  }

  return (
    <section aria-labelledby="settings-title" className="settings">
      <h1 id="settings-title">{t('settings.heading')}</h1>
      {error && <ErrorNotice error={error} />}
      <fieldset>
        <legend>{t('settings.language')}</legend>
        {(['ko', 'en'] as Language[]).map((language) => (
          <label key={language} className="radio">
            <input
              type="radio"
              name="language"
              value={language}
              checked={settings.language === language}
              onChange={() => void apply(window.dojang.updateSettings({ language }))}
            />
            {language === 'ko' ? '한국어' : 'English'}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('settings.folders')}</legend>
        {settings.folders.length === 0 ? (
          <p className="muted">{t('settings.folders.none')}</p>
        ) : (
          <ul className="folders">
            {settings.folders.map((f) => (
              <li key={f}>
                <code>{f}</code>
                <button type="button" onClick={() => void apply(window.dojang.removeFolder({ path: f }))}>
                  {t('settings.folders.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={addFolder} className="inline-form">
          <label htmlFor="folder-input">{t('settings.folders.input')}</label>
          <input id="folder-input" value={folder} onChange={(e) => setFolder(e.target.value)} aria-describedby="folder-help" />
          <button type="submit">{t('settings.folders.add')}</button>
        </form>
        <p id="folder-help" className="muted small">
          {t('settings.folders.help')}
        </p>
      </fieldset>
    </section>
  );
}

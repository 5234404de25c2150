import { useId, useState, type FormEvent } from 'react';
import type { ChooserListing, ChooserView, ChosenPath } from '../../../preload/areas/files';
import type { BridgeError } from '../../../preload/errors';
import { useI18n } from '../i18n';
import { Dialog } from './Dialog';
import { ErrorNotice } from './ErrorNotice';

const join = (location: string, name: string) => (location.endsWith('/') || location.endsWith('\\') ? location + name : `${location}/${name}`);

/**
 * The browser host's open/save/folder chooser. Main opened it for one purpose and lists folders
 * only while it is open (names and kinds, no hidden names); the final choice becomes a handle in
 * main. NPKI folders and drives come first; a typed location accepts `~`.
 */
export function ChooserDialog({ chooser, title, onChosen, onClose }: { chooser: ChooserView; title: string; onChosen(chosen: ChosenPath): void; onClose(): void }) {
  const { t } = useI18n();
  const ids = useId();
  const [listing, setListing] = useState<ChooserListing>(chooser.listing);
  const [typed, setTyped] = useState(chooser.listing.location);
  const [name, setName] = useState(chooser.defaultName ?? '');
  const [error, setError] = useState<BridgeError | null>(null);
  const [busy, setBusy] = useState(false);
  const wantsName = chooser.mode !== 'folder';
  const fits = (file: string) => chooser.extensions.length === 0 || chooser.extensions.some((e) => file.toLowerCase().endsWith(`.${e}`));

  async function go(location: string) {
    setError(null);
    const outcome = await window.dojang.chooserList({ chooserId: chooser.id, location });
    if (!outcome.ok) return setError(outcome.error);
    setListing(outcome.value);
    setTyped(outcome.value.location);
  }

  async function finish(location: string, fileName: string | undefined) {
    setBusy(true);
    setError(null);
    const outcome = await window.dojang.chooserFinish({ chooserId: chooser.id, location, ...(fileName ? { name: fileName } : {}) });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    onChosen(outcome.value);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    // A typed name with a folder in it ("~/Documents/kim.pfx") is a location of its own.
    const fileName = name.trim();
    if (wantsName && (fileName.startsWith('~') || fileName.includes('/') || fileName.includes('\\'))) return void finish(fileName, undefined);
    void finish(listing.location, wantsName ? fileName : undefined);
  }

  function cancel() {
    void window.dojang.chooserCancel({ chooserId: chooser.id });
    onClose();
  }

  return (
    <Dialog title={t(`chooser.title.${chooser.mode}`, { what: title })} onClose={cancel} wide>
      <div className="chooser">
        <nav aria-label={t('chooser.places')} className="chooser-places">
          <ul>
            {chooser.places.map((place) => (
              <li key={`${place.kind}:${place.location}`}>
                <button type="button" className="link-button" onClick={() => void go(place.location)} aria-current={place.location === listing.location ? 'location' : undefined}>
                  {t(`chooser.place.${place.kind}`)} <span className="muted small">{place.label}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="chooser-main">
          <form
            className="path-row"
            onSubmit={(event) => {
              event.preventDefault();
              void go(typed.trim() || '~');
            }}
          >
            <label htmlFor={`${ids}-where`} className="visually-hidden">
              {t('chooser.location')}
            </label>
            <input id={`${ids}-where`} value={typed} spellCheck={false} autoComplete="off" onChange={(e) => setTyped(e.target.value)} aria-describedby={`${ids}-where-help`} />
            <button type="submit">{t('chooser.go')}</button>
            <button type="button" disabled={!listing.parent} onClick={() => listing.parent && void go(listing.parent)}>
              {t('chooser.up')}
            </button>
          </form>
          <p id={`${ids}-where-help`} className="muted small">
            {t('chooser.locationHelp')}
          </p>
          <ul className="chooser-entries" aria-label={t('chooser.entries', { location: listing.location })}>
            {listing.entries.length === 0 && <li className="muted">{t('chooser.empty')}</li>}
            {listing.entries.map((entry) => (
              <li key={`${entry.kind}:${entry.name}`}>
                {entry.kind === 'folder' ? (
                  <button type="button" className="link-button" onClick={() => void go(join(listing.location, entry.name))}>
                    <span aria-hidden="true">📁 </span>
                    {entry.name}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="link-button"
                    disabled={!wantsName || (chooser.mode === 'open' && !fits(entry.name))}
                    aria-pressed={name === entry.name}
                    onClick={() => setName(entry.name)}
                    onDoubleClick={() => void finish(listing.location, entry.name)}
                  >
                    <span aria-hidden="true">📄 </span>
                    {entry.name}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {listing.truncated && <p className="muted small">{t('chooser.truncated')}</p>}
          <form onSubmit={submit} className="stack-form">
            {wantsName && (
              <div className="field">
                <label htmlFor={`${ids}-name`}>{t(chooser.mode === 'save' ? 'chooser.saveName' : 'chooser.openName')}</label>
                <input id={`${ids}-name`} value={name} spellCheck={false} autoComplete="off" onChange={(e) => setName(e.target.value)} />
              </div>
            )}
            {chooser.extensions.length > 0 && <p className="muted small">{t('chooser.extensions', { list: chooser.extensions.map((e) => `.${e}`).join(', ') })}</p>}
            {error && <ErrorNotice error={error} compact />}
            <div className="button-row">
              <button type="submit" className="primary" disabled={busy || (wantsName && name.trim() === '')}>
                {t(`chooser.submit.${chooser.mode}`)}
              </button>
              <button type="button" onClick={cancel}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        </div>
      </div>
    </Dialog>
  );
}

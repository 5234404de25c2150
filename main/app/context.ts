/**
 * What the handlers need from their host, gathered once at start. Both hosts (Electron and the
 * browser host) build one; everything host-specific (opening a link, a file dialog, the trash,
 * sending an event) is a function or object here.
 */
import type { EventName, Events, HostKind } from '../../preload/types.js';
import type { Logger } from '../core/log.js';
import type { Trash } from '../stores/recovery.js';
import { RecoveryArea } from '../stores/recovery.js';
import { DriveWatcher, defaultDriveLister } from '../stores/drives/index.js';
import { SettingsStore } from './settings.js';
import { CertificateCatalog } from './catalog.js';
import { createCloud, type CloudEndpoint, type CloudService, type KeyStore } from '../fincert/index.js';

export interface PathRequest {
  mode: 'openFile' | 'saveFile' | 'folder';
  extensions?: string[];
  defaultName?: string;
}

export interface HostServices {
  host: HostKind;
  version: string;
  platform: NodeJS.Platform;
  home: string;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  log: Logger;
  openExternal(url: string): Promise<void>;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  /** A native dialog where the host has one; null means "ask the user to type a path". */
  pickPath?(request: PathRequest): Promise<string | null>;
  /** Where deleted certificates go: the OS trash (Electron) or Dojang's recovery folder (default). */
  trash?: Trash;
  now?: () => Date;
  /** Drive polling; tests pass a watcher over a test mount table, or null to look at no drives. */
  drives?: DriveWatcher | null;
  /** The OS keychain for cloud auto-connect; tests of other modules pass an in-memory one. */
  keyStore?: KeyStore;
  /** The development cloud the launcher in scripts/ runs (`npm start`); never set in a packaged app. */
  devCloud?: CloudEndpoint | null;
}

export interface AppContext extends Required<Omit<HostServices, 'drives' | 'keyStore' | 'devCloud'>> {
  settings: SettingsStore;
  drives: DriveWatcher | null;
  catalog: CertificateCatalog;
  /** Bulk operations in flight, by the renderer's operation id, for cancel. */
  operations: Map<string, AbortController>;
  /** The 금융인증서 session (main/fincert). */
  cloud: CloudService;
}

export function createContext(services: HostServices): AppContext {
  const settings = new SettingsStore(services.dataDir);
  const drives = services.drives === undefined ? new DriveWatcher({ list: defaultDriveLister(services.platform) }) : services.drives;
  const base = {
    ...services,
    now: services.now ?? (() => new Date()),
    pickPath: services.pickPath ?? (async () => null),
    trash: services.trash ?? new RecoveryArea(services.dataDir),
    settings,
    drives,
    operations: new Map<string, AbortController>(),
  };
  const ctx = base as AppContext;
  ctx.catalog = new CertificateCatalog(ctx);
  Object.assign(ctx, createCloud({ ...services, settings, now: ctx.now }));
  return ctx;
}

/** Starts the background parts (drive polling → drivesChanged events). */
export async function startBackground(ctx: AppContext): Promise<void> {
  if (!ctx.drives) return;
  ctx.drives.on('drivesChanged', (change) => {
    ctx.catalog.invalidate();
    const view = (d: { id: string; label: string; mountPoint: string }) => ({ id: d.id, label: d.label, mountPoint: d.mountPoint });
    ctx.emit('drivesChanged', { drives: change.drives.map(view), added: change.added.map(view), removed: change.removed.map(view) });
  });
  ctx.drives.on('listError', (error) => ctx.log.warn('listing drives failed', { error: String(error) }));
  await ctx.drives.start();
}

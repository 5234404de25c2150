/**
 * What the handlers need from their host, gathered once at start. Both hosts (Electron and the
 * browser host) build one; everything host-specific (opening a link, a file dialog, the trash,
 * sending an event) is a function or object here.
 */
import type { EventName, Events, HostKind, Settings } from '../../preload/types.js';
import type { Logger } from '../core/log.js';
import type { Trash } from '../stores/recovery.js';
import { RecoveryArea } from '../stores/recovery.js';
import { DriveWatcher, defaultDriveLister } from '../stores/drives/index.js';
import { SettingsStore } from './settings.js';
import { LastUsedStore } from './last-used.js';
import { OpenedFiles } from './opened-files.js';
import { CertificateCatalog } from './catalog.js';
import { FileAccess, type NativeDialog } from './files/index.js';
import { nodeFetch, httpClientOver, type FetchFn } from './network.js';
import { useHttpClient } from '../verify/index.js';
import { createCloud, type CloudEndpoint, type CloudService, type KeyStore } from '../fincert/index.js';
import { createAgentService, type AgentService, type ConsentWindow } from '../agent/service.js';

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
  /** The host's own file dialog (Electron); without one, main serves the browser host's chooser. */
  nativeDialog?: NativeDialog;
  /** The log files (main/core/log-files.ts): their folder, or null and why they are off. */
  logs?: { folder: string | null; problem: string | null };
  /** Opens a folder in the file manager where the host can (Electron); false: the UI shows the path instead. */
  openFolder?(folder: string): Promise<boolean>;
  /** Told after each settings change (Electron: the login item follows openAtLogin). */
  settingsChanged?(settings: Settings): void;
  /** Where deleted certificates go: Dojang's recovery folder (default, on both hosts: Undo and Settings → Deleted). */
  trash?: Trash;
  now?: () => Date;
  /** Drive polling; tests pass a watcher over a test mount table, or null to look at no drives. */
  drives?: DriveWatcher | null;
  /** The OS keychain for cloud auto-connect; tests of other modules pass an in-memory one. */
  keyStore?: KeyStore;
  /** The development cloud the launcher in scripts/ runs (`npm start`); never set in a packaged app. */
  devCloud?: CloudEndpoint | null;
  /** How main reaches the network (main/app/network.ts): Electron's net.fetch; default Node's stack + env proxy. */
  fetch?: FetchFn;
  /** Where the web signing agent's consent shows: Electron's own top-level window; absent, the app's page alone (browser host). */
  consentWindow?: ConsentWindow;
  /** Set only by the test entries (main/app/test-hooks.ts); production code reads no test variables. */
  testHooks?: TestHooks;
}

export interface TestHooks {
  /** A pause after each copied file, so a journey can cancel or unplug mid-copy. */
  copyPauseMs?: number;
  /** How long the web signing agent waits for the user (default 3 minutes). */
  agentTimeoutMs?: number;
  /** Called once the context's background parts run (a journey's request injector, test-hooks.ts). */
  started?(ctx: AppContext): void;
}

export interface AppContext extends Required<Omit<HostServices, 'drives' | 'keyStore' | 'devCloud' | 'nativeDialog' | 'consentWindow'>> {
  settings: SettingsStore;
  /** 마지막 사용: when each certificate copy last signed. */
  lastUsed: LastUsedStore;
  drives: DriveWatcher | null;
  catalog: CertificateCatalog;
  /** Files and folders the user chose, as handles (main/app/files). */
  files: FileAccess;
  /** Files the OS opened with the app, waiting for the window (main/app/opened-files.ts). */
  openedFiles: OpenedFiles;
  /** Bulk operations in flight, by the renderer's operation id, for cancel. */
  operations: Map<string, AbortController>;
  /** The 금융인증서 session (main/fincert). */
  cloud: CloudService;
  /** The web signing agent: requests from pages through the browser extension (main/agent). */
  agent: AgentService;
}

export function createContext(services: HostServices): AppContext {
  const settings = new SettingsStore(services.dataDir);
  const drives = services.drives === undefined ? new DriveWatcher({ list: defaultDriveLister(services.platform) }) : services.drives;
  const base = {
    ...services,
    testHooks: services.testHooks ?? {},
    fetch: services.fetch ?? nodeFetch(services.env),
    now: services.now ?? (() => new Date()),
    logs: services.logs ?? { folder: null, problem: null },
    openFolder: services.openFolder ?? (async () => false),
    settingsChanged: services.settingsChanged ?? (() => {}),
    trash: services.trash ?? new RecoveryArea(services.dataDir),
    settings,
    lastUsed: new LastUsedStore(services.dataDir),
    drives,
    operations: new Map<string, AbortController>(),
  };
  const ctx = base as AppContext;
  ctx.catalog = new CertificateCatalog(ctx);
  ctx.files = new FileAccess({
    home: services.home,
    platform: services.platform,
    env: services.env,
    dataDir: services.dataDir,
    folders: async () => (await settings.get()).folders,
    drives: () => drives?.drives ?? [],
    now: () => ctx.now().getTime(),
    nativeDialog: services.nativeDialog ?? null,
  });
  ctx.openedFiles = new OpenedFiles(ctx.files, (event, payload) => ctx.emit(event, payload));
  Object.assign(ctx, createCloud({ ...services, settings, now: ctx.now, fetch: ctx.fetch }));
  ctx.agent = createAgentService({ ...ctx, consentWindow: services.consentWindow, timeoutMs: ctx.testHooks.agentTimeoutMs });
  // OCSP and CRL fetches go the same way as the cloud's.
  useHttpClient(httpClientOver(ctx.fetch));
  return ctx;
}

/**
 * Starts the background parts together: drive polling (→ drivesChanged events) and the first list's
 * scan, which does not wait for the first drive listing (PowerShell on Windows): if that listing
 * ends later with drives, they come as a change (DriveWatcher.forScan) and the page lists again.
 * Both run while the window loads; resolves once the drives are listed.
 */
export async function startBackground(ctx: AppContext): Promise<void> {
  ctx.testHooks.started?.(ctx);
  const drives = watchDrives(ctx);
  void ctx.catalog.prefetch();
  await drives;
}

async function watchDrives(ctx: AppContext): Promise<void> {
  if (!ctx.drives) return;
  ctx.drives.on('drivesChanged', (change) => {
    ctx.catalog.invalidate();
    const view = (d: { id: string; label: string; mountPoint: string }) => ({ id: d.id, label: d.label, mountPoint: d.mountPoint });
    ctx.emit('drivesChanged', { drives: change.drives.map(view), added: change.added.map(view), removed: change.removed.map(view) });
  });
  ctx.drives.on('listError', (error) => ctx.log.warn('listing drives failed', { error: String(error) }));
  await ctx.drives.start();
}

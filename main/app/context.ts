/**
 * What the handlers need from their host, gathered once at start. Both hosts (Electron and the
 * browser host) build one; everything host-specific (opening a link, sending an event) is a function here.
 */
import type { EventName, Events, HostKind } from '../../preload/types.js';
import type { Logger } from '../core/log.js';
import { SettingsStore } from './settings.js';

export interface AppContext {
  host: HostKind;
  version: string;
  platform: NodeJS.Platform;
  home: string;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  settings: SettingsStore;
  log: Logger;
  now(): Date;
  openExternal(url: string): Promise<void>;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
}

export interface ContextOptions extends Omit<AppContext, 'settings' | 'now'> {
  now?: () => Date;
}

export function createContext(options: ContextOptions): AppContext {
  return { ...options, settings: new SettingsStore(options.dataDir), now: options.now ?? (() => new Date()) };
}

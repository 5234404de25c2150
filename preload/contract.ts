/**
 * The typed bridge: the one API the renderer may call, as `window.dojang`.
 * Method names and result types live here; request types come from ./schemas.ts (type-only, so the
 * preload bundle carries no validator: validation happens in main/, which does not trust the caller).
 */
import type { z } from 'zod';
import type { Outcome } from './errors.js';
import type { RequestSchemas } from './schemas.js';
import type { AppInfo, CertificateList, EventName, Events, HostKind, Settings } from './types.js';

export interface Results {
  getAppInfo: AppInfo;
  listCertificates: CertificateList;
  getSettings: Settings;
  updateSettings: Settings;
  addFolder: Settings;
  removeFolder: Settings;
  openExternal: { opened: boolean };
}

export type Method = keyof Results & keyof RequestSchemas;
export type Request<M extends Method> = z.input<RequestSchemas[M]>;
export type Result<M extends Method> = Results[M];

export const METHODS = [
  'getAppInfo',
  'listCertificates',
  'getSettings',
  'updateSettings',
  'addFolder',
  'removeFolder',
  'openExternal',
] as const satisfies readonly Method[];

export type DojangApi = {
  [M in Method]: (request: Request<M>) => Promise<Outcome<Result<M>>>;
} & {
  readonly host: HostKind;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

/** IPC channel names (Electron) and URL paths (browser host) derive from the method name. */
export const channelFor = (method: Method): string => `dojang:${method}`;
export const EVENT_CHANNEL = 'dojang:event';

export interface EventMessage<E extends EventName = EventName> {
  event: E;
  payload: Events[E];
}

// Every method has a name in METHODS: a missing one fails the type-check here.
type Unlisted = Exclude<Method, (typeof METHODS)[number]>;
export const METHODS_COMPLETE: [Unlisted] extends [never] ? true : never = true;

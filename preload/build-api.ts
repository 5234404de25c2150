/**
 * Builds a `DojangApi` from a transport. Both preloads use it: Electron's (ipcRenderer) and the
 * browser host's (fetch + EventSource), so the renderer sees the same object on either host.
 */
import { EVENT_NAMES, type EventName, type Events, type HostKind } from './types.js';
import { METHODS, type DojangApi, type Method } from './contract.js';
import { bridgeError, type Outcome } from './errors.js';

export interface Transport {
  host: HostKind;
  invoke(method: Method, request: unknown): Promise<Outcome<unknown>>;
  subscribe(listener: (event: EventName, payload: unknown) => void): void;
}

export function buildApi(transport: Transport): DojangApi {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  transport.subscribe((event, payload) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) return;
    for (const listener of listeners.get(event) ?? []) listener(payload as never);
  });

  const api: Record<string, unknown> = {
    host: transport.host,
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
  for (const method of METHODS) {
    api[method] = (request: unknown) =>
      transport.invoke(method, request ?? {}).catch(() => ({
        ok: false as const,
        error: bridgeError('INTERNAL', 'bridge.unreachable'),
      }));
  }
  return Object.freeze(api) as unknown as DojangApi;
}

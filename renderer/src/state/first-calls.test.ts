/**
 * The first list's call leaves before React runs; a drive change pushed before React subscribes
 * (the drives were listed after the list went out: PowerShell on Windows) must not be lost.
 * A fake `window.dojang` (this module's only neighbour) counts the calls and pushes the event.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

let lists = 0;
let listeners: Map<string, Set<(payload: unknown) => void>>;
const push = (event: string) => listeners.get(event)?.forEach((listener) => listener({ drives: [], added: [], removed: [] }));

beforeEach(() => {
  lists = 0;
  listeners = new Map();
  const answer = <T>(value: T) => Promise.resolve({ ok: true as const, value });
  vi.stubGlobal('window', {
    dojang: {
      getSettings: () => answer({}),
      getAppInfo: () => answer({}),
      listCertificates: () => answer({ call: ++lists }),
      on(event: string, listener: (payload: unknown) => void) {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set.add(listener));
        return () => set.delete(listener);
      },
    },
  });
  vi.resetModules();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('first calls', () => {
  it('the first list is answered by the call made at entry, later ones call again', async () => {
    const { listCall } = await import('./first-calls');
    expect(lists).toBe(1);
    expect(await listCall()).toEqual({ ok: true, value: { call: 1 } });
    expect(await listCall()).toEqual({ ok: true, value: { call: 2 } });
  });

  it('a drive change before the answer is taken makes it stale: the list is asked again', async () => {
    const { listCall } = await import('./first-calls');
    push('drivesChanged');
    expect(await listCall()).toEqual({ ok: true, value: { call: 2 } });
    push('drivesChanged'); // after: React's own listener reloads; this module no longer listens
    expect(listeners.get('drivesChanged')?.size ?? 0).toBe(0);
  });
});

/**
 * The first screen's calls, sent as soon as the renderer's small entry runs (main.tsx; React and
 * the screens are a chunk loaded after it) instead of after React's first render: the settings gate that render
 * and the list fills it (launch → full list, bench/ui.ts). The first use of each gets the answer
 * already on its way; every later use (a retry, a refresh) calls again.
 */
import type { EventName } from '../../../preload/types';

function startedNow<T>(call: () => Promise<T>, staleOn?: EventName): () => Promise<T> {
  let early: Promise<T> | null = call();
  // An event pushed before the answer is taken may make it stale, and React, not yet running,
  // would miss it: the drives listed after the list went out (PowerShell on Windows) come as
  // `drivesChanged`, so the list is asked again. Once taken, React's own listener reloads.
  const stop = staleOn
    ? window.dojang.on(staleOn, () => {
        early = null;
        stop?.();
      })
    : undefined;
  return () => {
    const answer = early ?? call();
    early = null;
    stop?.();
    return answer;
  };
}

export const settingsCall = startedNow(() => window.dojang.getSettings({}));
export const appInfoCall = startedNow(() => window.dojang.getAppInfo({}));
export const listCall = startedNow(() => window.dojang.listCertificates({}), 'drivesChanged');

/**
 * The first screen's calls, sent as soon as the renderer's small entry runs (main.tsx; React and
 * the screens are a chunk loaded after it) instead of after React's first render: the settings gate that render
 * and the list fills it (launch → full list, bench/ui.ts). The first use of each gets the answer
 * already on its way; every later use (a retry, a refresh) calls again.
 */
function startedNow<T>(call: () => Promise<T>): () => Promise<T> {
  let early: Promise<T> | null = call();
  return () => {
    const answer = early ?? call();
    early = null;
    return answer;
  };
}

export const settingsCall = startedNow(() => window.dojang.getSettings({}));
export const appInfoCall = startedNow(() => window.dojang.getAppInfo({}));
export const listCall = startedNow(() => window.dojang.listCertificates({}));

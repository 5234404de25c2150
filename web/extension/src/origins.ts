/**
 * Which page origins the extension relays for: https, and http on this machine's loopback names for
 * development (the same set as the content script's `matches`). Dojang's own site policy (allow,
 * deny, ask) comes after, in the app.
 */
export function isRelayableOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false; // "null", paths, credentials: not a plain origin
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}

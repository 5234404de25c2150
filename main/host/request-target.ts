/**
 * The browser host's request parser: total (never throws, for any bytes a client sends) and
 * small on purpose. It runs before the session check, so nothing here may trust its input:
 * no `new URL` (it throws on `//`, `http://[`), no bare `decodeURIComponent` (throws on `%c0%ae`).
 */

/** The path of a request target (`/a/b?x#y` → `/a/b`), or null when it is not an origin-form path. */
export function requestPath(target: unknown): string | null {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2048 || target[0] !== '/') return null;
  if (target.startsWith('//')) return null; // a network-path reference: never ours
  const end = target.search(/[?#]/);
  const path = end === -1 ? target : target.slice(0, end);
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0020\u007f-\uffff\\]/.test(path) ? null : path;
}

/** `decodeURIComponent` that answers null instead of throwing (malformed or overlong UTF-8, lone `%`). */
export function decodePath(path: string): string | null {
  try {
    const decoded = decodeURIComponent(path);
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u001f\u007f]/.test(decoded) ? null : decoded;
  } catch {
    return null;
  }
}

/** One header as a single string (Node joins most repeated headers; `set-cookie`-like arrays are refused). */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** A value of an `application/x-www-form-urlencoded` body, or null (malformed encoding included). */
export function formField(body: string, name: string): string | null {
  for (const pair of body.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || pair.slice(0, eq) !== name) continue;
    try {
      return decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Which origins may ask for a signature. The origin is the one the browser reported (the extension's
 * `sender.origin`), never one a page wrote: it must be a serialized origin exactly (no path, no
 * user info, lower case, default port left out), over https. Plain http is accepted only for this
 * computer's loopback names, and only while the development setting is on (Settings → Web signing:
 * a relying party run locally, as the e2e journeys do). The hostname is kept as punycode — what the
 * browser reported and what the site list stores — and its Unicode form is given beside it for
 * display, so a look-alike name (xn--…) is seen for what it is.
 */
import { domainToUnicode } from 'node:url';

export interface CheckedOrigin {
  /** As the browser reported it: `https://xn--9n3b.example`. */
  origin: string;
  /** The same with the hostname in Unicode (`https://은행.example`), or null when that reads the same. */
  unicode: string | null;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The origin if it may ask at all, else null (the caller answers SITE_NOT_ALLOWED). */
export function checkOrigin(raw: string, allowLoopback: boolean): CheckedOrigin | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  // The serialized form must be exactly what was given: no path, query, user info or odd spelling.
  if (url.origin !== raw || url.origin === 'null') return null;
  if (url.protocol === 'http:') {
    if (!allowLoopback || !LOOPBACK.has(url.hostname)) return null;
  } else if (url.protocol !== 'https:') {
    return null;
  }
  const unicodeHost = url.hostname.startsWith('[') ? url.hostname : domainToUnicode(url.hostname);
  if (!unicodeHost) return null; // an invalid punycode label
  const unicode = `${url.protocol}//${unicodeHost}${url.port ? `:${url.port}` : ''}`;
  return { origin: raw, unicode: unicode === raw ? null : unicode };
}

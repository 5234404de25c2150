/**
 * Which frames may call the bridge: only the app's own page, loaded from the app:// scheme, in the
 * top frame. Anything else (a navigated-away page, an iframe, a devtools extension) is refused.
 */
import { APP_ORIGIN } from './window-options.js';

export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

export function isTrustedSender(frame: SenderFrameLike | null | undefined): boolean {
  if (!frame || frame.parent) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  return url.origin === APP_ORIGIN || `${url.protocol}//${url.host}` === APP_ORIGIN;
}

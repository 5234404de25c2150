/**
 * Maps an app:// request to a file of the packaged renderer, never outside it.
 */
import path from 'node:path';
import { APP_HOST } from './window-options.js';

export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.host !== APP_HOST) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, '.' + decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
  return file.startsWith(root + path.sep) ? file : null;
}

/**
 * How the app window gets its session without the secret ever showing in a command line, a URL
 * or a log (issue 12): main writes a one-time launch page into a folder only this user can read
 * (0700, the page 0600) and Chromium opens `file://…/launch-<random>.html`; the page POSTs the
 * code to `/launch`, which answers a session cookie of another random value. The code is
 * single-use and lives 60 s; until the first use a fresh one replaces it in the page.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { secretsEqual } from './security.js';

export const LAUNCH_CODE_LIFETIME_MS = 60_000;

function token(): string {
  return randomBytes(32).toString('base64url');
}

export interface LaunchGate {
  /** `file://` URL of the launch page (no secret in it). */
  pageUrl: string;
  /** Trades a launch code for a new session value; null when the code is wrong, spent or expired. */
  exchange(code: string | null): string | null;
  /** The live session value (null before the launch). */
  session(): string | null;
  close(): void;
}

/** A folder only this user may enter: created 0700, refused when it is a link or someone else's. */
function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const info = lstatSync(dir);
  if (!info.isDirectory() || (process.getuid && info.uid !== process.getuid())) {
    throw new Error(`${dir} is not a private folder of this user`);
  }
  chmodSync(dir, 0o700);
}

function launchPage(origin: string, code: string): string {
  // A file:// page: no CSP of ours applies; the inline script only submits the form.
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Dojang</title></head>
<body><form method="post" action="${origin}/launch"><input type="hidden" name="code" value="${code}"><noscript><button>Dojang</button></noscript></form>
<script>document.forms[0].submit()</script></body></html>
`;
}

export function createLaunchGate(folder: string, origin: string, now: () => number = Date.now): LaunchGate {
  privateFolder(folder);
  const file = path.join(folder, `launch-${randomBytes(8).toString('hex')}.html`);
  let code: string | null = null;
  let expires = 0;
  let sessionValue: string | null = null;

  function issue(): void {
    code = token();
    expires = now() + LAUNCH_CODE_LIFETIME_MS;
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, launchPage(origin, code), { mode: 0o600, flag: 'w' });
    renameSync(tmp, file);
  }
  function spend(): void {
    code = null;
    clearInterval(timer);
    rmSync(file, { force: true });
  }
  issue();
  const timer = setInterval(issue, LAUNCH_CODE_LIFETIME_MS);
  timer.unref();

  return {
    pageUrl: pathToFileURL(file).href,
    exchange(given) {
      if (code === null || now() > expires || !secretsEqual(given, code)) return null;
      spend();
      sessionValue = token();
      return sessionValue;
    },
    session: () => sessionValue,
    close: spend,
  };
}

/**
 * Opening pages from the browser host: the app page in a Chromium "app mode" window, and allowed
 * external links in the user's default browser. Paths are searched, never taken from input.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export function findChromium(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string | null {
  const candidates =
    platform === 'darwin'
      ? ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium']
      : platform === 'win32'
        ? [
            path.win32.join(env.PROGRAMFILES ?? 'C:\\Program Files', 'Google\\Chrome\\Application\\chrome.exe'),
            path.win32.join(env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', 'Microsoft\\Edge\\Application\\msedge.exe'),
          ]
        : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  if (env.DOJANG_CHROMIUM) candidates.unshift(env.DOJANG_CHROMIUM);
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

/** Chromium flags for the app window: its own profile, no calls home. */
export function appModeArgs(url: string, profileDir: string, isRoot: boolean): string[] {
  return [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(isRoot ? ['--no-sandbox'] : []),
  ];
}

/** How long a starting browser may take to fail (no display, bad profile) before it counts as open. */
const SETTLE_MS = 3000;

/**
 * Starts the app window. Answers 'open' once the browser is still running after a moment, or why
 * it is not (it could not start, or exited at once, as Chromium does without a display).
 */
export function openAppWindow(executable: string, args: string[], settleMs = SETTLE_MS): Promise<{ open: true } | { open: false; why: string }> {
  return new Promise((resolve) => {
    const child = spawn(executable, args, { detached: true, stdio: 'ignore' });
    const timer = setTimeout(() => {
      child.removeAllListeners();
      child.unref();
      resolve({ open: true });
    }, settleMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve({ open: false, why: e.message });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ open: false, why: signal ? `stopped by ${signal}` : `exit code ${code}` });
    });
  });
}

export function openInDefaultBrowser(url: string, platform: NodeJS.Platform): Promise<void> {
  const [command, args] = platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['explorer.exe', [url]] : ['xdg-open', [url]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

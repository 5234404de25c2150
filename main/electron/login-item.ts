/**
 * The opt-in login item (Settings → "Remind me when Dojang is closed"): at login the OS starts
 * Dojang with --background; it checks certificate expiry once, shows the reminder if one is due,
 * and quits unless the person clicks it. No resident process or tray icon for a once-a-day check
 * (docs/decisions.md). Windows and macOS only: Electron has no login items on Linux.
 */
export const BACKGROUND_ARG = '--background';

export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }): void;
}

export function loginItemSupported(platform: NodeJS.Platform): boolean {
  return platform === 'win32' || platform === 'darwin';
}

export function applyLoginItem(app: LoginItemApp, platform: NodeJS.Platform, enabled: boolean): void {
  if (!loginItemSupported(platform)) return;
  app.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: enabled, args: enabled ? [BACKGROUND_ARG] : [] });
}

/** Started by the login item: check, remind, quit; no window unless the reminder is clicked. */
export function isBackgroundStart(argv: readonly string[]): boolean {
  return argv.includes(BACKGROUND_ARG);
}

/**
 * One Dojang at a time (two would contend for the data folder's PGlite and file locks): a second
 * launch hands its files to the first, which comes to the front, and quits.
 */
import { filesInArgv } from '../app/opened-files.js';

/** The part of Electron's `app` this module uses (the seam its unit test fills). */
export interface InstanceApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: (event: unknown, argv: string[], cwd: string) => void): unknown;
  on(event: 'open-file', listener: (event: { preventDefault(): void }, file: string) => void): unknown;
}

export interface InstanceHandlers {
  /** Bring the window to the front (restore it if minimized; make one if there is none). */
  focus(): void;
  /** A file the OS asked us to open. */
  open(file: string): void;
}

/** True: this is the one instance (listeners set). False: another runs, it has our files, and we quit. */
export function claimSingleInstance(app: InstanceApp, handlers: InstanceHandlers, argv: readonly string[], cwd: string): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, secondArgv, secondCwd) => {
    handlers.focus();
    for (const file of filesInArgv(secondArgv, secondCwd)) handlers.open(file);
  });
  // macOS: double-clicks and "Open with" arrive as events, also before the app is ready.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    handlers.open(file);
  });
  for (const file of filesInArgv(argv, cwd)) handlers.open(file);
  return true;
}

/**
 * What happens when a part of the app dies: the page's renderer process is reloaded once; if it dies
 * again within a minute the person is told (and can reload from the menu). Helper processes (GPU,
 * utility) are logged: Chromium restarts them itself. Every case goes to the log.
 */
import type { Logger } from '../core/log.js';

export interface GoneDetails {
  reason: string;
  exitCode: number;
}

export interface RendererRecovery {
  /** Call on webContents 'render-process-gone'. */
  rendererGone(details: GoneDetails): void;
}

export function rendererRecovery(opts: { log: Logger; reload(): void; tell(reason: string): void; now?: () => number; windowMs?: number }): RendererRecovery {
  const now = opts.now ?? Date.now;
  const windowMs = opts.windowMs ?? 60_000;
  let lastReload = -Infinity;
  return {
    rendererGone(details) {
      opts.log.error('the page stopped', { reason: details.reason, exitCode: details.exitCode });
      if (details.reason === 'clean-exit') return;
      if (now() - lastReload < windowMs) {
        opts.tell(details.reason);
        return;
      }
      lastReload = now();
      opts.reload();
    },
  };
}

/** app 'child-process-gone': GPU and utility processes are restarted by Chromium; the log says which and why. */
export function logChildGone(log: Logger, details: GoneDetails & { type: string; name?: string }): void {
  const fields = { type: details.type, name: details.name ?? '', reason: details.reason, exitCode: details.exitCode };
  if (details.reason === 'clean-exit') log.info('a helper process ended', fields);
  else log.error('a helper process stopped', fields);
}

/** Errors nobody caught: logged; an uncaught exception then ends the app through `fatal` (its state is unknown). */
export function watchProcessErrors(proc: Pick<NodeJS.Process, 'on'>, log: Logger, fatal: (error: unknown) => void): void {
  proc.on('unhandledRejection', (reason: unknown) => log.error('unhandled rejection', { error: reason instanceof Error ? reason.stack : String(reason) }));
  proc.on('uncaughtException', (error: Error) => {
    log.error('uncaught exception', { error: error.stack ?? String(error) });
    fatal(error);
  });
}

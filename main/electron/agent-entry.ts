/**
 * The packaged app's faces for the web signing agent. It has no Node to run
 * dist/main/native-host.mjs (the runAsNode fuse is off), so the launcher install.ts writes runs
 * Dojang's own executable:
 * - with a first argument `chrome-extension://…/` (the browser starting the native host): the host
 *   runs on stdio in this process, no window, no single-instance lock, and the process exits; when
 *   Dojang is not running it starts it;
 * - `--register-agent` / `--unregister-agent` (the Windows installer runs them, build/installer.nsh).
 * And at each start of the packaged app, a registration that is missing or stale is rewritten.
 * Not run here (no Electron binary on this machine): docs/signing-agent.md says so.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { defaultDataDir } from '../app/paths.js';
import type { Logger } from '../core/log.js';
import { installNativeHost, nativeHostStatus, uninstallNativeHost, type InstallEnv } from '../agent/install.js';
import { runNativeHost } from '../agent/native-host.js';

function installEnv(): InstallEnv {
  return { platform: process.platform, home: os.homedir(), env: process.env, dataDir: defaultDataDir(process.platform, os.homedir(), process.env) };
}

/** What `args` (the arguments after the executable and app path) ask of this process, or null: the app. */
export function agentEntry(args: readonly string[], execPath: string): (() => Promise<number>) | null {
  if (args[0]?.startsWith('chrome-extension://')) {
    return () =>
      runNativeHost({
        args,
        input: process.stdin,
        output: process.stdout,
        dataDir: installEnv().dataDir,
        report: (line) => process.stderr.write(line + '\n'),
        // Dojang not running: start it (detached, so it outlives this host) and wait for its channel.
        startApp: () => spawn(execPath, [], { detached: true, stdio: 'ignore' }).unref(),
      });
  }
  if (args.includes('--register-agent')) return async () => ((await installNativeHost(installEnv(), { command: [execPath] })).every((r) => r.state === 'registered') ? 0 : 1);
  if (args.includes('--unregister-agent')) return async () => (await uninstallNativeHost(installEnv()), 0);
  return null;
}

/** The packaged app's repair at start: rewrites the registration when any browser's is missing or stale. */
export async function registerAgentOnStart(execPath: string, log: Logger): Promise<void> {
  try {
    const status = await nativeHostStatus(installEnv());
    if (status.every((r) => r.state === 'registered')) return;
    await installNativeHost(installEnv(), { command: [execPath] });
    log.info('web signing agent registered with the browsers');
  } catch (error) {
    log.warn('web signing agent registration failed', { error: error instanceof Error ? error.message : String(error) });
  }
}

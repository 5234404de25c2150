/**
 * Registers Dojang's native messaging host with the Chromium-family browsers of this user: a
 * launcher (which runs the host with this data folder), and a host manifest per browser naming
 * only Dojang's extension IDs (extension-ids.ts). Linux and macOS: a manifest file in each
 * browser's user NativeMessagingHosts folder; Windows: the manifest beside the launcher and an
 * HKCU registry key per browser pointing to it (reg.exe). `dojang agent install|status|uninstall`
 * and the app's repair button call these. Firefox would need its own manifest (allowed_extensions,
 * ~/.mozilla/native-messaging-hosts): not written here (docs/signing-agent.md).
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { EXTENSION_IDS, extensionOrigin } from './extension-ids.js';
import { NATIVE_HOST_NAME } from './protocol.js';

export const BROWSERS = ['chrome', 'chromium', 'edge', 'brave'] as const;
export type BrowserName = (typeof BROWSERS)[number];

/** Each browser's folder under ~/.config (Linux), ~/Library/Application Support (macOS), HKCU\Software (Windows). */
const BROWSER_DIRS: Record<BrowserName, { linux: string; darwin: string; win32: string }> = {
  chrome: { linux: 'google-chrome', darwin: 'Google/Chrome', win32: 'Google\\Chrome' },
  chromium: { linux: 'chromium', darwin: 'Chromium', win32: 'Chromium' },
  edge: { linux: 'microsoft-edge', darwin: 'Microsoft Edge', win32: 'Microsoft\\Edge' },
  brave: { linux: 'BraveSoftware/Brave-Browser', darwin: 'BraveSoftware/Brave-Browser', win32: 'BraveSoftware\\Brave-Browser' },
};

export interface InstallEnv {
  platform: NodeJS.Platform;
  home: string;
  env: NodeJS.ProcessEnv;
  /** The app's data folder: the launcher and (Windows) the manifest live in `<data>/native-host`. */
  dataDir: string;
}

/** Where a browser looks for user-level host manifests (Linux, macOS). */
export function manifestFolder(browser: BrowserName, e: Pick<InstallEnv, 'platform' | 'home' | 'env'>): string {
  if (e.platform === 'darwin') return path.posix.join(e.home, 'Library', 'Application Support', BROWSER_DIRS[browser].darwin, 'NativeMessagingHosts');
  const config = e.env.XDG_CONFIG_HOME ?? path.posix.join(e.home, '.config');
  return path.posix.join(config, BROWSER_DIRS[browser].linux, 'NativeMessagingHosts');
}

export function registryKey(browser: BrowserName): string {
  return `HKCU\\Software\\${BROWSER_DIRS[browser].win32}\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`;
}

/** The reg.exe commands (file + arguments, no shell) that register and remove a manifest. */
export function regAddCommand(browser: BrowserName, manifestPath: string): [string, string[]] {
  return ['reg.exe', ['add', registryKey(browser), '/ve', '/t', 'REG_SZ', '/d', manifestPath, '/f']];
}
export function regDeleteCommand(browser: BrowserName): [string, string[]] {
  return ['reg.exe', ['delete', registryKey(browser), '/f']];
}
export function regQueryCommand(browser: BrowserName): [string, string[]] {
  return ['reg.exe', ['query', registryKey(browser), '/ve']];
}

export interface HostManifest {
  name: string;
  description: string;
  path: string;
  type: 'stdio';
  allowed_origins: string[];
}

export function hostManifest(launcher: string, ids: readonly string[] = EXTENSION_IDS): HostManifest {
  return { name: NATIVE_HOST_NAME, description: 'Dojang (도장) web signing agent', path: launcher, type: 'stdio', allowed_origins: ids.map(extensionOrigin) };
}

/** How the launcher runs the host: a program and its leading arguments (e.g. node + native-host.mjs). */
export type HostCommand = readonly [string, ...string[]];

const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const cmdQuote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The launcher the browser runs (manifests cannot carry arguments or environment). */
export function launcherScript(platform: NodeJS.Platform, command: HostCommand, dataDir: string): string {
  if (platform === 'win32') {
    return ['@echo off', `set ${cmdQuote(`DOJANG_DATA_DIR=${dataDir}`)}`, `${command.map(cmdQuote).join(' ')} %*`, ''].join('\r\n');
  }
  return [
    '#!/bin/sh',
    '# Dojang (도장) native messaging host, written by `dojang agent install` (main/agent/install.ts).',
    `DOJANG_DATA_DIR=${shQuote(dataDir)}`,
    'export DOJANG_DATA_DIR',
    `exec ${command.map(shQuote).join(' ')} "$@"`,
    '',
  ].join('\n');
}

export function hostFolder(dataDir: string): string {
  return path.join(dataDir, 'native-host');
}
function launcherPath(e: InstallEnv): string {
  return path.join(hostFolder(e.dataDir), e.platform === 'win32' ? 'dojang-native-host.cmd' : 'dojang-native-host');
}

export interface RegistrationStatus {
  browser: BrowserName | 'profile';
  /** The manifest file (Linux, macOS, a profile) or registry key (Windows). */
  where: string;
  state: 'registered' | 'missing' | 'other';
}

export type RunCommand = (file: string, args: string[]) => Promise<string>;
const runReg: RunCommand = async (file, args) => (await promisify(execFile)(file, args, { windowsHide: true })).stdout;

export interface InstallOptions {
  command: HostCommand;
  /** Extra NativeMessagingHosts folders: a browser profile started with --user-data-dir (the e2e journey). */
  profileFolders?: readonly string[];
  run?: RunCommand;
}

/** Writes (or rewrites: that is the repair) the launcher and every browser's registration. */
export async function installNativeHost(e: InstallEnv, o: InstallOptions): Promise<RegistrationStatus[]> {
  const launcher = launcherPath(e);
  mkdirSync(path.dirname(launcher), { recursive: true });
  writeFileSync(launcher, launcherScript(e.platform, o.command, e.dataDir), { mode: 0o755 });
  chmodSync(launcher, 0o755);
  const manifest = JSON.stringify(hostManifest(launcher), null, 2) + '\n';
  const file = `${NATIVE_HOST_NAME}.json`;
  if (e.platform === 'win32') {
    const manifestPath = path.join(hostFolder(e.dataDir), file);
    writeFileSync(manifestPath, manifest);
    for (const browser of BROWSERS) await (o.run ?? runReg)(...regAddCommand(browser, manifestPath));
  } else {
    for (const browser of BROWSERS) {
      mkdirSync(manifestFolder(browser, e), { recursive: true });
      writeFileSync(path.join(manifestFolder(browser, e), file), manifest);
    }
  }
  for (const folder of o.profileFolders ?? []) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, file), manifest);
  }
  return nativeHostStatus(e, o);
}

function manifestState(file: string, launcher: string): RegistrationStatus['state'] {
  if (!existsSync(file)) return 'missing';
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<HostManifest>;
    const expected = hostManifest(launcher);
    return m.path === launcher && JSON.stringify(m.allowed_origins) === JSON.stringify(expected.allowed_origins) && existsSync(launcher) ? 'registered' : 'other';
  } catch {
    return 'other';
  }
}

/** Per browser: registered (ours, current), missing, or other (another path or IDs: repair rewrites it). */
export async function nativeHostStatus(e: InstallEnv, o: Pick<InstallOptions, 'profileFolders' | 'run'> = {}): Promise<RegistrationStatus[]> {
  const launcher = launcherPath(e);
  const file = `${NATIVE_HOST_NAME}.json`;
  const out: RegistrationStatus[] = [];
  if (e.platform === 'win32') {
    const manifestPath = path.join(hostFolder(e.dataDir), file);
    for (const browser of BROWSERS) {
      let value: string | null = null;
      try {
        value = await (o.run ?? runReg)(...regQueryCommand(browser));
      } catch {
        value = null;
      }
      const state = value === null ? 'missing' : value.includes(manifestPath) ? manifestState(manifestPath, launcher) : 'other';
      out.push({ browser, where: registryKey(browser), state });
    }
  } else {
    for (const browser of BROWSERS) {
      const where = path.join(manifestFolder(browser, e), file);
      out.push({ browser, where, state: manifestState(where, launcher) });
    }
  }
  for (const folder of o.profileFolders ?? []) {
    const where = path.join(folder, file);
    out.push({ browser: 'profile', where, state: manifestState(where, launcher) });
  }
  return out;
}

/** Removes every registration this user has and the launcher. */
export async function uninstallNativeHost(e: InstallEnv, o: Pick<InstallOptions, 'profileFolders' | 'run'> = {}): Promise<RegistrationStatus[]> {
  const file = `${NATIVE_HOST_NAME}.json`;
  if (e.platform === 'win32') {
    for (const browser of BROWSERS) await (o.run ?? runReg)(...regDeleteCommand(browser)).catch(() => undefined); // absent already
  } else {
    for (const browser of BROWSERS) rmSync(path.join(manifestFolder(browser, e), file), { force: true });
  }
  for (const folder of o.profileFolders ?? []) rmSync(path.join(folder, file), { force: true });
  rmSync(hostFolder(e.dataDir), { recursive: true, force: true });
  return nativeHostStatus(e, o);
}

/**
 * The host command of this installation: this Node running dist/main/native-host.mjs of the
 * checkout or install `from` is in (the first folder upwards with a package.json). A packaged
 * Electron app has no Node (the runAsNode fuse is off): see docs/signing-agent.md.
 */
export function defaultHostCommand(from: string): HostCommand {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return [process.execPath, path.join(dir, 'dist', 'main', 'native-host.mjs')];
}

/** The app's "repair" (Settings → Web signing): rewrites every registration; answers the status. */
export function repairNativeHost(e: InstallEnv): Promise<RegistrationStatus[]> {
  return installNativeHost(e, { command: defaultHostCommand(import.meta.dirname) });
}

/**
 * Registration in a real temporary HOME: the manifests each browser reads, the launcher they
 * run (executed here, to prove it reaches the host), and the reg.exe commands for Windows.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../cli/cli.test-util.js';
import { EXTENSION_IDS } from './extension-ids.js';
import {
  hostManifest,
  installNativeHost,
  launcherScript,
  manifestFolder,
  nativeHostStatus,
  regAddCommand,
  regDeleteCommand,
  uninstallNativeHost,
  type InstallEnv,
} from './install.js';

const bases: string[] = [];
afterEach(() => {
  for (const b of bases.splice(0)) rmSync(b, { recursive: true, force: true });
});

function tempEnv(platform: NodeJS.Platform = process.platform): InstallEnv {
  const base = mkdtempSync(path.join(os.tmpdir(), 'dojang-install-'));
  bases.push(base);
  return { platform, home: path.join(base, 'home'), env: {}, dataDir: path.join(base, 'data dir') };
}

describe.runIf(process.platform !== 'win32')('native host registration (Linux, macOS)', () => {
  it('writes one manifest per browser naming only our extension, and a launcher that runs the host', async () => {
    const e = tempEnv();
    const profile = path.join(path.dirname(e.home), 'profile', 'NativeMessagingHosts');
    const rows = await installNativeHost(e, { command: ['/bin/sh', '-c', 'echo "$DOJANG_DATA_DIR|$0|$1"', 'host'], profileFolders: [profile] });
    expect(rows.map((r) => [r.browser, r.state])).toEqual([
      ['chrome', 'registered'],
      ['chromium', 'registered'],
      ['edge', 'registered'],
      ['brave', 'registered'],
      ['profile', 'registered'],
    ]);
    const file = path.join(
      e.home,
      process.platform === 'darwin' ? 'Library/Application Support/Google/Chrome' : '.config/google-chrome',
      'NativeMessagingHosts',
      'kr.dojang.agent.json',
    );
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(manifest).toEqual({
      name: 'kr.dojang.agent',
      description: expect.any(String),
      path: path.join(e.dataDir, 'native-host', 'dojang-native-host'),
      type: 'stdio',
      allowed_origins: [`chrome-extension://${EXTENSION_IDS[0]}/`],
    });
    expect(statSync(manifest.path as string).mode & 0o111).not.toBe(0);
    // The launcher runs the command with the browser's arguments and the data folder (a path with a space).
    expect(execFileSync(manifest.path as string, ['chrome-extension://x/'], { encoding: 'utf8' })).toBe(`${e.dataDir}|host|chrome-extension://x/\n`);
  });

  it('says other when a manifest points elsewhere, and uninstall removes everything', async () => {
    const e = tempEnv();
    await installNativeHost(e, { command: ['/bin/true'] });
    const chromium = path.join(manifestFolder('chromium', e), 'kr.dojang.agent.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(chromium, JSON.stringify(hostManifest('/somewhere/else')));
    expect((await nativeHostStatus(e)).find((r) => r.browser === 'chromium')?.state).toBe('other');
    const after = await uninstallNativeHost(e);
    expect(after.every((r) => r.state === 'missing')).toBe(true);
  });

  it('`dojang agent install --json` registers in this HOME', async () => {
    const e = tempEnv();
    const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME, DOJANG_DATA_DIR: process.env.DOJANG_DATA_DIR };
    process.env.HOME = e.home;
    process.env.XDG_CONFIG_HOME = path.join(e.home, '.config');
    process.env.DOJANG_DATA_DIR = e.dataDir;
    try {
      const result = await run(['agent', 'install', '--json']);
      expect(result.code).toBe(0);
      const rows = result.doc<{ browser: string; state: string; where: string }[]>();
      expect(rows).toHaveLength(4);
      expect(rows.every((r) => r.state === 'registered' && r.where.startsWith(e.home))).toBe(true);
      const launcher = readFileSync(path.join(e.dataDir, 'native-host', 'dojang-native-host'), 'utf8');
      expect(launcher).toContain(path.join('dist', 'main', 'native-host.mjs'));
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe('native host registration (Windows commands)', () => {
  it('builds the reg.exe commands for each browser’s HKCU key', async () => {
    expect(regAddCommand('chrome', 'C:\\Users\\kim\\AppData\\Roaming\\Dojang\\native-host\\kr.dojang.agent.json')).toEqual([
      'reg.exe',
      [
        'add',
        'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\kr.dojang.agent',
        '/ve',
        '/t',
        'REG_SZ',
        '/d',
        'C:\\Users\\kim\\AppData\\Roaming\\Dojang\\native-host\\kr.dojang.agent.json',
        '/f',
      ],
    ]);
    expect(regDeleteCommand('edge')).toEqual(['reg.exe', ['delete', 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\kr.dojang.agent', '/f']]);
  });

  it('runs them all on install, and writes a .cmd launcher', async () => {
    const e = tempEnv('win32');
    const ran: string[][] = [];
    await installNativeHost(e, { command: ['C:\\Program Files\\nodejs\\node.exe', 'C:\\Dojang\\native-host.mjs'], run: async (file, args) => (ran.push([file, ...args]), '') });
    expect(ran.filter((r) => r[1] === 'add').map((r) => r[2])).toEqual([
      'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\kr.dojang.agent',
      'HKCU\\Software\\Chromium\\NativeMessagingHosts\\kr.dojang.agent',
      'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\kr.dojang.agent',
      'HKCU\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts\\kr.dojang.agent',
    ]);
    expect(launcherScript('win32', ['C:\\Program Files\\nodejs\\node.exe', 'C:\\D\\h.mjs'], 'C:\\Users\\kim\\Dojang')).toBe(
      '@echo off\r\nset "DOJANG_DATA_DIR=C:\\Users\\kim\\Dojang"\r\n"C:\\Program Files\\nodejs\\node.exe" "C:\\D\\h.mjs" %*\r\n',
    );
  });
});

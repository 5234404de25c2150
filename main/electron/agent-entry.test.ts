import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentEntry } from './agent-entry.js';

const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME, DOJANG_DATA_DIR: process.env.DOJANG_DATA_DIR };
let base = '';
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(base, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('the packaged app’s agent entry', () => {
  it('is the app unless a browser starts it as the host or the installer asks to register', () => {
    expect(agentEntry([], '/opt/Dojang/dojang')).toBeNull();
    expect(agentEntry(['/home/kim/signed.p7s'], '/opt/Dojang/dojang')).toBeNull();
    expect(agentEntry(['chrome-extension://abc/'], '/opt/Dojang/dojang')).toBeTypeOf('function');
  });

  it('--register-agent writes launchers that run the app’s own executable; --unregister-agent removes them', async () => {
    base = mkdtempSync(path.join(os.tmpdir(), 'dojang-entry-'));
    process.env.HOME = path.join(base, 'home');
    process.env.XDG_CONFIG_HOME = path.join(base, 'home', '.config');
    process.env.DOJANG_DATA_DIR = path.join(base, 'data');
    expect(await agentEntry(['--register-agent'], '/opt/Dojang/dojang')!()).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(base, 'home/.config/chromium/NativeMessagingHosts/kr.dojang.agent.json'), 'utf8')) as { path: string };
    expect(readFileSync(manifest.path, 'utf8')).toContain(`exec '/opt/Dojang/dojang' "$@"`);
    expect(await agentEntry(['--unregister-agent'], '/opt/Dojang/dojang')!()).toBe(0);
    expect(() => readFileSync(manifest.path)).toThrow();
  });
});

/**
 * The Electron shell modules, with a small seam around `electron` (its binary cannot run here): each
 * module takes the few app/updater methods it uses, and these tests fill them with recording fakes.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DojangError } from '../../common/errors.js';
import type { Logger } from '../core/log.js';
import { logChildGone, rendererRecovery, watchProcessErrors } from './crash-recovery.js';
import { applyLoginItem, BACKGROUND_ARG, isBackgroundStart } from './login-item.js';
import { menuTemplate, type MenuItem } from './menu.js';
import { filesInArgv } from '../app/opened-files.js';
import { claimSingleInstance, type InstanceApp } from './single-instance.js';
import { describeStartupFailure } from './startup-failure.js';

function recordingLog() {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      void lines.push({ level, message, fields });
  const log: Logger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

class FakeApp extends EventEmitter {
  quits = 0;
  constructor(private readonly locked: boolean) {
    super();
  }
  requestSingleInstanceLock() {
    return this.locked;
  }
  quit() {
    this.quits++;
  }
}

describe('single instance', () => {
  it('the second launch quits at once; the first focuses and opens the files the second was given', () => {
    const second = new FakeApp(false);
    expect(claimSingleInstance(second as unknown as InstanceApp, { focus: () => {}, open: () => {} }, ['dojang'], '/')).toBe(false);
    expect(second.quits).toBe(1);

    const first = new FakeApp(true);
    const opened: string[] = [];
    let focused = 0;
    expect(claimSingleInstance(first as unknown as InstanceApp, { focus: () => focused++, open: (f) => opened.push(f) }, ['dojang', '--background', 'start.p7s'], '/home/a')).toBe(
      true,
    );
    first.emit('second-instance', {}, ['C:\\Dojang\\Dojang.exe', '--flag', 'contract.p7s', 'notes.txt', 'cert.PFX'], '/home/b');
    expect(focused).toBe(1);
    expect(opened).toEqual([path.resolve('/home/a', 'start.p7s'), path.resolve('/home/b', 'contract.p7s'), path.resolve('/home/b', 'cert.PFX')]);
    let prevented = false;
    first.emit('open-file', { preventDefault: () => (prevented = true) }, '/Users/x/sig.p7s');
    expect(prevented).toBe(true);
    expect(opened.at(-1)).toBe('/Users/x/sig.p7s');
  });

  it('argv: only openable files, never flags or the executable', () => {
    expect(filesInArgv(['/opt/Dojang/dojang', '--no-sandbox', 'a.p12', 'b.exe', '-x.p7s'], '/w')).toEqual(['/w/a.p12']);
  });
});

describe('the native menu', () => {
  const actions = { openFile: () => {}, settings: () => {}, openLogs: () => {} };
  const labels = (items: MenuItem[]): string[] => items.flatMap((i) => [i.label ?? '', ...labels(i.submenu ?? [])]).filter(Boolean);

  it('Korean and English labels; macOS gets the app menu with About, Settings, Hide, Quit', () => {
    const ko = menuTemplate('ko', 'win32', actions);
    expect(ko.map((m) => m.label)).toEqual(['파일', '편집', '보기', '창', '도움말']);
    expect(labels(ko)).toContain('로그 폴더 열기');
    const en = menuTemplate('en', 'darwin', actions);
    expect(en[0]).toMatchObject({ label: 'Dojang' });
    expect(labels([en[0]!])).toEqual(['Dojang', 'About Dojang', 'Settings', 'Hide Dojang', 'Quit']);
    expect(labels(menuTemplate('en', 'linux', actions))).toContain('Quit');
  });

  it('menu items call the app’s actions', () => {
    const called: string[] = [];
    const menu = menuTemplate('en', 'linux', { openFile: () => called.push('open'), settings: () => called.push('settings'), openLogs: () => called.push('logs') });
    const all = (items: MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...all(i.submenu ?? [])]);
    for (const item of all(menu)) item.click?.();
    expect(called.sort()).toEqual(['logs', 'open', 'settings']);
  });
});

describe('the login item', () => {
  it('on: hidden start with --background (Windows, macOS); off: removed; Linux: nothing', () => {
    const calls: unknown[] = [];
    const app = { setLoginItemSettings: (s: unknown) => void calls.push(s) };
    applyLoginItem(app, 'win32', true);
    applyLoginItem(app, 'darwin', false);
    applyLoginItem(app, 'linux', true);
    expect(calls).toEqual([
      { openAtLogin: true, openAsHidden: true, args: [BACKGROUND_ARG] },
      { openAtLogin: false, openAsHidden: false, args: [] },
    ]);
    expect(isBackgroundStart(['Dojang.exe', BACKGROUND_ARG])).toBe(true);
    expect(isBackgroundStart(['Dojang.exe'])).toBe(false);
  });
});

describe('crash recovery', () => {
  it('the page is reloaded once; a second crash within the minute is told, not looped', () => {
    const { log, lines } = recordingLog();
    let t = 0;
    let reloads = 0;
    const told: string[] = [];
    const r = rendererRecovery({ log, reload: () => reloads++, tell: (why) => told.push(why), now: () => t });
    r.rendererGone({ reason: 'crashed', exitCode: 11 });
    t += 5_000;
    r.rendererGone({ reason: 'oom', exitCode: 0 });
    expect([reloads, told]).toEqual([1, ['oom']]);
    t += 120_000;
    r.rendererGone({ reason: 'crashed', exitCode: 11 });
    expect(reloads).toBe(2);
    expect(lines.filter((l) => l.message === 'the page stopped')).toHaveLength(3);
  });

  it('helper processes and uncaught errors are logged; an uncaught exception ends through fatal', () => {
    const { log, lines } = recordingLog();
    logChildGone(log, { type: 'GPU', reason: 'crashed', exitCode: 139 });
    const proc = new EventEmitter();
    const fatal: unknown[] = [];
    watchProcessErrors(proc as unknown as NodeJS.Process, log, (e) => fatal.push(e));
    proc.emit('unhandledRejection', new Error('late'));
    const boom = new Error('boom');
    proc.emit('uncaughtException', boom);
    expect(lines.map((l) => l.message)).toEqual(['a helper process stopped', 'unhandled rejection', 'uncaught exception']);
    expect(fatal).toEqual([boom]);
  });
});

describe('the startup-failure dialog', () => {
  it('says what failed in Korean and English, with the reason and the data folder', () => {
    const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/home/a/.config/Dojang'"), { code: 'EACCES' });
    const d = describeStartupFailure(denied, '/home/a/.config/Dojang');
    expect(d.content).toContain('데이터 폴더에 쓸 수 없습니다');
    expect(d.content).toContain('Dojang cannot write to its data folder');
    expect(d.content).toContain('/home/a/.config/Dojang');
    expect(describeStartupFailure(new DojangError('CONFLICT', 'locked'), '/d').content).toContain('Another Dojang is using the data folder');
    expect(describeStartupFailure(new Error('odd'), '/d').content).toMatch(/^도장을 시작하지 못했습니다\.\nDojang could not start\.\n\nodd/);
  });
});

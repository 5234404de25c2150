import { describe, expect, it } from 'vitest';
import { allStores, defaultRootPaths, defaultStores, driveStore, folderStore, storeId } from './roots.js';

describe('defaultRootPaths (SPEC §1.1)', () => {
  it('Windows: LocalLow under the profile, then both Program Files folders', () => {
    expect(
      defaultRootPaths({
        platform: 'win32',
        homedir: 'C:\\Users\\hong',
        env: { USERPROFILE: 'D:\\Profiles\\hong', ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)' },
      }),
    ).toEqual(['D:\\Profiles\\hong\\AppData\\LocalLow\\NPKI', 'C:\\Program Files\\NPKI', 'C:\\Program Files (x86)\\NPKI']);
  });

  it('Windows without env falls back to the home folder and the standard Program Files paths', () => {
    expect(defaultRootPaths({ platform: 'win32', homedir: 'C:\\Users\\hong', env: {} })).toEqual([
      'C:\\Users\\hong\\AppData\\LocalLow\\NPKI',
      'C:\\Program Files\\NPKI',
      'C:\\Program Files (x86)\\NPKI',
    ]);
  });

  it('32-bit Windows (both Program Files the same) lists the folder once', () => {
    expect(
      defaultRootPaths({
        platform: 'win32',
        homedir: 'C:\\Users\\hong',
        env: { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'c:\\program files' },
      }),
    ).toEqual(['C:\\Users\\hong\\AppData\\LocalLow\\NPKI', 'C:\\Program Files\\NPKI']);
  });

  it('macOS: Library/Preferences, Documents, home', () => {
    expect(defaultRootPaths({ platform: 'darwin', homedir: '/Users/hong', env: {} })).toEqual([
      '/Users/hong/Library/Preferences/NPKI',
      '/Users/hong/Documents/NPKI',
      '/Users/hong/NPKI',
    ]);
  });

  it('Linux: ~/NPKI', () => {
    expect(defaultRootPaths({ platform: 'linux', homedir: '/home/hong', env: {} })).toEqual(['/home/hong/NPKI']);
  });
});

describe('store refs', () => {
  const ctx = { platform: 'linux' as const, homedir: '/home/hong', env: {} };

  it('default stores carry a stable id and a short label', () => {
    const [s] = defaultStores(ctx);
    expect(s).toMatchObject({ kind: 'default', root: '/home/hong/NPKI' });
    expect(s!.label).toContain('~/NPKI');
    expect(s!.id).toBe(storeId('default', '/home/hong/NPKI', 'linux'));
    expect(s!.id).toMatch(/^default:[0-9a-f]{16}$/);
  });

  it('drives use <mount point>/NPKI, on every OS', () => {
    expect(driveStore({ mountPoint: 'E:\\', label: 'USB (E:)' }, 'win32').root).toBe('E:\\NPKI');
    expect(driveStore({ mountPoint: '/Volumes/NO NAME', label: 'NO NAME' }, 'darwin').root).toBe('/Volumes/NO NAME/NPKI');
    expect(driveStore({ mountPoint: '/media/hong/USB', label: 'USB' }, 'linux').root).toBe('/media/hong/USB/NPKI');
  });

  it('allStores lists defaults, folders, drives and drops a root listed twice', () => {
    const stores = allStores(ctx, ['/home/hong/NPKI', '/data/backup/NPKI'], [{ mountPoint: '/media/hong/USB', label: 'USB' }]);
    expect(stores.map((s) => [s.kind, s.root])).toEqual([
      ['default', '/home/hong/NPKI'],
      ['folder', '/data/backup/NPKI'],
      ['drive', '/media/hong/USB/NPKI'],
    ]);
    expect(new Set(stores.map((s) => s.id)).size).toBe(3);
  });

  it('Windows compares roots case-insensitively', () => {
    const stores = allStores({ platform: 'win32', homedir: 'C:\\Users\\hong', env: {} }, ['c:\\users\\HONG\\appdata\\locallow\\npki'], []);
    expect(stores).toHaveLength(3);
    expect(folderStore('C:\\x', 'win32').id).toBe(folderStore('c:\\X', 'win32').id);
  });
});

import type { AppInfo, Settings } from '../types.js';

export const APP_METHODS = ['getAppInfo', 'getSettings', 'updateSettings', 'addFolder', 'removeFolder', 'openExternal', 'pickPath', 'openLogFolder'] as const;

export interface AppResults {
  getAppInfo: AppInfo;
  getSettings: Settings;
  updateSettings: Settings;
  addFolder: Settings;
  removeFolder: Settings;
  openExternal: { opened: boolean };
  pickPath: { path: string | null };
  /** The log folder: opened in the file manager where the host can (Electron), else only named; null path: logs off. */
  openLogFolder: { path: string | null; opened: boolean; problem: string | null };
}

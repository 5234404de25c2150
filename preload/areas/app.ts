import type { AppInfo, Settings } from '../types.js';

export const APP_METHODS = ['getAppInfo', 'getSettings', 'updateSettings', 'addFolder', 'removeFolder', 'openExternal'] as const;

export interface AppResults {
  getAppInfo: AppInfo;
  getSettings: Settings;
  updateSettings: Settings;
  addFolder: Settings;
  removeFolder: Settings;
  openExternal: { opened: boolean };
}

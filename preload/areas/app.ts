import type { AppInfo, Settings } from '../types.js';

export const APP_METHODS = ['getAppInfo', 'getSettings', 'updateSettings', 'addFolder', 'removeFolder', 'openExternal'] as const;

export interface AppResults {
  getAppInfo: AppInfo;
  getSettings: Settings;
  updateSettings: Settings;
  /** The settings after, and the folder as main added it (to find its certificates in the list). */
  addFolder: { settings: Settings; folder: string };
  removeFolder: Settings;
  openExternal: { opened: boolean };
}

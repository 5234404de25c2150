import type { AppInfo, Settings } from '../types.js';
import type { ChosenPath } from './files.js';

export const APP_METHODS = ['getAppInfo', 'getSettings', 'updateSettings', 'addFolder', 'removeFolder', 'openExternal', 'openLogFolder', 'takeOpenedFiles'] as const;

export interface AppResults {
  getAppInfo: AppInfo;
  getSettings: Settings;
  updateSettings: Settings;
  /** The settings after, and the folder as main added it (to find its certificates in the list). */
  addFolder: { settings: Settings; folder: string };
  removeFolder: Settings;
  openExternal: { opened: boolean };
  /** The log folder: opened in the file manager where the host can (Electron), else only named; null path: logs off. */
  openLogFolder: { path: string | null; opened: boolean; problem: string | null };
  /** Files the OS opened with Dojang since the last call (see the openFile event), each with a handle for its screen. */
  takeOpenedFiles: { files: { path: string; kind: 'verify' | 'import'; chosen: ChosenPath | null }[] };
}

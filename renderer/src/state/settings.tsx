import { createContext, useContext } from 'react';
import type { Settings } from '../../../preload/types';

export interface SettingsState {
  settings: Settings;
  /** After a successful updateSettings/addFolder/removeFolder: the new settings for the whole app. */
  setSettings(settings: Settings): void;
}

export const SettingsContext = createContext<SettingsState | null>(null);

export function useSettings(): SettingsState {
  const value = useContext(SettingsContext);
  if (!value) throw new Error('useSettings outside SettingsContext');
  return value;
}

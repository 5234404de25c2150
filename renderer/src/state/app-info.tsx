import { createContext, useContext } from 'react';
import type { AppInfo } from '../../../preload/types';

export const AppInfoContext = createContext<AppInfo>({ host: 'browser', version: '', platform: 'linux' });
export const useAppInfo = () => useContext(AppInfoContext);

import { createContext, useContext } from 'react';
import type { ChosenPath } from '../../../preload/areas/files';
import type { CertificateRow } from '../../../preload/types';

export type TransferTab = 'importDrive' | 'importFolder' | 'importPfx' | 'exportCopy' | 'exportPfx';
export type VerifyTab = 'signature' | 'certificate' | 'challenge' | 'trust';

export type Route =
  | { name: 'certificates' }
  | { name: 'timeline' }
  /** row: the certificate as the action that led here returned it (a renewal's new one), shown until the list has it. */
  | { name: 'details'; id: string; row?: CertificateRow }
  | { name: 'compare' }
  | { name: 'transfer'; tab?: TransferTab; ids?: string[]; dropped?: string }
  | { name: 'cloud' }
  | { name: 'verify'; tab?: VerifyTab; file?: File; opened?: ChosenPath }
  | { name: 'settings' };

export type ScreenName = Route['name'];
/** The sidebar, in order. Details is reached from a certificate, never from the sidebar. */
export const NAV_SCREENS: readonly ScreenName[] = ['certificates', 'timeline', 'compare', 'transfer', 'cloud', 'verify', 'settings'];

export interface Navigation {
  route: Route;
  navigate(route: Route): void;
  /** In place of the current screen, so Back skips it (a certificate that a renewal replaced). */
  replace(route: Route): void;
  /** Back to where the user came from (the list when there is no history). */
  back(): void;
}

export const NavigationContext = createContext<Navigation>({ route: { name: 'certificates' }, navigate: () => {}, replace: () => {}, back: () => {} });
export const useNavigation = () => useContext(NavigationContext);

/**
 * What each path purpose allows: open a file, save a file, or use a folder; which file name
 * endings; and whether the handle is spent by its first successful use (every write is).
 */
import type { PathPurpose } from '../../../preload/areas/files.js';

export interface PurposeRule {
  mode: 'open' | 'save' | 'folder';
  /** Lower-case endings without the dot; empty = any file. A save without one gets the first. */
  extensions: readonly string[];
  singleUse: boolean;
}

export const PURPOSE_RULES: Record<PathPurpose, PurposeRule> = {
  'save-report': { mode: 'save', extensions: ['json'], singleUse: true },
  'sign-output': { mode: 'save', extensions: ['p7s', 'p7m', 'sig', 'der'], singleUse: true },
  'export-pfx': { mode: 'save', extensions: ['pfx', 'p12'], singleUse: true },
  'sign-input': { mode: 'open', extensions: [], singleUse: false },
  'verify-input': { mode: 'open', extensions: [], singleUse: false },
  'import-pfx': { mode: 'open', extensions: ['pfx', 'p12'], singleUse: false },
  'trust-anchor': { mode: 'open', extensions: ['der', 'cer', 'crt', 'pem'], singleUse: false },
  crl: { mode: 'open', extensions: ['crl', 'der', 'pem'], singleUse: false },
  'copy-target': { mode: 'folder', extensions: [], singleUse: false },
  'add-folder': { mode: 'folder', extensions: [], singleUse: true },
};

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

import type { PATH_PURPOSES } from './files.schemas.js';

export const FILE_METHODS = ['choosePath', 'chooserList', 'chooserFinish', 'chooserCancel'] as const;

export type PathPurpose = (typeof PATH_PURPOSES)[number];

/** What the renderer may know of a chosen file or folder: a name to show, never a path main uses. */
export interface ChosenPath {
  handle: string;
  purpose: PathPurpose;
  /** The file name, or the folder's name. */
  name: string;
  /** Where it is, for display (`~/Documents`, a drive label). */
  where: string;
}

export interface ChooserPlace {
  kind: 'npki' | 'drive' | 'folder' | 'home';
  label: string;
  location: string;
}

export interface ChooserListing {
  location: string;
  parent: string | null;
  entries: { name: string; kind: 'folder' | 'file' }[];
  /** More entries than the chooser shows (the first ones are listed). */
  truncated: boolean;
}

export interface ChooserView {
  id: string;
  purpose: PathPurpose;
  mode: 'open' | 'save' | 'folder';
  extensions: string[];
  defaultName: string | null;
  places: ChooserPlace[];
  listing: ChooserListing;
}

export type ChooseResult = { status: 'chosen'; chosen: ChosenPath } | { status: 'cancelled' } | { status: 'chooser'; chooser: ChooserView };

export interface FileResults {
  choosePath: ChooseResult;
  chooserList: ChooserListing;
  chooserFinish: ChosenPath;
  chooserCancel: { cancelled: boolean };
}

/**
 * The browser host's file and folder chooser, served by main. The renderer draws it, but may list
 * a folder only while a chooser main opened for one purpose is open (one at a time, short-lived),
 * sees names and kinds only (never contents, never hidden names), and gets a handle only for the
 * final choice, which main checks again.
 */
import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ChooserListing, ChooserView, PathPurpose } from '../../../preload/areas/files.js';
import { DojangError } from '../../../common/errors.js';
import { fileSystemError } from '../../npki/atomic-write.js';
import { isSafeName } from '../../stores/safe-fs.js';
import { displayLocation, notAllowed, parseLocation, type Places } from './places.js';
import { PURPOSE_RULES } from './purposes.js';

/** A chooser left open (the tab closed, say) stops listing after this. */
export const CHOOSER_TTL_MS = 10 * 60 * 1000;
const MAX_ENTRIES = 1000;

interface OpenChooser {
  id: string;
  purpose: PathPurpose;
  expiresAt: number;
}

function chooserClosed(): DojangError {
  return new DojangError('PATH_NOT_CHOSEN', 'path.chooserClosed');
}

export class Chooser {
  private current: OpenChooser | null = null;

  constructor(
    private readonly places: Places,
    private readonly home: string,
    private readonly now: () => number,
  ) {}

  /** Opens a chooser for one purpose (closing any other) at the first NPKI folder or home. */
  async open(purpose: PathPurpose, defaultName: string | undefined): Promise<ChooserView> {
    this.current = { id: `c_${randomBytes(12).toString('base64url')}`, purpose, expiresAt: this.now() + CHOOSER_TTL_MS };
    const places = await this.places.list();
    const rule = PURPOSE_RULES[purpose];
    const start = rule.mode === 'open' || rule.mode === 'save' ? '~' : (places[0]?.location ?? '~');
    return {
      id: this.current.id,
      purpose,
      mode: rule.mode,
      extensions: [...rule.extensions],
      defaultName: defaultName ?? null,
      places,
      listing: await this.listing(start),
    };
  }

  async list(chooserId: string, location: string): Promise<ChooserListing> {
    this.session(chooserId);
    return this.listing(location);
  }

  cancel(chooserId: string): { cancelled: boolean } {
    const open = this.current?.id === chooserId;
    if (open) this.current = null;
    return { cancelled: open };
  }

  /** The chosen path (checked against the roots and the purpose) for the handle store; closes the chooser. */
  async finish(chooserId: string, location: string, name: string | undefined): Promise<{ purpose: PathPurpose; target: string }> {
    const { purpose } = this.session(chooserId);
    const base = parseLocation(this.home, location);
    if (name !== undefined && !isSafeName(name)) throw notAllowed();
    const target = name === undefined ? base : path.join(base, name);
    await this.places.check(target);
    this.current = null;
    return { purpose, target };
  }

  private session(chooserId: string): OpenChooser {
    const open = this.current;
    if (!open || open.id !== chooserId || open.expiresAt <= this.now()) throw chooserClosed();
    return open;
  }

  private async listing(location: string): Promise<ChooserListing> {
    const folder = parseLocation(this.home, location);
    await this.places.check(folder);
    const dirents = await readdir(folder, { withFileTypes: true }).catch((e: unknown) => {
      throw fileSystemError(e, 'read');
    });
    const entries: ChooserListing['entries'] = [];
    for (const d of dirents) {
      if (this.places.hides(folder, d.name) || !isSafeName(d.name)) continue;
      let kind: 'folder' | 'file' | null = d.isDirectory() ? 'folder' : d.isFile() ? 'file' : null;
      if (d.isSymbolicLink()) {
        const info = await stat(path.join(folder, d.name)).catch(() => null);
        kind = info?.isDirectory() ? 'folder' : info?.isFile() ? 'file' : null;
      }
      if (kind) entries.push({ name: d.name, kind });
    }
    entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, 'ko') : a.kind === 'folder' ? -1 : 1));
    const here = displayLocation(this.home, folder);
    const parentPath = path.dirname(folder);
    const parent =
      parentPath !== folder &&
      (await this.places.check(parentPath).then(
        () => true,
        () => false,
      ))
        ? displayLocation(this.home, parentPath)
        : null;
    return { location: here, parent, entries: entries.slice(0, MAX_ENTRIES), truncated: entries.length > MAX_ENTRIES };
  }
}

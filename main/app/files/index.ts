/**
 * Paths as capabilities (docs/security.md): every file or folder a bridge call opens was chosen
 * by the user — in the native dialog (Electron) or the chooser main serves (browser host) — and
 * crosses to the renderer as a handle bound to one purpose. The CLI keeps plain paths.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ChooseResult, ChooserListing, ChosenPath, PathPurpose } from '../../../preload/areas/files.js';
import { DojangError } from '../../../common/errors.js';
import { Chooser } from './chooser.js';
import { HandleStore } from './handles.js';
import { displayLocation, Places, type PlaceSources } from './places.js';
import { extensionOf, PURPOSE_RULES } from './purposes.js';

export interface NativeDialogRequest {
  mode: 'open' | 'save' | 'folder';
  extensions: readonly string[];
  defaultName?: string;
}

/** The host's own file dialog (Electron's, main/electron/dialog.ts): a path, or null when cancelled. */
export interface NativeDialog {
  choose(request: NativeDialogRequest): Promise<string | null>;
}

export interface FileAccessOptions extends PlaceSources {
  now: () => number;
  nativeDialog: NativeDialog | null;
}

function wrongKind(purpose: PathPurpose): DojangError {
  const rule = PURPOSE_RULES[purpose];
  if (rule.mode === 'folder') return new DojangError('NOT_FOUND', '폴더를 고르세요. / Choose a folder.');
  const endings = rule.extensions.map((e) => `.${e}`).join(', ');
  return rule.extensions.length > 0
    ? new DojangError('INVALID_REQUEST', `${endings} 파일을 고르세요. / Choose a ${endings} file.`)
    : new DojangError('NOT_FOUND', '파일을 고르세요. / Choose a file.');
}

export class FileAccess {
  readonly handles: HandleStore;
  private readonly chooser: Chooser | null;

  constructor(private readonly options: FileAccessOptions) {
    this.handles = new HandleStore(options.now, (folder) => displayLocation(options.home, folder));
    // With a native dialog there is no chooser to list folders through: the renderer learns nothing the user did not pick.
    this.chooser = options.nativeDialog ? null : new Chooser(new Places(options), options.home, options.now);
  }

  async choose(purpose: PathPurpose, defaultName: string | undefined): Promise<ChooseResult> {
    const rule = PURPOSE_RULES[purpose];
    if (this.options.nativeDialog) {
      const chosen = await this.options.nativeDialog.choose({ mode: rule.mode, extensions: rule.extensions, ...(defaultName ? { defaultName } : {}) });
      return chosen === null ? { status: 'cancelled' } : { status: 'chosen', chosen: await this.issue(purpose, chosen) };
    }
    return { status: 'chooser', chooser: await this.browserChooser().open(purpose, defaultName) };
  }

  async list(chooserId: string, location: string): Promise<ChooserListing> {
    return this.browserChooser().list(chooserId, location);
  }

  async finish(chooserId: string, location: string, name: string | undefined): Promise<ChosenPath> {
    const { purpose, target } = await this.browserChooser().finish(chooserId, location, name);
    return this.issue(purpose, target);
  }

  cancel(chooserId: string): { cancelled: boolean } {
    return this.browserChooser().cancel(chooserId);
  }

  /** The path behind a handle of this purpose, run through `use`; see HandleStore.use. */
  use<T>(handle: string, purpose: PathPurpose, use: (target: string) => Promise<T>): Promise<T> {
    return this.handles.use(handle, purpose, use);
  }

  /** A file the OS handed to the app (opened from the file manager): the user chose it there. */
  grant(purpose: PathPurpose, file: string): Promise<ChosenPath> {
    return this.issue(purpose, file);
  }

  /** The same checks for either host: the kind of thing the purpose needs, and its file name ending. */
  private async issue(purpose: PathPurpose, chosen: string): Promise<ChosenPath> {
    const rule = PURPOSE_RULES[purpose];
    let target = path.resolve(chosen);
    const info = await stat(target).catch(() => null);
    if (rule.mode === 'folder' && !info?.isDirectory()) throw wrongKind(purpose);
    if (rule.mode === 'open' && !info?.isFile()) throw wrongKind(purpose);
    if (rule.mode !== 'folder' && rule.extensions.length > 0 && !rule.extensions.includes(extensionOf(target))) {
      if (rule.mode === 'open') throw wrongKind(purpose);
      target = `${target}.${rule.extensions[0]}`;
    }
    if (rule.mode === 'save') {
      const folder = await stat(path.dirname(target)).catch(() => null);
      if (!folder?.isDirectory()) throw new DojangError('NOT_FOUND', '저장할 폴더가 없습니다. / The folder to save in does not exist.');
      if ((await stat(target).catch(() => null))?.isDirectory())
        throw new DojangError('CONFLICT', '같은 이름의 폴더가 있습니다. 다른 이름을 쓰세요. / A folder has this name: choose another name.');
    }
    return this.handles.issue(purpose, target);
  }

  private browserChooser(): Chooser {
    if (!this.chooser) throw new DojangError('FORBIDDEN', '데스크톱 앱은 시스템의 파일 선택 창을 씁니다. / The desktop app uses the system file dialog.');
    return this.chooser;
  }
}

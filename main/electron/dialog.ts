/**
 * The native open/save dialog behind main/app/files' NativeDialog: the only way a path reaches
 * main on Electron. `electron`'s dialog is passed in (a seam for the unit test: the binary cannot
 * run everywhere the tests do).
 */
import type { BrowserWindow, Dialog } from 'electron';
import type { NativeDialog, NativeDialogRequest } from '../app/files/index.js';

export type DialogApi = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;

export function nativeDialog(dialog: DialogApi, window: () => BrowserWindow | null): NativeDialog {
  return {
    async choose(request: NativeDialogRequest): Promise<string | null> {
      const parent = window();
      if (!parent) return null;
      const filters = request.extensions.length > 0 ? [{ name: request.extensions.map((e) => `.${e}`).join(', '), extensions: [...request.extensions] }] : [];
      if (request.mode === 'save') {
        const result = await dialog.showSaveDialog(parent, {
          ...(request.defaultName ? { defaultPath: request.defaultName } : {}),
          filters,
          properties: ['showOverwriteConfirmation', 'createDirectory'],
        });
        return result.canceled || !result.filePath ? null : result.filePath;
      }
      const result = await dialog.showOpenDialog(parent, {
        properties: request.mode === 'folder' ? ['openDirectory', 'createDirectory'] : ['openFile'],
        filters,
      });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}

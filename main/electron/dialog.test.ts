/**
 * The Electron dialog service over a stand-in for `electron`'s dialog (the binary cannot run
 * here): what each purpose asks the system dialog for, and what a cancel or a missing window gives.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserWindow, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { nativeDialog, type DialogApi } from './dialog.js';

function recordingDialog(answer: { canceled: boolean; filePath?: string; filePaths?: string[] }) {
  const calls: { kind: 'open' | 'save'; options: OpenDialogOptions | SaveDialogOptions }[] = [];
  const api = {
    showOpenDialog: async (_window: BrowserWindow, options: OpenDialogOptions) => (
      calls.push({ kind: 'open', options }),
      { canceled: answer.canceled, filePaths: answer.filePaths ?? [] }
    ),
    showSaveDialog: async (_window: BrowserWindow, options: SaveDialogOptions) => (
      calls.push({ kind: 'save', options }),
      { canceled: answer.canceled, filePath: answer.filePath ?? '' }
    ),
  } as unknown as DialogApi;
  return { api, calls };
}

const window = {} as BrowserWindow;

describe('native dialog service', () => {
  it('saves with the default name, the purpose’s file endings and an overwrite confirmation', async () => {
    const { api, calls } = recordingDialog({ canceled: false, filePath: '/home/u/홍길동.pfx' });
    await expect(nativeDialog(api, () => window).choose({ mode: 'save', extensions: ['pfx', 'p12'], defaultName: '홍길동.pfx' })).resolves.toBe('/home/u/홍길동.pfx');
    expect(calls).toEqual([
      {
        kind: 'save',
        options: { defaultPath: '홍길동.pfx', filters: [{ name: '.pfx, .p12', extensions: ['pfx', 'p12'] }], properties: ['showOverwriteConfirmation', 'createDirectory'] },
      },
    ]);
  });

  it('opens one file, or one folder', async () => {
    const file = recordingDialog({ canceled: false, filePaths: ['/home/u/a.txt', '/home/u/b.txt'] });
    await expect(nativeDialog(file.api, () => window).choose({ mode: 'open', extensions: [] })).resolves.toBe('/home/u/a.txt');
    expect(file.calls[0]).toEqual({ kind: 'open', options: { properties: ['openFile'], filters: [] } });
    const folder = recordingDialog({ canceled: false, filePaths: ['/media/USB'] });
    await expect(nativeDialog(folder.api, () => window).choose({ mode: 'folder', extensions: [] })).resolves.toBe('/media/USB');
    expect(folder.calls[0]?.options.properties).toEqual(['openDirectory', 'createDirectory']);
  });

  it('answers null when the user cancels or there is no window to attach the dialog to', async () => {
    const cancelled = recordingDialog({ canceled: true, filePaths: ['/ignored'] });
    await expect(nativeDialog(cancelled.api, () => window).choose({ mode: 'open', extensions: [] })).resolves.toBeNull();
    const noWindow = recordingDialog({ canceled: false, filePaths: ['/x'] });
    await expect(nativeDialog(noWindow.api, () => null).choose({ mode: 'open', extensions: [] })).resolves.toBeNull();
    expect(noWindow.calls).toEqual([]);
  });
});

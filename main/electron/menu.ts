/**
 * The native application menu, in the app's language (Korean or English, as the renderer's). Built
 * as a plain template here so it can be checked without Electron; main.ts hands it to Menu.
 */
export type MenuLanguage = 'ko' | 'en';

const LABELS = {
  ko: {
    file: '파일',
    openFile: '파일 열기…',
    settings: '설정',
    logs: '로그 폴더 열기',
    quit: '끝내기',
    edit: '편집',
    view: '보기',
    window: '창',
    help: '도움말',
    about: '도장에 관하여',
    hide: '도장 가리기',
    reload: '새로 고침',
  },
  en: {
    file: 'File',
    openFile: 'Open File…',
    settings: 'Settings',
    logs: 'Open Log Folder',
    quit: 'Quit',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    about: 'About Dojang',
    hide: 'Hide Dojang',
    reload: 'Reload',
  },
} as const;

export interface MenuItem {
  label?: string;
  role?: string;
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItem[];
}

export interface MenuActions {
  openFile(): void;
  settings(): void;
  openLogs(): void;
}

export function menuTemplate(language: MenuLanguage, platform: NodeJS.Platform, actions: MenuActions): MenuItem[] {
  const l = LABELS[language];
  const mac = platform === 'darwin';
  const sep: MenuItem = { type: 'separator' };
  const file: MenuItem = {
    label: l.file,
    submenu: [
      { label: l.openFile, accelerator: 'CmdOrCtrl+O', click: actions.openFile },
      ...(mac ? [] : [{ label: l.settings, accelerator: 'Ctrl+,', click: actions.settings }, sep, { label: l.quit, role: 'quit' }]),
    ],
  };
  const edit: MenuItem = { label: l.edit, submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] };
  const view: MenuItem = {
    label: l.view,
    submenu: [{ label: l.reload, role: 'reload' }, sep, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, sep, { role: 'togglefullscreen' }],
  };
  const window: MenuItem = { label: l.window, role: 'windowMenu' };
  const help: MenuItem = { label: l.help, role: 'help', submenu: [{ label: l.logs, click: actions.openLogs }] };
  if (!mac) return [file, edit, view, window, help];
  // macOS: the app menu comes first and holds About, Settings (⌘,), Hide and Quit.
  const appMenu: MenuItem = {
    label: 'Dojang',
    submenu: [
      { label: l.about, role: 'about' },
      sep,
      { label: l.settings, accelerator: 'Cmd+,', click: actions.settings },
      sep,
      { label: l.hide, role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      sep,
      { label: l.quit, role: 'quit' },
    ],
  };
  return [appMenu, file, edit, view, window, help];
}

import path from 'node:path';

/**
 * Where Dojang keeps its own data (settings, recovery folder, caches, the development cloud's database under npm start).
 * DOJANG_DATA_DIR overrides it (tests, portable use). Electron passes app.getPath('userData') instead.
 */
export function defaultDataDir(platform: NodeJS.Platform, home: string, env: NodeJS.ProcessEnv): string {
  if (env.DOJANG_DATA_DIR) return path.resolve(env.DOJANG_DATA_DIR);
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), 'Dojang');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Dojang');
  return path.posix.join(env.XDG_CONFIG_HOME ?? path.posix.join(home, '.config'), 'Dojang');
}

/**
 * Test-only: the app's context over real files, as the catalog and the handler tests use it: a
 * temporary folder holding a HOME with a copy of the yessign test certificate in ~/NPKI, and the
 * data folder beside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../core/log.js';
import { addYessignCopy } from '../npki/fixtures.test-util.js';
import { createContext, type AppContext, type HostServices } from './context.js';

export interface TestApp {
  /** The temporary folder: `home` and `data` inside. */
  base: string;
  home: string;
  ctx: AppContext;
  remove(): void;
}

/** `services` replace the defaults: the browser host on Linux, no drives, events dropped. */
export function testApp(prefix: string, services: Partial<HostServices> = {}): TestApp {
  const base = mkdtempSync(path.join(os.tmpdir(), prefix));
  const home = path.join(base, 'home');
  addYessignCopy(path.join(home, 'NPKI'));
  const ctx = createContext({
    host: 'browser',
    version: 'test',
    platform: 'linux',
    home,
    env: {},
    dataDir: path.join(base, 'data'),
    log: silentLogger,
    openExternal: async () => {},
    emit: () => {},
    drives: null,
    ...services,
  });
  return { base, home, ctx, remove: () => rmSync(base, { recursive: true, force: true }) };
}

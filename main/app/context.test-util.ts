/**
 * Test-only: the app's context as the tests of main's areas build it (testContext: the defaults a
 * test does not care about), and testApp: that context over a temporary folder holding a HOME with
 * a copy of the yessign test certificate in ~/NPKI, and the data folder beside it.
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

/** The app context a test needs: the browser host on Linux, no drives, events dropped; `services` replace any of it. */
export function testContext(services: Pick<HostServices, 'home' | 'dataDir'> & Partial<HostServices>): AppContext {
  return createContext({
    host: 'browser',
    version: 'test',
    platform: 'linux',
    env: {},
    log: silentLogger,
    openExternal: async () => {},
    emit: () => {},
    drives: null,
    ...services,
  });
}

/** testContext over a new temporary folder; `services` replace the defaults. */
export function testApp(prefix: string, services: Partial<HostServices> = {}): TestApp {
  const base = mkdtempSync(path.join(os.tmpdir(), prefix));
  const home = path.join(base, 'home');
  addYessignCopy(path.join(home, 'NPKI'));
  const ctx = testContext({ home, dataDir: path.join(base, 'data'), ...services });
  return { base, home, ctx, remove: () => rmSync(base, { recursive: true, force: true }) };
}

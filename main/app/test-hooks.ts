/**
 * Test-only: what the e2e journeys change in a host, read from the environment by the test entries
 * (main/host/test-main.ts, main/electron/test-main.ts) and handed to the host as ordinary
 * HostServices. The production entries never import this file (scripts/build.mjs's metafile test checks).
 *
 *   DOJANG_TEST_MOUNT_TABLE / DOJANG_TEST_MOUNT_PREFIXES  "USB drives" from a mount table of the test's own
 *                                                        (tmpfs mounts are not possible everywhere)
 *   DOJANG_TEST_COPY_DELAY_MS                            a pause after each copied file
 */
import path from 'node:path';
import type { HostServices } from './context.js';
import { DriveWatcher } from '../stores/drives/index.js';
import { linuxLister } from '../stores/drives/linux.js';

export function testServicesFromEnv(env: NodeJS.ProcessEnv): Pick<HostServices, 'drives' | 'testHooks'> {
  const out: Pick<HostServices, 'drives' | 'testHooks'> = {};
  const mountTable = env.DOJANG_TEST_MOUNT_TABLE;
  if (mountTable) {
    const prefixes = (env.DOJANG_TEST_MOUNT_PREFIXES ?? '').split(path.delimiter).filter(Boolean);
    out.drives = new DriveWatcher({ list: linuxLister({ mountTable, prefixes, requireBlockDevice: false }) });
  }
  const pause = Number(env.DOJANG_TEST_COPY_DELAY_MS ?? 0);
  if (Number.isFinite(pause) && pause > 0) out.testHooks = { copyPauseMs: pause };
  return out;
}

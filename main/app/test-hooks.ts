/**
 * Test-only: what the e2e journeys change in a host, read from the environment by the test entries
 * (main/host/test-main.ts, main/electron/test-main.ts) and handed to the host as ordinary
 * HostServices. The production entries never import this file (scripts/build.mjs's metafile test checks).
 *
 *   DOJANG_TEST_MOUNT_TABLE / DOJANG_TEST_MOUNT_PREFIXES  "USB drives" from a mount table of the test's own
 *                                                        (tmpfs mounts are not possible everywhere)
 *   DOJANG_TEST_DRIVES_HELD                              a file: the first drive listing waits until it exists (a
 *                                                        slow first listing, as PowerShell's on Windows)
 *   DOJANG_TEST_COPY_DELAY_MS                            a pause after each copied file
 *   DOJANG_TEST_AGENT_INBOX                              a folder: each `<name>.request.json` renamed into it (an
 *                                                        AgentRequest) goes to the web signing agent as the
 *                                                        extension's channel would hand it over, with no socket or
 *                                                        HTTP; the answer is written to `<name>.response.json`; a
 *                                                        `<name>.abort` file aborts it (the page closed)
 *   DOJANG_TEST_AGENT_TIMEOUT_MS                         how long the agent waits for the user
 */
import { existsSync, watch } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext, HostServices, TestHooks } from './context.js';
import { DriveWatcher, type DriveLister } from '../stores/drives/index.js';
import { linuxLister } from '../stores/drives/linux.js';

export function testServicesFromEnv(env: NodeJS.ProcessEnv): Pick<HostServices, 'drives' | 'testHooks'> {
  const out: Pick<HostServices, 'drives' | 'testHooks'> = {};
  const mountTable = env.DOJANG_TEST_MOUNT_TABLE;
  if (mountTable) {
    const prefixes = (env.DOJANG_TEST_MOUNT_PREFIXES ?? '').split(path.delimiter).filter(Boolean);
    const list = linuxLister({ mountTable, prefixes, requireBlockDevice: false });
    const held = env.DOJANG_TEST_DRIVES_HELD;
    out.drives = new DriveWatcher({ list: held ? heldFirst(list, held) : list });
  }
  const hooks: TestHooks = {};
  const pause = Number(env.DOJANG_TEST_COPY_DELAY_MS ?? 0);
  if (Number.isFinite(pause) && pause > 0) hooks.copyPauseMs = pause;
  const timeout = Number(env.DOJANG_TEST_AGENT_TIMEOUT_MS ?? 0);
  if (Number.isFinite(timeout) && timeout > 0) hooks.agentTimeoutMs = timeout;
  const inbox = env.DOJANG_TEST_AGENT_INBOX;
  if (inbox) hooks.started = (ctx) => watchAgentInbox(inbox, ctx);
  if (Object.keys(hooks).length > 0) out.testHooks = hooks;
  return out;
}

/** `list`, whose first call waits until `file` exists (the journey creates it when it wants the listing to end). */
function heldFirst(list: DriveLister, file: string): DriveLister {
  let released: Promise<void> | null = null;
  return async () => {
    released ??= new Promise((resolve) => {
      const watcher = watch(path.dirname(file), () => release());
      const release = () => {
        if (!existsSync(file)) return;
        watcher.close();
        resolve();
      };
      release();
    });
    await released;
    return list();
  };
}

/** The journeys' stand-in for the extension's channel (main/agent/channel.ts): files in, ctx.agent.handle, files out. */
function watchAgentInbox(folder: string, ctx: AppContext): void {
  const started = new Map<string, AbortController>();
  const answer = async (name: string, controller: AbortController) => {
    const request: unknown = JSON.parse(await readFile(path.join(folder, `${name}.request.json`), 'utf8'));
    const response = await ctx.agent.handle(request, controller.signal);
    await writeFile(path.join(folder, `${name}.tmp`), JSON.stringify(response));
    await rename(path.join(folder, `${name}.tmp`), path.join(folder, `${name}.response.json`));
  };
  const scan = async () => {
    for (const file of await readdir(folder)) {
      const request = /^(.+)\.request\.json$/.exec(file)?.[1];
      if (request && !started.has(request)) {
        const controller = new AbortController();
        started.set(request, controller);
        answer(request, controller).catch((error: unknown) => ctx.log.error('test agent inbox', { error: String(error) }));
      }
      const abort = /^(.+)\.abort$/.exec(file)?.[1];
      if (abort) started.get(abort)?.abort();
    }
  };
  watch(folder, () => void scan().catch(() => undefined));
  void scan().catch(() => undefined);
}

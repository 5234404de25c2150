/**
 * Files the OS opens with Dojang, through the same path on both hosts: OpenedFiles queues each with
 * a handle, announces it (openFile), and the renderer takes them over the bridge (takeOpenedFiles);
 * the handle then opens the file for its purpose only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Events } from '../../preload/types.js';
import { silentLogger } from '../core/log.js';
import { createDispatcher, type Dispatch } from '../ipc/dispatch.js';
import { createHandlers } from '../ipc/handlers/index.js';
import type { AppContext } from './context.js';
import { testContext } from './context.test-util.js';

let base: string;
let ctx: AppContext;
let dispatch: Dispatch;
let events: { event: keyof Events; payload: unknown }[];

beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'dojang-opened-'));
  events = [];
  ctx = testContext({ home: base, dataDir: path.join(base, 'data'), emit: (event, payload) => events.push({ event, payload }) });
  dispatch = createDispatcher(createHandlers(ctx), silentLogger);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

async function take() {
  const outcome = await dispatch('takeOpenedFiles', {});
  if (!outcome.ok) throw new Error(outcome.error.message);
  return (outcome.value as { files: { path: string; kind: string; chosen: { handle: string } | null }[] }).files;
}

describe('files opened by the OS', () => {
  it('a .p7s and a .pfx are queued with handles and announced; other files are ignored; taking empties the queue', async () => {
    const p7s = path.join(base, '계약서.p7s');
    const pfx = path.join(base, 'kim.PFX');
    writeFileSync(p7s, 'x');
    writeFileSync(pfx, 'x');
    writeFileSync(path.join(base, 'notes.txt'), 'x');
    await ctx.openedFiles.open(p7s);
    await ctx.openedFiles.open(pfx);
    await ctx.openedFiles.open(path.join(base, 'notes.txt'));
    expect(events).toEqual([
      { event: 'openFile', payload: { path: p7s, kind: 'verify' } },
      { event: 'openFile', payload: { path: pfx, kind: 'import' } },
    ]);
    const files = await take();
    expect(files.map((f) => [f.path, f.kind])).toEqual([
      [p7s, 'verify'],
      [pfx, 'import'],
    ]);
    // The handle is for verifying only: no other purpose may use it.
    const handle = files[0]!.chosen!.handle;
    await expect(ctx.files.use(handle, 'verify-input', async (target) => target)).resolves.toBe(p7s);
    await expect(ctx.files.use(handle, 'sign-input', async (target) => target)).rejects.toMatchObject({ code: expect.any(String) });
    expect(await take()).toEqual([]);
  });

  it('a file that is gone by the time it is opened still shows, without a handle', async () => {
    await ctx.openedFiles.open(path.join(base, 'gone.p7s'));
    expect(await take()).toEqual([{ path: path.join(base, 'gone.p7s'), kind: 'verify', chosen: null }]);
  });
});

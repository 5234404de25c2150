/** Issue 12: one folder rule for importing a .pfx, in the app and in the CLI. */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DojangError } from '../../common/errors.js';
import { importFromPfx } from '../app/key-actions.js';
import { cryptoPool } from '../npki/off-thread.js';
import { run, YESSIGN, YESSIGN_PASSWORD } from '../cli/cli.test-util.js';

const PFX = path.join(YESSIGN, 'cert.pfx');
const dirs: string[] = [];
function home(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-pfx-import-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  await cryptoPool().close();
});

describe('importing a .pfx: the same folder rule in the app and the CLI', () => {
  it('the app never creates missing parents of the chosen NPKI folder (~/.ssh)', async () => {
    const h = home();
    const error = await importFromPfx(PFX, YESSIGN_PASSWORD, undefined, path.join(h, '.ssh', 'NPKI')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DojangError);
    expect((error as DojangError).code).toBe('DRIVE_REMOVED');
    expect(existsSync(path.join(h, '.ssh'))).toBe(false);
  });

  it('the CLI refuses the same target with the same error', async () => {
    const h = home();
    const r = await run(['import-pfx', PFX, '--to', path.join(h, '.ssh', 'NPKI'), '--password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(r.code).not.toBe(0);
    expect(existsSync(path.join(h, '.ssh'))).toBe(false);
  });

  it('both create the chosen NPKI folder itself inside an existing folder', async () => {
    const h = home();
    mkdirSync(path.join(h, 'usb'));
    const app = await importFromPfx(PFX, YESSIGN_PASSWORD, undefined, path.join(h, 'usb', 'NPKI'));
    expect(app.path.startsWith(path.join(h, 'usb', 'NPKI', 'yessign', 'USER') + path.sep)).toBe(true);
    const r = await run(['import-pfx', PFX, '--to', path.join(h, 'NPKI'), '--password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(h, 'NPKI', 'yessign', 'USER'))).toBe(true);
  });
});

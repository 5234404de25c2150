import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { staticFiles } from './static-files.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A renderer folder on disk: index.html, assets/app.js, and a client file outside it. */
function renderer() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-static-'));
  dirs.push(dir);
  const root = path.join(dir, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  const files = { index: path.join(root, 'index.html'), app: path.join(root, 'assets', 'app.js'), client: path.join(dir, 'client.js') };
  writeFileSync(files.index, '<html>one</html>');
  writeFileSync(files.app, 'app one');
  writeFileSync(files.client, 'client one');
  return { root, files };
}

describe('staticFiles', () => {
  it('warm reads every file under the root and the extra ones once: later reads answer from memory', async () => {
    const { root, files } = renderer();
    const served = staticFiles(root, [files.client]);
    await served.warm();
    for (const file of Object.values(files)) writeFileSync(file, 'changed on disk');
    expect((await served.read(files.index)).toString()).toBe('<html>one</html>');
    expect((await served.read(files.app)).toString()).toBe('app one');
    expect((await served.read(files.client)).toString()).toBe('client one');
  });

  it('a file that is missing fails its read and is found once it exists; a folder is not a file', async () => {
    const { root } = renderer();
    const served = staticFiles(root, []);
    const late = path.join(root, 'assets', 'late.js');
    await expect(served.read(late)).rejects.toMatchObject({ code: 'ENOENT' });
    writeFileSync(late, 'late');
    expect((await served.read(late)).toString()).toBe('late');
    await expect(served.read(path.join(root, 'assets'))).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('warm of a root that does not exist reads nothing and does not fail', async () => {
    const { root } = renderer();
    await expect(staticFiles(path.join(root, 'missing'), []).warm()).resolves.toBeUndefined();
  });
});

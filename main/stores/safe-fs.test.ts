import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './cert-factory.test-util.js';
import { readFileCapped, readFileCappedSync } from './safe-fs.js';

const MAX = 4096;
let dir: string;

beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('readFileCapped(Sync)', () => {
  // The sync reader stops on a short read that reaches fstat's size: every size up to the cap still
  // comes back whole, byte for byte, and one byte over the cap is refused by both readers.
  it.each([0, 1, 870, MAX - 1, MAX])('reads a %i-byte file whole', async (size) => {
    const file = path.join(dir, `whole-${size}`);
    const bytes = randomBytes(size);
    await fs.writeFile(file, bytes);
    const sync = readFileCappedSync(file, MAX, dir);
    const async_ = await readFileCapped(file, MAX, dir);
    for (const read of [sync, async_]) {
      expect(read.ok).toBe(true);
      if (read.ok) expect(Buffer.compare(read.data, bytes)).toBe(0);
    }
  });

  it('refuses a file one byte over the cap', async () => {
    const file = path.join(dir, 'over');
    await fs.writeFile(file, randomBytes(MAX + 1));
    expect(readFileCappedSync(file, MAX)).toEqual({ ok: false, why: 'tooLarge' });
    expect(await readFileCapped(file, MAX)).toEqual({ ok: false, why: 'tooLarge' });
  });
});

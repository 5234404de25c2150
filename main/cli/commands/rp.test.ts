/** `dojang rp serve` refusals before it serves (its serving is main/rp/serve-cloud.test.ts, as its own process). */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, tempDir } from '../cli.test-util.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('dojang-rp-cli-');
  process.env.DOJANG_DATA_DIR = path.join(dir, 'data');
});
afterEach(async () => {
  delete process.env.DOJANG_DATA_DIR;
  await rm(dir, { recursive: true, force: true });
});

describe('dojang rp serve', () => {
  it('a port out of range is a usage error; a --cloud that does not answer stops it with the address', async () => {
    const port = await run(['rp', 'serve', '--port', '70000', '--data', path.join(dir, 'bank')]);
    expect(port.code).toBe(2);
    expect(port.text()).toContain('--port');
    const cloud = await run(['rp', 'serve', '--port', '0', '--data', path.join(dir, 'bank'), '--cloud', 'http://127.0.0.1:9']);
    expect(cloud.code).toBe(3);
    expect(cloud.text()).toContain('http://127.0.0.1:9/v1/ca');
  });

  it('is listed in the help with its options', async () => {
    const help = await run(['rp', 'serve', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--port', '--data', '--cloud', '--trust', '--crl', '--offline', '--sdk']) expect(help.text()).toContain(option);
  });
});

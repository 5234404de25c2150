import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DojangError } from '../../common/errors.js';
import { TEMP_FILE_PREFIX, fileSystemError, writeFileAtomic } from './atomic-write.js';

const root = mkdtempSync(path.join(tmpdir(), 'dojang-atomic-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dir(name: string): string {
  const d = path.join(root, name);
  mkdirSync(d);
  return d;
}

describe('writeFileAtomic', () => {
  it('creates a file with mode 0600 and leaves nothing else', async () => {
    const d = dir('create');
    await writeFileAtomic(path.join(d, 'a.key'), Buffer.from('hello'));
    expect(readFileSync(path.join(d, 'a.key'), 'utf8')).toBe('hello');
    if (process.platform !== 'win32') expect(statSync(path.join(d, 'a.key')).mode & 0o777).toBe(0o600);
    expect(readdirSync(d)).toEqual(['a.key']);
  });

  it('replaces an existing file whole, with the requested mode', async () => {
    const d = dir('replace');
    const f = path.join(d, 'cert.der');
    writeFileSync(f, 'old contents that are longer');
    await writeFileAtomic(f, 'new', 0o644);
    expect(readFileSync(f, 'utf8')).toBe('new');
    if (process.platform !== 'win32') expect(statSync(f).mode & 0o777).toBe(0o644);
    expect(readdirSync(d)).toEqual(['cert.der']);
  });

  it('many concurrent writers: the file ends whole (one of them), no temp files left', async () => {
    const d = dir('concurrent');
    const f = path.join(d, 'x');
    const payloads = Array.from({ length: 20 }, (_, i) => Buffer.alloc(10_000 + i, i));
    await Promise.all(payloads.map((p) => writeFileAtomic(f, p)));
    const got = readFileSync(f);
    expect(payloads.some((p) => p.equals(got))).toBe(true);
    expect(readdirSync(d)).toEqual(['x']);
  });

  it('on failure keeps the original, removes the temp file and throws a DojangError', async () => {
    const d = dir('fail');
    // The target is a non-empty folder: the rename fails after the temp file was written.
    const target = path.join(d, 'signPri.key');
    mkdirSync(target);
    writeFileSync(path.join(target, 'inside'), 'keep');
    await expect(writeFileAtomic(target, 'data')).rejects.toBeInstanceOf(DojangError);
    expect(readdirSync(d)).toEqual(['signPri.key']);
    expect(readFileSync(path.join(target, 'inside'), 'utf8')).toBe('keep');
    expect(readdirSync(d).some((n) => n.startsWith(TEMP_FILE_PREFIX))).toBe(false);
  });

  it('a missing folder is NOT_FOUND', async () => {
    await expect(writeFileAtomic(path.join(root, 'no', 'such', 'x'), 'data')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('fileSystemError', () => {
  it('maps errno codes to what the user can act on', () => {
    const cases: [string, string][] = [
      ['ENOSPC', 'DISK_FULL'],
      ['EDQUOT', 'DISK_FULL'],
      ['EROFS', 'READ_ONLY'],
      ['EACCES', 'PERMISSION_DENIED'],
      ['EPERM', 'PERMISSION_DENIED'],
      ['ENOENT', 'NOT_FOUND'],
      ['EIO', 'DRIVE_REMOVED'],
      ['ENODEV', 'DRIVE_REMOVED'],
      ['EWHATEVER', 'INTERNAL'],
    ];
    for (const [errno, code] of cases) {
      const e = fileSystemError(Object.assign(new Error(`${errno}: /secret/path`), { code: errno }), 'write');
      expect(e.code).toBe(code);
      expect(e.message).not.toContain('/secret/path');
    }
    const own = new DojangError('CONFLICT', 'copy.alreadyThere');
    expect(fileSystemError(own, 'read')).toBe(own);
  });
});

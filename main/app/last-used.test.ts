import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LastUsedStore } from './last-used.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-last-used-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const row = (id: string) => ({ id }) as Parameters<LastUsedStore['decorate']>[0][number];

describe('last used', () => {
  it('records a signature by row id, survives a restart, and decorates only that row', async () => {
    expect(await new LastUsedStore(dir).record('cloud:abc', new Date('2026-12-01T10:00:00Z'))).toBe(true);
    const again = new LastUsedStore(dir);
    const rows = await again.decorate([row('cloud:abc'), row('other')]);
    expect(rows.map((r) => r.lastUsedAt)).toEqual(['2026-12-01T10:00:00.000Z', null]);
    expect(JSON.parse(readFileSync(path.join(dir, 'last-used.json'), 'utf8'))).toEqual({ 'cloud:abc': '2026-12-01T10:00:00.000Z' });
  });

  it('a damaged file counts as empty; a write that fails keeps the time for this session and does not throw', async () => {
    writeFileSync(path.join(dir, 'last-used.json'), '{not json');
    const store = new LastUsedStore(dir);
    expect((await store.decorate([row('a')]))[0]!.lastUsedAt).toBeNull();
    // A folder where the file should be: no write can replace it, whoever runs the test.
    rmSync(path.join(dir, 'last-used.json'));
    mkdirSync(path.join(dir, 'last-used.json'));
    expect(await store.record('a', new Date('2026-12-02T00:00:00Z'))).toBe(false);
    expect((await store.decorate([row('a')]))[0]!.lastUsedAt).toBe('2026-12-02T00:00:00.000Z');
  });
});

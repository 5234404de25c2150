import { describe, expect, it } from 'vitest';
import { DojangError } from '../../common/errors.js';
import { runBulk, type BulkProgress } from './bulk.js';

describe('runBulk', () => {
  it('reports progress per item and a summary with failures, never stopping at one', async () => {
    const progress: BulkProgress<number>[] = [];
    const summary = await runBulk(
      [1, 2, 3, 4],
      async (n) => {
        if (n === 2) throw new DojangError('READ_ONLY', 'file.readOnly');
        if (n === 3) throw new Error('boom');
      },
      { onProgress: (p) => progress.push(p) },
    );
    expect(progress.map((p) => [p.item, p.status, p.finished, p.total])).toEqual([
      [1, 'done', 1, 4],
      [2, 'failed', 2, 4],
      [3, 'failed', 3, 4],
      [4, 'done', 4, 4],
    ]);
    expect(summary).toEqual({
      done: 2,
      failed: [
        { item: 2, code: 'READ_ONLY', key: 'file.readOnly', message: 'The drive is read-only: remove its write protection and try again.' },
        { item: 3, code: 'INTERNAL', key: 'bridge.internal', message: expect.stringContaining('Something went wrong') },
      ],
      cancelled: false,
      untouched: [],
    });
  });

  it('cancel: the running item finishes, the rest are untouched', async () => {
    const ac = new AbortController();
    const touched: number[] = [];
    const summary = await runBulk(
      [1, 2, 3, 4, 5],
      async (n) => {
        touched.push(n);
        if (n === 2) ac.abort();
        await new Promise((r) => setTimeout(r, 5));
      },
      { signal: ac.signal },
    );
    expect(touched).toEqual([1, 2]);
    expect(summary).toMatchObject({ done: 2, cancelled: true, untouched: [3, 4, 5], failed: [] });
  });

  it('an op that rolls back on cancel (CANCELLED) counts as untouched, with concurrency', async () => {
    const ac = new AbortController();
    const summary = await runBulk(
      [1, 2, 3, 4, 5, 6],
      async (n, signal) => {
        if (n === 3) ac.abort();
        await new Promise((r) => setTimeout(r, 10));
        if (signal?.aborted && n >= 3) throw new DojangError('CANCELLED', 'operation.cancelled');
      },
      { signal: ac.signal, concurrency: 2 },
    );
    expect(summary.done).toBe(2);
    expect(summary.cancelled).toBe(true);
    expect([...summary.untouched].sort()).toEqual([3, 4, 5, 6]);
  });
});

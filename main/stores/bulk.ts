import { isDojangError } from '../../common/errors.js';
import { bridgeError, type BridgeError } from '../../preload/errors.js';

export interface BulkProgress<T> {
  item: T;
  index: number;
  total: number;
  /** Items finished so far (done or failed), this one included. */
  finished: number;
  status: 'done' | 'failed';
  error?: BridgeError;
}

export interface BulkSummary<T> {
  done: number;
  failed: ({ item: T } & BridgeError)[];
  /** True when the signal fired before every item was tried; `untouched` were never started. */
  cancelled: boolean;
  untouched: T[];
}

/**
 * Runs `op` over items, at most `concurrency` at a time. Cancelling starts no new item; items already
 * running finish or roll back on their own (each op must be all-or-nothing, as copy/move/delete are), so
 * every item ends fully done or untouched. One failing item never stops the rest.
 */
export async function runBulk<T>(
  items: readonly T[],
  op: (item: T, signal: AbortSignal | undefined) => Promise<unknown>,
  opts: { signal?: AbortSignal; onProgress?: (p: BulkProgress<T>) => void; concurrency?: number } = {},
): Promise<BulkSummary<T>> {
  const { signal, onProgress } = opts;
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const summary: BulkSummary<T> = { done: 0, failed: [], cancelled: false, untouched: [] };
  let next = 0;
  let finished = 0;

  async function worker(): Promise<void> {
    while (next < items.length) {
      if (signal?.aborted) return;
      const index = next++;
      const item = items[index] as T;
      try {
        await op(item, signal);
        summary.done++;
        finished++;
        onProgress?.({ item, index, total: items.length, finished, status: 'done' });
      } catch (e) {
        if (isDojangError(e) && e.code === 'CANCELLED') {
          // the op rolled back: the item is untouched
          summary.untouched.push(item);
          continue;
        }
        const error = isDojangError(e) ? e.toBridge() : bridgeError('INTERNAL', 'bridge.internal');
        summary.failed.push({ item, ...error });
        finished++;
        onProgress?.({ item, index, total: items.length, finished, status: 'failed', error });
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, () => worker()));
  if (next < items.length) summary.untouched.push(...items.slice(next));
  summary.cancelled = summary.untouched.length > 0 || (signal?.aborted ?? false);
  return summary;
}

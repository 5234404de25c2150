/**
 * Copy and move many certificates between stores, with a progress event per item and cancel.
 * Each item is all-or-nothing (the stores module guarantees it), so a cancelled run leaves every
 * certificate either fully copied/moved or untouched.
 */
import type { TransferSummary } from '../../preload/types.js';
import { DojangError } from '../../common/errors.js';
import { buildTargetIndex, copyCertificate, moveCertificate, type ConflictChoice } from '../stores/copy.js';
import { reencryptKeyOffThread } from '../npki/off-thread.js';
import { runBulk } from '../stores/bulk.js';
import type { CertificateEntry } from '../stores/types.js';
import type { AppContext } from './context.js';

export interface TransferRequest {
  ids: string[];
  targetRoot: string;
  onConflict?: ConflictChoice | undefined;
  reencrypt?: { oldPassword: string; newPassword: string } | undefined;
  operationId: string;
}

export async function transfer(ctx: AppContext, kind: 'copy' | 'move', request: TransferRequest): Promise<TransferSummary> {
  if (ctx.operations.has(request.operationId)) throw new DojangError('CONFLICT', 'operation.running');
  const entries: CertificateEntry[] = [];
  for (const id of request.ids) entries.push(await ctx.catalog.get(id));
  const controller = new AbortController();
  ctx.operations.set(request.operationId, controller);
  const paths = new Map<string, string>();
  try {
    const index = await buildTargetIndex(request.targetRoot);
    const options = {
      index,
      trash: ctx.trash,
      pauseAfterFileMs: ctx.testHooks.copyPauseMs ?? 0,
      ...(request.onConflict ? { onConflict: request.onConflict } : {}),
      ...(request.reencrypt ? { reencrypt: request.reencrypt, reencryptWith: reencryptKeyOffThread } : {}),
    };
    const summary = await runBulk(
      entries,
      async (entry, signal) => {
        const run = kind === 'copy' ? copyCertificate : moveCertificate;
        const result = await run(entry.path, request.targetRoot, { ...options, ...(signal ? { signal } : {}) });
        paths.set(entry.id, result.path);
      },
      {
        signal: controller.signal,
        onProgress: (p) =>
          ctx.emit('progress', {
            operationId: request.operationId,
            finished: p.finished,
            total: p.total,
            item: p.item.cert?.holder ?? p.item.relPath,
            status: p.status,
            error: p.error ?? null,
          }),
      },
    );
    return {
      done: entries.filter((e) => paths.has(e.id)).map((e) => ({ id: e.id, path: paths.get(e.id)! })),
      failed: summary.failed.map(({ item, ...error }) => ({ id: item.id, ...error })),
      cancelled: summary.cancelled,
      untouched: summary.untouched.map((e) => e.id),
    };
  } finally {
    ctx.operations.delete(request.operationId);
  }
}

export function cancel(ctx: AppContext, operationId: string): { cancelled: boolean } {
  const controller = ctx.operations.get(operationId);
  controller?.abort();
  return { cancelled: controller !== undefined };
}

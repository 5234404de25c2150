/**
 * Copy or move certificates with progress, cancel and conflict handling. A CONFLICT on some items
 * (the target already holds that certificate) pauses the run and asks: keep both, replace, or leave them.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BridgeError } from '../../../preload/errors';
import type { Events, TransferSummary } from '../../../preload/types';
import type { TargetRequest } from '../model/targets';

export type TransferKind = 'copy' | 'move';
export type ProgressEvent = Events['progress'];

export type TransferState =
  | { phase: 'idle' }
  | { phase: 'running'; events: ProgressEvent[] }
  | { phase: 'conflict'; conflicts: string[]; summary: TransferSummary; events: ProgressEvent[] }
  | { phase: 'done'; summary: TransferSummary; events: ProgressEvent[] }
  | { phase: 'error'; error: BridgeError; events: ProgressEvent[] };

export interface TransferRequest {
  kind: TransferKind;
  ids: string[];
  target: TargetRequest;
  reencrypt?: { oldPassword: string; newPassword: string };
}

export function newOperationId(): string {
  return `op-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The first run's results plus a second run's (the conflicts resolved). */
export function mergeSummaries(first: TransferSummary, second: TransferSummary, retried: readonly string[]): TransferSummary {
  return {
    done: [...first.done, ...second.done],
    failed: [...first.failed.filter((f) => !retried.includes(f.id)), ...second.failed],
    cancelled: first.cancelled || second.cancelled,
    untouched: [...first.untouched, ...second.untouched],
  };
}

export function conflictsOf(summary: TransferSummary): string[] {
  return summary.failed.filter((f) => f.code === 'CONFLICT').map((f) => f.id);
}

export function useTransfer(onChanged: () => void) {
  const [state, setState] = useState<TransferState>({ phase: 'idle' });
  const operation = useRef<string | null>(null);
  const request = useRef<TransferRequest | null>(null);

  useEffect(
    () =>
      window.dojang.on('progress', (event) => {
        if (event.operationId !== operation.current) return;
        setState((s) => (s.phase === 'running' ? { phase: 'running', events: [...s.events, event] } : s));
      }),
    [],
  );

  const execute = useCallback(
    async (req: TransferRequest, ids: string[], onConflict: 'keepBoth' | 'replace' | undefined, previous: { summary: TransferSummary; events: ProgressEvent[] } | null) => {
      const operationId = newOperationId();
      operation.current = operationId;
      setState({ phase: 'running', events: previous?.events ?? [] });
      const call = req.kind === 'copy' ? window.dojang.copyCertificates : window.dojang.moveCertificates;
      const outcome = await call({
        ids,
        target: req.target,
        operationId,
        ...(onConflict ? { onConflict } : {}),
        ...(req.reencrypt ? { reencrypt: req.reencrypt } : {}),
      });
      operation.current = null;
      if (outcome.ok && (outcome.value.done.length > 0 || previous)) onChanged();
      setState((s) => {
        const events = s.phase === 'running' ? s.events : [];
        if (!outcome.ok) return { phase: 'error', error: outcome.error, events };
        const summary = previous ? mergeSummaries(previous.summary, outcome.value, ids) : outcome.value;
        const conflicts = previous ? [] : conflictsOf(outcome.value);
        return conflicts.length > 0 ? { phase: 'conflict', conflicts, summary, events } : { phase: 'done', summary, events };
      });
    },
    [onChanged],
  );

  const run = useCallback(
    (req: TransferRequest) => {
      request.current = req;
      void execute(req, req.ids, undefined, null);
    },
    [execute],
  );

  const resolveConflict = useCallback(
    (choice: 'keepBoth' | 'replace' | 'skip') => {
      if (state.phase !== 'conflict' || !request.current) return;
      if (choice === 'skip') {
        setState({ phase: 'done', summary: state.summary, events: state.events });
        return;
      }
      void execute(request.current, state.conflicts, choice, { summary: state.summary, events: state.events });
    },
    [state, execute],
  );

  const cancel = useCallback(() => {
    if (operation.current) void window.dojang.cancelOperation({ operationId: operation.current });
  }, []);

  const reset = useCallback(() => setState({ phase: 'idle' }), []);

  return { state, run, resolveConflict, cancel, reset };
}

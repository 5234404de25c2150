import type { BridgeError, ErrorCode } from '../preload/errors.js';
import { formatMessage, isMessageKey, type Message, type MessageKey, type MessageLanguage, type MessageParams, type WireParams } from '../preload/messages/format.js';

/** What stays in the main process: the log's facts (errno, the library's own text), never shown. */
type Detail = Record<string, unknown>;

/** A key without placeholders takes no parameters; any other needs all of its own. */
export type DojangErrorArgs<K extends MessageKey = MessageKey> = keyof MessageParams<K> extends never
  ? [params?: Record<string, never>, detail?: Detail]
  : [params: MessageParams<K>, detail?: Detail];

/**
 * The one error type main-process modules throw for expected failures: a code (what the app and
 * the CLI act on) and a message key with its parameters (what the user reads, in their language:
 * preload/messages; docs/decisions.md, "One message convention"). `message` is the English text,
 * for logs; `detail` stays in the main process.
 */
export class DojangError<K extends MessageKey = MessageKey> extends Error {
  readonly code: ErrorCode;
  readonly key: K;
  readonly params: WireParams | undefined;
  readonly detail: Detail | undefined;

  constructor(code: ErrorCode, key: K, ...[params, detail]: DojangErrorArgs<K>) {
    const wire = params && Object.keys(params).length > 0 ? (params as WireParams) : undefined;
    super(formatMessage('en', key, wire));
    this.name = 'DojangError';
    this.code = code;
    this.key = key;
    this.params = wire;
    this.detail = detail;
  }

  /** The message in `language` (the CLI's). */
  text(language: MessageLanguage): string {
    return formatMessage(language, this.key, this.params);
  }

  toBridge(): BridgeError {
    return { code: this.code, key: this.key, ...(this.params ? { params: this.params } : {}), message: this.message };
  }

  /** An error that crossed a boundary as {code, key, params} (a worker thread's), thrown again here. */
  static revive(e: { code: ErrorCode; key?: string | undefined; params?: WireParams | undefined }, detail?: Detail): DojangError {
    if (!isMessageKey(e.key)) return new DojangError('INTERNAL', 'bridge.internal', {}, { ...detail, key: e.key });
    return new DojangError(e.code, e.key, ...([e.params, detail] as unknown as DojangErrorArgs));
  }
}

export function isDojangError(e: unknown): e is DojangError {
  return e instanceof DojangError;
}

/** What to tell the user about `e` later (a status that remembers why): its key and parameters. */
export function messageOf(e: unknown): Message {
  if (isDojangError(e)) return { key: e.key, ...(e.params ? { params: e.params } : {}) };
  return { key: 'bridge.internal' };
}

import { messageInLanguage, type BridgeError, type ErrorCode } from '../preload/errors.js';
import { formatMessage, isMessageKey, type Message, type MessageKey, type MessageLanguage, type MessageParams, type WireParams } from '../preload/messages/format.js';

/** What stays in the main process: the log's facts (errno, the library's own text), never shown. */
type Detail = Record<string, unknown>;

/** A key without placeholders takes no parameters; any other needs all of its own. */
export type DojangErrorArgs<K extends string = MessageKey> = K extends MessageKey
  ? keyof MessageParams<K> extends never
    ? [params?: Record<string, never>, detail?: Detail]
    : [params: MessageParams<K>, detail?: Detail]
  : [detail?: Detail];

/**
 * The one error type main-process modules throw for expected failures: a code (what the app and
 * the CLI act on) and a message key with its parameters (what the user reads, in their language:
 * preload/messages). `message` is the English text, for logs; `detail` stays in the main process.
 */
export class DojangError<K extends string = MessageKey> extends Error {
  readonly code: ErrorCode;
  readonly key: MessageKey | null;
  readonly params: WireParams | undefined;
  readonly detail: Detail | undefined;

  constructor(code: ErrorCode, key: K, ...args: DojangErrorArgs<K>) {
    const keyed = isMessageKey(key);
    const params = keyed ? (args[0] as WireParams | undefined) : undefined;
    super(keyed ? formatMessage('en', key, params) : key);
    this.name = 'DojangError';
    this.code = code;
    this.key = keyed ? key : null;
    this.params = params && Object.keys(params).length > 0 ? params : undefined;
    this.detail = (keyed ? args[1] : args[0]) as Detail | undefined;
  }

  /** The message in `language` (the CLI's). */
  text(language: MessageLanguage): string {
    return this.key ? formatMessage(language, this.key, this.params) : messageInLanguage(this.message, language);
  }

  toBridge(): BridgeError {
    return { code: this.code, ...(this.key ? { key: this.key } : {}), ...(this.params ? { params: this.params } : {}), message: this.message };
  }

  /** An error that crossed a boundary as {code, key, params} (a worker thread's), thrown again here. */
  static revive(e: { code: ErrorCode; key?: string | undefined; params?: WireParams | undefined; message?: string }, detail?: Detail): DojangError {
    if (!isMessageKey(e.key)) return new DojangError<string>(e.code, e.message ?? '', detail);
    return new (DojangError as unknown as new (code: ErrorCode, key: MessageKey, params?: WireParams, detail?: Detail) => DojangError)(e.code, e.key, e.params, detail);
  }
}

export function isDojangError(e: unknown): e is DojangError {
  return e instanceof DojangError;
}

/** What to tell the user about `e` later (a status that remembers why): its key and parameters. */
export function messageOf(e: unknown): Message {
  if (isDojangError(e) && e.key) return { key: e.key, ...(e.params ? { params: e.params } : {}) };
  return { key: 'bridge.internal' };
}

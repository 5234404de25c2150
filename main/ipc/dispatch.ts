/**
 * The single entry point for bridge calls on either host: look the method up, validate the request
 * against its schema, run the handler, and turn every failure into `{code, key, params}` (docs/decisions.md, "One message convention"). Unexpected
 * errors are logged here (main process only) and cross as INTERNAL without their text or stack.
 */
import { requestSchemas } from '../../preload/schemas.js';
import { METHODS, type Method, type Result, type ValidRequest } from '../../preload/contract.js';
import { bridgeError, type Outcome } from '../../preload/errors.js';
import { isDojangError } from '../../common/errors.js';
import type { Logger } from '../core/log.js';

export type Handlers = { [M in Method]: (request: ValidRequest<M>) => Promise<Result<M>> };

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && (METHODS as readonly string[]).includes(name);
}

export function createDispatcher(handlers: Handlers, log: Logger) {
  return async function dispatch(method: string, rawRequest: unknown): Promise<Outcome<unknown>> {
    if (!isMethod(method)) {
      return { ok: false, error: bridgeError('NOT_FOUND', 'bridge.unknownMethod', { method: method.slice(0, 64) }) };
    }
    const parsed = requestSchemas[method].safeParse(rawRequest);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const field = first && first.path.length > 0 ? first.path.join('.') : '-';
      return { ok: false, error: bridgeError('INVALID_REQUEST', 'bridge.invalidRequest', { method, field, reason: first?.message ?? 'invalid' }) };
    }
    try {
      const handler = handlers[method] as (request: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (isDojangError(error)) return { ok: false, error: error.toBridge() };
      log.error('handler failed', { method, error: error instanceof Error ? error.stack : String(error) });
      return { ok: false, error: bridgeError('INTERNAL', 'bridge.internal') };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;

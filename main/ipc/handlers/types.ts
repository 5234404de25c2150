import type { Method, Result, ValidRequest } from '../../../preload/contract.js';

/** The handlers of one area: one function per method, taking the validated request. */
export type AreaHandlers<M extends Method> = { [K in M]: (request: ValidRequest<K>) => Promise<Result<K>> };

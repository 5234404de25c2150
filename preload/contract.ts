/**
 * The typed bridge: the one API the renderer may call, as `window.dojang`.
 * Method names and result types live here; request types come from ./schemas.ts (type-only, so the
 * preload bundle carries no validator: validation happens in main/, which does not trust the caller).
 */
import type { z } from 'zod';
import type { Outcome } from './errors.js';
import type { RequestSchemas } from './schemas.js';
import type { EventName, Events, HostKind } from './types.js';
import { APP_METHODS, type AppResults } from './areas/app.js';
import { CERTIFICATE_METHODS, type CertificateResults } from './areas/certificates.js';
import { CLOUD_METHODS, type CloudResults } from './areas/cloud.js';
import { VERIFY_METHODS, type VerifyResults } from './areas/verify.js';
import { FILE_METHODS, type FileResults } from './areas/files.js';
import { AGENT_METHODS, type AgentResults } from './areas/agent.js';

/** Each area (preload/areas/<area>.ts) names its methods and their results. */
export type Results = AppResults & CertificateResults & CloudResults & VerifyResults & FileResults & AgentResults;

export type Method = keyof Results & keyof RequestSchemas;
/** What the renderer sends. */
export type Request<M extends Method> = z.input<RequestSchemas[M]>;
/** What a handler receives: the request after validation (defaults filled in). */
export type ValidRequest<M extends Method> = z.output<RequestSchemas[M]>;
export type Result<M extends Method> = Results[M];

export const METHODS = [...APP_METHODS, ...CERTIFICATE_METHODS, ...CLOUD_METHODS, ...VERIFY_METHODS, ...FILE_METHODS, ...AGENT_METHODS] as const satisfies readonly Method[];

export type DojangApi = {
  [M in Method]: (request: Request<M>) => Promise<Outcome<Result<M>>>;
} & {
  readonly host: HostKind;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

/** IPC channel names (Electron) and URL paths (browser host) derive from the method name. */
export const channelFor = (method: Method): string => `dojang:${method}`;
export const EVENT_CHANNEL = 'dojang:event';

export interface EventMessage<E extends EventName = EventName> {
  event: E;
  payload: Events[E];
}

// Every method has a name in METHODS: a missing one fails the type-check here.
type Unlisted = Exclude<Method, (typeof METHODS)[number]>;
export const METHODS_COMPLETE: [Unlisted] extends [never] ? true : never = true;

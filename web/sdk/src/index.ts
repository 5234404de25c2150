/**
 * dojang-web: lets a web page ask Dojang (도장) to sign, with the user's consent in Dojang's own
 * window. It talks only to Dojang's browser extension, through the page's own window and a
 * MessagePort per request (the extension answers on that port alone); there is no local port,
 * no origin field (the browser tells Dojang who is asking) and no way to list certificates.
 */
import { AGENT_ERROR_CODES, PAGE_MESSAGE_MARKER, type AgentErrorCode, type HelloResult, type PortMessage, type SignResult, type WireResponse } from './wire.js';

export { AGENT_ERROR_CODES, AGENT_PROTOCOL_VERSION, MAX_MESSAGE_BYTES, type AgentErrorCode, type HelloResult, type SignResult } from './wire.js';

export type SignType = 'login' | 'transfer' | 'contract' | 'registration' | 'other';

export interface SignOptions {
  /** What the user will see and sign: texts (shown as written), or binaries (shown as name + SHA-256). Each item is signed separately, in order. */
  content: { texts: string[] } | { binaries: { name: string; data: Uint8Array | ArrayBuffer }[] };
  /** How texts become the signed bytes (what your server checks): UTF-8 (default) or EUC-KR. */
  encoding?: 'UTF-8' | 'EUC-KR';
  /** CMS SignedData (default) or a bare PKCS#1 v1.5 signature. */
  format?: 'CMS' | 'PKCS1';
  /** CMS without the content inside (you keep the content). */
  detached?: boolean;
  /** Also return the holder's R value (for 본인확인 with the VID), when the user agrees. */
  includeR?: boolean;
  /** What the signature is for: shown to the user. */
  signType?: SignType;
  /** Which certificates the user may choose from (the others are hidden from the user, and all of them from the page). */
  filter?: { policyOids?: string[]; issuers?: string[]; kinds?: ('local' | 'cloud')[] };
}

export interface CallOptions {
  /** Ends the wait (the request is withdrawn from Dojang): rejects with USER_CANCELLED. */
  signal?: AbortSignal;
  /** How long to wait for the extension to acknowledge (ms); then AGENT_NOT_INSTALLED. Default 1500. */
  installTimeoutMs?: number;
}

/** Every failure of this module: `code` is one of AGENT_ERROR_CODES (see the README for each). */
export class DojangWebError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DojangWebError';
  }
}

function requestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function base64url(data: Uint8Array | ArrayBuffer): string {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** One request to the extension: resolves the answer's value or rejects a DojangWebError. */
function call(request: Record<string, unknown>, options: CallOptions = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new DojangWebError('USER_CANCELLED', 'The request was withdrawn.'));
    const { port1, port2 } = new MessageChannel();
    let acknowledged = false;
    const done = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      port1.close();
    };
    const fail = (code: AgentErrorCode, message: string) => {
      done();
      reject(new DojangWebError(code, message));
    };
    const abort = () => {
      port1.postMessage({ type: 'cancel' });
      fail('USER_CANCELLED', 'The request was withdrawn.');
    };
    const timer = setTimeout(() => {
      if (!acknowledged) fail('AGENT_NOT_INSTALLED', 'Dojang’s browser extension is not installed or not enabled on this page.');
    }, options.installTimeoutMs ?? 1500);
    options.signal?.addEventListener('abort', abort);
    port1.onmessage = (event: MessageEvent<PortMessage>) => {
      const message = event.data;
      if (message?.type === 'ack') {
        acknowledged = true;
        return;
      }
      if (message?.type !== 'response') return;
      const response: WireResponse = message.response;
      if (response.id !== request.id) return fail('INTERNAL', 'The answer does not match the request.');
      if (response.ok) {
        done();
        return resolve(response.value);
      }
      const code = (AGENT_ERROR_CODES as readonly string[]).includes(response.error.code) ? response.error.code : 'INTERNAL';
      fail(code, response.error.message);
    };
    // To this window only: the extension's content script listens here; the answer comes on port2.
    window.postMessage({ marker: PAGE_MESSAGE_MARKER, request }, window.location.origin === 'null' ? '*' : window.location.origin, [port2]);
  });
}

/** Asks Dojang who it is (through the extension and the native host): proves the whole way works. */
export async function hello(options?: CallOptions): Promise<HelloResult> {
  return (await call({ id: requestId(), method: 'hello' }, options)) as HelloResult;
}

/** True when the extension, the native host and a running Dojang all answer. */
export async function isAvailable(options?: CallOptions): Promise<boolean> {
  try {
    await hello(options);
    return true;
  } catch {
    return false;
  }
}

/** Asks the user, in Dojang's window, to sign `content`; resolves only after the user signed. */
export async function sign(options: SignOptions, init?: CallOptions): Promise<SignResult> {
  const { content, ...rest } = options;
  const wireContent = 'texts' in content ? { texts: content.texts } : { binaries: content.binaries.map((b) => ({ name: b.name, data: base64url(b.data) })) };
  const id = requestId();
  return (await call({ id, method: 'sign', params: { ...rest, content: wireContent } }, init)) as SignResult;
}

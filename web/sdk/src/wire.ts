/**
 * The part of the web signing agent's protocol the page sees (issue 17): no imports, so the
 * published `dojang-web` package carries it whole. `main/agent/protocol.ts` re-exports it: every
 * hop reads the same values from there.
 */

/** Bumped when a hop must refuse a peer of another version (AGENT_VERSION_MISMATCH). */
export const AGENT_PROTOCOL_VERSION = 1;
/** Native messaging's own limit from the browser to the host is 4 GiB, ours is far lower. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** The documented error set every hop may answer with (`dojang-web` exports the same list). */
export const AGENT_ERROR_CODES = [
  'USER_CANCELLED', // the user closed or refused the consent window
  'NO_MATCHING_CERTIFICATE', // nothing the user holds matches the filter (told only after the user saw the window)
  'LOCKED', // 금융인증서 PIN locked, or the key is locked by too many tries
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_REVOKED', // the chosen certificate is known to be revoked (told only after the user saw the window)
  'SITE_NOT_ALLOWED', // the origin is on the user's deny list, or not https
  'BUSY', // another request is pending in Dojang
  'RATE_LIMITED',
  'INVALID_REQUEST', // malformed, oversized, unknown field
  'AGENT_NOT_RUNNING', // the native host could not reach or start Dojang
  'AGENT_NOT_INSTALLED', // the extension found no native host
  'AGENT_VERSION_MISMATCH',
  'TIMEOUT', // the user did not answer in time
  'INTERNAL',
] as const;
export type AgentErrorCode = (typeof AGENT_ERROR_CODES)[number];

/** What `sign` answers. */
export interface SignResult {
  /** One per content item, base64url: CMS SignedData (DER), or a PKCS#1 v1.5 signature. */
  signedData: string[];
  /** The holder's R value, base64url, when `includeR` and the user agreed; else null. */
  rValue: string | null;
  /** The signer certificate, DER, base64url. */
  certificate: string;
}

/** What `hello` answers. */
export interface HelloResult {
  agent: 'dojang';
  /** Dojang's version. */
  version: string;
  protocol: typeof AGENT_PROTOCOL_VERSION;
}

/**
 * The page ⇄ content script hop: the SDK posts `{ marker, request }` to its own window with a
 * MessagePort; the content script answers only on that port (first an ack, then the response),
 * so nothing another window or frame posts is taken for an answer.
 */
export const PAGE_MESSAGE_MARKER = 'dojang-web/1';
export type PortMessage = { type: 'ack' } | { type: 'response'; response: WireResponse };

/** An answer as the page receives it (the `v`/`id` envelope of AgentResponse). */
export type WireResponse = { v: number; id: string; ok: true; value: unknown } | { v: number; id: string; ok: false; error: { code: AgentErrorCode; message: string } };

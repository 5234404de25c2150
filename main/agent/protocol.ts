/**
 * The web signing agent's wire protocol (issue 17), shared by every hop:
 *   page (dojang-web SDK) ⇄ extension content script ⇄ extension service worker
 *   ⇄ native messaging host (launched by the browser) ⇄ the running Dojang app.
 * The page never names its own origin: the service worker adds the origin the browser reported
 * (`sender.origin`), and every later hop keeps it. One message = one JSON object; the native
 * messaging hop frames it with a 4-byte little-endian length (Chromium's format), the app's
 * local socket the same way.
 */
// zod/mini: the same checks as zod, a fraction of the size in the extension's service worker and the native host.
import * as z from 'zod/mini';

// The page-facing constants live with the SDK (published without dependencies); every hop imports them from here.
import { AGENT_PROTOCOL_VERSION, type AgentErrorCode, type HelloResult, type SignResult } from '../../web/sdk/src/wire.js';
export {
  AGENT_ERROR_CODES,
  AGENT_PROTOCOL_VERSION,
  MAX_MESSAGE_BYTES,
  PAGE_MESSAGE_MARKER,
  type AgentErrorCode,
  type HelloResult,
  type SignResult,
} from '../../web/sdk/src/wire.js';
export const NATIVE_HOST_NAME = 'kr.dojang.agent';

const base64url = z.string().check(z.regex(/^[A-Za-z0-9_-]*$/));
/**
 * What a signed text must not hold, so that the consent window shows what is signed (WYSIWYS):
 * control characters other than tab and line breaks, bidirectional overrides and isolates (text that
 * reads in another order than it is stored), zero-width characters and the BOM.
 */
// eslint-disable-next-line no-control-regex
const HIDDEN_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
/** Half a UTF-16 pair: it would be signed as U+FFFD, not as what was shown. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** A string the consent window shows: what is seen is what is stored. */
const shownText = (min: number, max: number) =>
  z.string().check(
    z.minLength(min),
    z.maxLength(max),
    z.refine((s) => !HIDDEN_CHARACTERS.test(s) && !LONE_SURROGATE.test(s), 'must not contain control, bidirectional or zero-width characters'),
  );
const signedText = shownText(0, 64 * 1024);
const oid = z.string().check(z.regex(/^[0-2](\.(0|[1-9][0-9]*)){1,30}$/));
const id = z.string().check(z.minLength(1), z.maxLength(64));
/** A list of at least `min` and at most `max` items. */
const list = <T extends z.core.SomeType>(item: T, min: number, max: number) => z.array(item).check(z.minLength(min), z.maxLength(max));

export const signParamsSchema = z.strictObject({
  /** Texts (UTF-8 strings) or binaries (base64url); each is signed separately, in order. */
  content: z.union([z.strictObject({ texts: list(signedText, 1, 16) }), z.strictObject({ binaries: list(z.strictObject({ name: shownText(1, 200), data: base64url }), 1, 16) })]),
  /** How texts become bytes before signing (the bytes the relying party checks). */
  encoding: z._default(z.enum(['UTF-8', 'EUC-KR']), 'UTF-8'),
  format: z._default(z.enum(['CMS', 'PKCS1']), 'CMS'),
  detached: z._default(z.boolean(), false),
  includeR: z._default(z.boolean(), false),
  signType: z._default(z.enum(['login', 'transfer', 'contract', 'registration', 'other']), 'other'),
  filter: z._default(
    z.strictObject({
      policyOids: z.optional(list(oid, 0, 32)),
      /** Issuer CA names as in common/pki (e.g. 'yessignCA Class 2') or issuer organisation names. */
      issuers: z.optional(list(z.string().check(z.minLength(1), z.maxLength(200)), 0, 32)),
      kinds: z.optional(list(z.enum(['local', 'cloud']), 1, 2)),
    }),
    {},
  ),
});
export type SignParams = z.infer<typeof signParamsSchema>;

/** The page → service worker message (what the SDK posts; no origin). */
export const pageRequestSchema = z.discriminatedUnion('method', [
  z.strictObject({ id, method: z.literal('hello') }),
  z.strictObject({ id, method: z.literal('sign'), params: signParamsSchema }),
]);
export type PageRequest = z.infer<typeof pageRequestSchema>;

/** The longest origin any hop accepts (scheme + host + port; a DNS name is at most 253 characters). */
export const MAX_ORIGIN_LENGTH = 300;

/**
 * Service worker → native host → app: the page's request plus the browser-reported origin.
 * Strict at every level: an `origin` (or anything else) inside `request` is refused, so only
 * the origin the service worker added counts.
 */
export const agentRequestSchema = z.strictObject({
  v: z.literal(AGENT_PROTOCOL_VERSION),
  id,
  /** Exactly as the browser reported it (`https://bank.example`), never from the page's body. */
  origin: z.string().check(z.minLength(1), z.maxLength(MAX_ORIGIN_LENGTH)),
  request: pageRequestSchema,
});
export type AgentRequest = z.input<typeof agentRequestSchema>;

export type AgentResponse =
  | { v: typeof AGENT_PROTOCOL_VERSION; id: string; ok: true; value: SignResult | HelloResult }
  | { v: typeof AGENT_PROTOCOL_VERSION; id: string; ok: false; error: { code: AgentErrorCode; message: string } };

/** An error answer; `id` is the request's, or '' when the request was too broken to have one. */
export function agentError(id: string, code: AgentErrorCode, message: string): AgentResponse {
  return { v: AGENT_PROTOCOL_VERSION, id, ok: false, error: { code, message } };
}

/**
 * Checks a message from the hop before: the version first (a peer of another version gets
 * AGENT_VERSION_MISMATCH, not a schema error), then the strict shape.
 */
export function parseAgentRequest(message: unknown): { ok: true; request: AgentRequest } | { ok: false; response: AgentResponse } {
  const record = typeof message === 'object' && message !== null ? (message as Record<string, unknown>) : {};
  const id = typeof record.id === 'string' && record.id.length <= 64 ? record.id : '';
  if (record.v !== AGENT_PROTOCOL_VERSION) {
    return {
      ok: false,
      response: agentError(
        id,
        'AGENT_VERSION_MISMATCH',
        `Dojang speaks protocol ${AGENT_PROTOCOL_VERSION}, this message ${JSON.stringify(record.v ?? null)}: update Dojang and its browser extension.`,
      ),
    };
  }
  const parsed = agentRequestSchema.safeParse(message);
  if (!parsed.success) return { ok: false, response: agentError(id, 'INVALID_REQUEST', 'The request is not a valid Dojang signing request.') };
  return { ok: true, request: parsed.data };
}

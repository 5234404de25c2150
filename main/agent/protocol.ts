/**
 * The web signing agent's wire protocol (issue 17), shared by every hop:
 *   page (dojang-web SDK) ⇄ extension content script ⇄ extension service worker
 *   ⇄ native messaging host (launched by the browser) ⇄ the running Dojang app.
 * The page never names its own origin: the service worker adds the origin the browser reported
 * (`sender.origin`), and every later hop keeps it. One message = one JSON object; the native
 * messaging hop frames it with a 4-byte little-endian length (Chromium's format), the app's
 * local socket the same way.
 */
import { z } from 'zod';

// The page-facing constants live with the SDK (published without dependencies); every hop imports them from here.
import { AGENT_PROTOCOL_VERSION, type AgentErrorCode } from '../../web/sdk/src/wire.js';
export { AGENT_ERROR_CODES, AGENT_PROTOCOL_VERSION, MAX_MESSAGE_BYTES, PAGE_MESSAGE_MARKER, type AgentErrorCode } from '../../web/sdk/src/wire.js';
export const NATIVE_HOST_NAME = 'kr.dojang.agent';

const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/);
const oid = z.string().regex(/^[0-2](\.(0|[1-9][0-9]*)){1,30}$/);

export const signParamsSchema = z
  .object({
    /** Texts (UTF-8 strings) or binaries (base64url); each is signed separately, in order. */
    content: z.union([
      z
        .object({
          texts: z
            .array(z.string().max(64 * 1024))
            .min(1)
            .max(16),
        })
        .strict(),
      z
        .object({
          binaries: z
            .array(z.object({ name: z.string().min(1).max(200), data: base64url }).strict())
            .min(1)
            .max(16),
        })
        .strict(),
    ]),
    format: z.enum(['CMS', 'PKCS1']).default('CMS'),
    detached: z.boolean().default(false),
    includeR: z.boolean().default(false),
    signType: z.enum(['login', 'transfer', 'contract', 'registration', 'other']).default('other'),
    filter: z
      .object({
        policyOids: z.array(oid).max(32).optional(),
        /** Issuer CA names as in common/pki (e.g. 'yessignCA Class 2') or issuer organisation names. */
        issuers: z.array(z.string().min(1).max(200)).max(32).optional(),
        kinds: z
          .array(z.enum(['local', 'cloud']))
          .min(1)
          .max(2)
          .optional(),
      })
      .strict()
      .default({}),
  })
  .strict();
export type SignParams = z.infer<typeof signParamsSchema>;

/** The page → service worker message (what the SDK posts; no origin). */
export const pageRequestSchema = z.discriminatedUnion('method', [
  z.object({ id: z.string().min(1).max(64), method: z.literal('hello') }).strict(),
  z.object({ id: z.string().min(1).max(64), method: z.literal('sign'), params: signParamsSchema }).strict(),
]);
export type PageRequest = z.infer<typeof pageRequestSchema>;

/** Service worker → native host → app: the page's request plus the browser-reported origin. */
export interface AgentRequest {
  v: typeof AGENT_PROTOCOL_VERSION;
  id: string;
  /** Exactly as the browser reported it (`https://bank.example`), never from the page's body. */
  origin: string;
  request: PageRequest;
}

export interface SignResult {
  /** One per content item, base64url: CMS SignedData, or a PKCS#1 v1.5 signature. */
  signedData: string[];
  /** The holder's R value (base64url) when `includeR` and the user agreed; else null. */
  rValue: string | null;
  /** The signer certificate, DER, base64url. */
  certificate: string;
}

export interface HelloResult {
  agent: 'dojang';
  version: string;
  protocol: typeof AGENT_PROTOCOL_VERSION;
}

export type AgentResponse =
  | { v: typeof AGENT_PROTOCOL_VERSION; id: string; ok: true; value: SignResult | HelloResult }
  | { v: typeof AGENT_PROTOCOL_VERSION; id: string; ok: false; error: { code: AgentErrorCode; message: string } };

/** What the native host and the app's channel accept from the hop before them (strict, like the page's part). */
export const agentRequestSchema = z
  .object({
    v: z.literal(AGENT_PROTOCOL_VERSION),
    id: z.string().min(1).max(64),
    /** The service worker's `sender.origin`: a scheme://host[:port] origin, never a path or "null". */
    origin: z
      .string()
      .regex(/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+$/)
      .max(300),
    request: pageRequestSchema,
  })
  .strict();

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

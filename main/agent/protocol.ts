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

/** Bumped when a hop must refuse a peer of another version (AGENT_VERSION_MISMATCH). */
export const AGENT_PROTOCOL_VERSION = 1;
/** Native messaging's own limit from the browser to the host is 4 GiB, ours is far lower. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
export const NATIVE_HOST_NAME = 'kr.dojang.agent';

/** The documented error set every hop may answer with (`dojang-web` exports the same list). */
export const AGENT_ERROR_CODES = [
  'USER_CANCELLED', // the user closed or refused the consent window
  'NO_MATCHING_CERTIFICATE', // nothing the user holds matches the filter (told only after the user saw the window)
  'LOCKED', // 금융인증서 PIN locked, or the key is locked by too many tries
  'CERTIFICATE_EXPIRED',
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

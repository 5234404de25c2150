/**
 * The app side of a web signing request (issue 17): what the channel from the browser extension
 * (main/agent/channel.ts) calls for each message. A request is checked before anything is shown:
 * size, the strict protocol schema, the origin the browser reported (https only; loopback http only
 * with the development setting), the user's site list (deny: refused, nothing shown), a per-origin
 * rate limit, and one pending request across the app (BUSY). Then Dojang's own consent window shows
 * it, every time; the user picks one of the matching certificates and types its password or PIN;
 * main signs exactly the bytes the window showed. The page learns which certificate only when the
 * user signs: refusals that depend on the user's certificates (NO_MATCHING_CERTIFICATE, LOCKED,
 * CERTIFICATE_EXPIRED) are answered only after the user saw the window and closed it. Every request
 * leaves one line in the audit log (audit.ts). docs/signing-agent.md is the threat model.
 */
import { randomUUID } from 'node:crypto';
import type { AgentAuditEntry, AgentConsentView } from '../../preload/areas/agent.js';
import type { AgentSite, EventName, Events } from '../../preload/types.js';
import { DojangError, isDojangError } from '../../common/errors.js';
import type { Logger } from '../core/log.js';
import type { SettingsStore } from '../app/settings.js';
import type { LastUsedStore } from '../app/last-used.js';
import { signItemsWithKey } from '../app/key-actions.js';
import type { CloudService } from '../fincert/index.js';
import { AgentAuditLog } from './audit.js';
import { matchingCertificates, type CertificateSources, type OfferedCertificate } from './certificates.js';
import { contentItems, type ContentItem } from './content.js';
import { checkOrigin, type CheckedOrigin } from './origin.js';
import { OriginRateLimiter, type RateLimitOptions } from './rate-limit.js';
import {
  AGENT_PROTOCOL_VERSION,
  MAX_MESSAGE_BYTES,
  agentRequestSchema,
  type AgentErrorCode,
  type AgentResponse,
  type HelloResult,
  type SignParams,
  type SignResult,
} from './protocol.js';

/** How the host shows the consent window: Electron a dedicated top-level window; the browser host its page (events only). */
export interface ConsentWindow {
  show(): void;
  close(): void;
}

export interface AgentDeps extends Omit<CertificateSources, 'cloud'> {
  version: string;
  dataDir: string;
  log: Logger;
  settings: SettingsStore;
  /** 마지막 사용: a web signature counts like any other (main/app/last-used.ts). */
  lastUsed: Pick<LastUsedStore, 'record'>;
  cloud: Pick<CloudService, 'status' | 'certificates' | 'signItems'>;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  consentWindow?: ConsentWindow | undefined;
  /** How long the user has to answer; default 3 minutes. */
  timeoutMs?: number | undefined;
  rate?: RateLimitOptions | undefined;
}

export interface AgentDecision {
  requestId: string;
  certificateId: string;
  password?: string | undefined;
  pin?: string | undefined;
  /** Put the origin on the allow list (no new-site warning next time; consent is still asked). */
  allowSite?: boolean | undefined;
}

const DEFAULT_TIMEOUT_MS = 3 * 60 * 1000;
/** Three requests at once, then one every 10 seconds, per origin. */
const DEFAULT_RATE: RateLimitOptions = { burst: 3, intervalMs: 10_000 };

/** What the page reads for each refusal (the SDK shows its own words; these are for developers). */
const PAGE_MESSAGES: Record<AgentErrorCode, string> = {
  USER_CANCELLED: 'The user cancelled the signature.',
  NO_MATCHING_CERTIFICATE: 'The user has no certificate that matches the request.',
  LOCKED: 'The certificate is locked.',
  CERTIFICATE_EXPIRED: 'The certificate cannot sign (expired or not yet valid).',
  CERTIFICATE_REVOKED: 'The certificate was revoked: it cannot sign.',
  SITE_NOT_ALLOWED: 'This site may not ask Dojang for signatures.',
  BUSY: 'Dojang is answering another signing request.',
  RATE_LIMITED: 'Too many requests from this site: try again later.',
  INVALID_REQUEST: 'The request is not valid.',
  AGENT_NOT_RUNNING: 'Dojang is not running.',
  AGENT_NOT_INSTALLED: 'Dojang is not installed.',
  AGENT_VERSION_MISMATCH: 'The versions of Dojang and its extension do not match.',
  TIMEOUT: 'The user did not answer in time.',
  INTERNAL: 'Something went wrong inside Dojang.',
};

type Finish = { ok: true; value: SignResult } | { ok: false; code: AgentErrorCode; audit?: string };

interface Pending {
  requestId: string;
  origin: CheckedOrigin;
  site: 'allowed' | 'unknown';
  params: SignParams;
  items: ContentItem[];
  certificates: ReturnType<typeof matchingCertificates>;
  expiresAt: Date;
  signing: boolean;
  /** The refusal the page gets if the user closes the window after it (a locked PIN, an expired certificate). */
  lastRefusal: AgentErrorCode | null;
  chosen: OfferedCertificate | null;
  finish(result: Finish): void;
}

/** A signing error, as the code the page gets if the user then gives up; null: the user just cancelled. */
export function refusalOf(error: unknown): AgentErrorCode | null {
  if (!isDojangError(error)) return null;
  if (error.code === 'PIN_LOCKED') return 'LOCKED';
  if (error.code === 'CERT_EXPIRED' || error.code === 'CERT_NOT_YET_VALID') return 'CERTIFICATE_EXPIRED';
  if (error.code === 'CERT_REVOKED') return 'CERTIFICATE_REVOKED';
  return null;
}

const gone = () => new DojangError('NOT_FOUND', 'agent.requestGone');

export function createAgentService(deps: AgentDeps) {
  const audit = new AgentAuditLog(deps.dataDir);
  const rate = deps.rate ?? DEFAULT_RATE;
  const limiter = new OriginRateLimiter(rate);
  /** When each (origin, refusal) was last written to the audit log. */
  const refusalsLogged = new Map<string, number>();
  let current: Pending | null = null;

  const record = (entry: AgentAuditEntry) =>
    audit.append(entry).catch((error: unknown) => deps.log.warn('the web signing audit log could not be written', { error: String(error) }));

  async function setSite(origin: string, decision: AgentSite['decision'] | null): Promise<AgentSite[]> {
    const settings = await deps.settings.get();
    const others = (settings.agentSites ?? []).filter((s) => s.origin !== origin);
    const sites = decision ? [...others, { origin, decision, since: deps.now().toISOString() }] : others;
    return (await deps.settings.update({ agentSites: sites })).agentSites ?? [];
  }

  async function handle(raw: unknown, signal: AbortSignal): Promise<AgentResponse> {
    const id = typeof (raw as { id?: unknown })?.id === 'string' ? ((raw as { id: string }).id.slice(0, 64) as string) : '';
    const rawOrigin = typeof (raw as { origin?: unknown })?.origin === 'string' ? (raw as { origin: string }).origin.slice(0, 300) : '';
    const base: AgentAuditEntry = { time: deps.now().toISOString(), origin: rawOrigin, method: null, signType: null, format: null, items: [], certificate: null, outcome: '' };
    const answerOnly = (code: AgentErrorCode): AgentResponse => ({ v: AGENT_PROTOCOL_VERSION, id, ok: false, error: { code, message: PAGE_MESSAGES[code] } });
    /**
     * A refusal before any window: one audit line per origin and code per interval, so a page that
     * floods (malformed, denied, rate-limited) cannot rotate the user's history out of the log.
     */
    const refuse = (code: AgentErrorCode, entry: Partial<AgentAuditEntry> = {}): AgentResponse => {
      const key = `${rawOrigin}\n${code}`;
      const at = deps.now().getTime();
      const last = refusalsLogged.get(key);
      if (last === undefined || at - last >= rate.intervalMs) {
        refusalsLogged.delete(key);
        refusalsLogged.set(key, at);
        if (refusalsLogged.size > 1000) refusalsLogged.delete(refusalsLogged.keys().next().value!);
        void record({ ...base, ...entry, outcome: code });
      }
      return answerOnly(code);
    };

    let size: number;
    try {
      size = Buffer.byteLength(JSON.stringify(raw) ?? '');
    } catch {
      return refuse('INVALID_REQUEST');
    }
    if (size > MAX_MESSAGE_BYTES) return refuse('INVALID_REQUEST');
    const parsed = agentRequestSchema.safeParse(raw);
    if (!parsed.success) return refuse('INVALID_REQUEST');
    const request = parsed.data;
    const method = request.request.method;

    const settings = await deps.settings.get();
    const origin = checkOrigin(request.origin, settings.agentAllowLoopback === true);
    if (!origin) return refuse('SITE_NOT_ALLOWED', { method });
    const site = settings.agentSites?.find((s) => s.origin === origin.origin);
    if (site?.decision === 'deny') return refuse('SITE_NOT_ALLOWED', { method });
    // hello has its own budget: a page that checks isAvailable() on each load must not spend its signatures.
    if (!limiter.take(method === 'hello' ? `hello ${origin.origin}` : origin.origin, deps.now().getTime())) return refuse('RATE_LIMITED', { method });

    if (request.request.method === 'hello') {
      void record({ ...base, method, outcome: 'answered' });
      const value: HelloResult = { agent: 'dojang', version: deps.version, protocol: AGENT_PROTOCOL_VERSION };
      return { v: AGENT_PROTOCOL_VERSION, id, ok: true, value };
    }

    const params = request.request.params;
    const shape = { method, signType: params.signType, format: params.format };
    if (current) return refuse('BUSY', shape);
    let items: ContentItem[];
    try {
      items = contentItems(params);
    } catch {
      return refuse('INVALID_REQUEST', shape);
    }
    const hashes = items.map((i) => ({ sha256: i.sha256, size: i.bytes.length }));
    if (signal.aborted) return refuse('USER_CANCELLED', { ...shape, items: hashes });

    return new Promise<AgentResponse>((resolve) => {
      const requestId = randomUUID();
      const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const onAbort = () => pending.finish({ ok: false, code: 'USER_CANCELLED', audit: 'PAGE_CLOSED' });
      const timer = setTimeout(() => pending.finish({ ok: false, code: 'TIMEOUT' }), timeoutMs);
      const pending: Pending = {
        requestId,
        origin,
        site: site?.decision === 'allow' ? 'allowed' : 'unknown',
        params,
        items,
        certificates: matchingCertificates(deps, params.filter),
        expiresAt: new Date(deps.now().getTime() + timeoutMs),
        signing: false,
        lastRefusal: null,
        chosen: null,
        finish(result) {
          if (current !== pending) return;
          current = null;
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          deps.emit('agentClosed', { requestId });
          deps.consentWindow?.close();
          const certificate = pending.chosen ? { kind: pending.chosen.row.kind, serialHex: pending.chosen.row.serialHex ?? '', subject: pending.chosen.row.subject ?? '' } : null;
          void record({ ...base, ...shape, items: hashes, certificate, outcome: result.ok ? 'signed' : (result.audit ?? result.code) });
          resolve(
            result.ok
              ? { v: AGENT_PROTOCOL_VERSION, id, ok: true, value: result.value }
              : { v: AGENT_PROTOCOL_VERSION, id, ok: false, error: { code: result.code, message: PAGE_MESSAGES[result.code] } },
          );
        },
      };
      // A scan or cloud failure shows as an empty list with a note, never as a stuck window.
      pending.certificates.catch((error: unknown) => deps.log.warn('listing certificates for a web signing request failed', { error: String(error) }));
      current = pending;
      signal.addEventListener('abort', onAbort, { once: true });
      deps.emit('agentRequest', { requestId });
      try {
        deps.consentWindow?.show();
      } catch (error) {
        // The app's page still shows it (or the timeout ends it): never a request stuck as BUSY.
        deps.log.error('the consent window could not open', { error: String(error) });
      }
    });
  }

  /** The consent window's view of the pending request, or null. */
  async function pendingView(): Promise<AgentConsentView | null> {
    const p = current;
    if (!p) return null;
    const { offered, cloudNote } = await p.certificates.catch(() => ({ offered: new Map<string, OfferedCertificate>(), cloudNote: 'unreachable' as const }));
    return {
      requestId: p.requestId,
      origin: p.origin.origin,
      originUnicode: p.origin.unicode,
      site: p.site,
      signType: p.params.signType,
      format: p.params.format,
      detached: p.params.detached,
      includeR: p.params.includeR,
      encoding: p.params.encoding,
      items: p.items.map((i) => i.view),
      certificates: [...offered.values()].map((o) => o.row),
      cloudNote,
      expiresAt: p.expiresAt.toISOString(),
    };
  }

  async function decide(input: AgentDecision): Promise<{ signed: true }> {
    const p = current;
    if (!p || p.requestId !== input.requestId) throw gone();
    const { offered } = await p.certificates;
    if (current !== p) throw gone();
    // Checked and set with no await between: two decisions at once never both sign.
    if (p.signing) throw new DojangError('CONFLICT', 'agent.alreadySigning');
    const chosen = offered.get(input.certificateId);
    if (!chosen) throw new DojangError('NOT_FOUND', 'agent.certificateNotOffered');
    p.signing = true;
    p.chosen = chosen;
    const sign = { items: p.items.map((i) => i.bytes), format: p.params.format, detached: p.params.detached, includeR: p.params.includeR };
    let signed: { signedData: Buffer[]; certDer: Buffer; rValue: Buffer | null };
    try {
      if (chosen.entry) {
        if (!input.password) throw new DojangError('INVALID_REQUEST', 'agent.passwordNeeded');
        signed = await signItemsWithKey(chosen.entry, { password: input.password, ...sign }, deps);
      } else {
        if (!input.pin || !chosen.row.cloud) throw new DojangError('INVALID_REQUEST', 'agent.pinNeeded');
        signed = await deps.cloud.signItems({ credentialId: chosen.row.cloud.credentialId, pin: input.pin, ...sign });
      }
    } catch (error) {
      p.lastRefusal = refusalOf(error) ?? p.lastRefusal;
      // A 금융인증서 attempt changes its tries left (or locks it): the window shows the fresh rows.
      if (!chosen.entry && current === p) p.certificates = matchingCertificates(deps, p.params.filter);
      throw error;
    } finally {
      p.signing = false;
    }
    await deps.lastUsed.record(chosen.row.id, deps.now());
    // The page closed or the time ran out while signing: nothing is sent.
    if (current !== p) throw gone();
    if (input.allowSite && p.site === 'unknown') await setSite(p.origin.origin, 'allow');
    p.finish({
      ok: true,
      value: {
        signedData: signed.signedData.map((s) => s.toString('base64url')),
        rValue: signed.rValue ? signed.rValue.toString('base64url') : null,
        certificate: signed.certDer.toString('base64url'),
      },
    });
    return { signed: true };
  }

  /** The user closed the window (or refused the site). */
  async function cancel(input: { requestId: string; denySite?: boolean | undefined }): Promise<{ cancelled: boolean }> {
    const p = current;
    if (!p || p.requestId !== input.requestId) return { cancelled: false };
    if (input.denySite) {
      await setSite(p.origin.origin, 'deny');
      p.finish({ ok: false, code: 'SITE_NOT_ALLOWED' });
      return { cancelled: true };
    }
    const { offered } = await p.certificates.catch(() => ({ offered: new Map<string, OfferedCertificate>() }));
    const rows = [...offered.values()].map((o) => o.row);
    let code: AgentErrorCode = p.lastRefusal ?? 'USER_CANCELLED';
    if (rows.length === 0) code = 'NO_MATCHING_CERTIFICATE';
    else if (!p.lastRefusal && rows.every((r) => r.cloud?.pinLocked)) code = 'LOCKED';
    else if (!p.lastRefusal && rows.every((r) => r.expiry === 'expired' || r.expiry === 'notYetValid')) code = 'CERTIFICATE_EXPIRED';
    p.finish({ ok: false, code });
    return { cancelled: true };
  }

  return {
    handle,
    pending: pendingView,
    decide,
    cancel,
    /** The consent window was closed by the user (its ×): the same as Cancel. */
    cancelPending: async () => (current ? cancel({ requestId: current.requestId }) : { cancelled: false }),
    sites: async () => (await deps.settings.get()).agentSites ?? [],
    setSite,
    audit: (limit: number) => audit.read(limit),
  };
}

export type AgentService = ReturnType<typeof createAgentService>;

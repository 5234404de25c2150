import type { AgentSite, CertificateRow } from '../types.js';

export const AGENT_METHODS = ['agentPending', 'agentDecide', 'agentCancel', 'agentSites', 'agentSetSite', 'agentAudit'] as const;

export type AgentSignType = 'login' | 'transfer' | 'contract' | 'registration' | 'other';

/** One content item as the user is bound by it: a text in full, or a file by name, size and hash. */
export type AgentContentItem = { kind: 'text'; text: string; bytes: number } | { kind: 'binary'; name: string; size: number; sha256: string };

/** What the consent window shows for the one pending web signing request. */
export interface AgentConsentView {
  requestId: string;
  /** As the browser reported it (punycode kept). */
  origin: string;
  /** The same origin with its hostname in Unicode, when that reads differently. */
  originUnicode: string | null;
  /** allowed: on the user's site list; unknown: first time (or not remembered). Denied sites never get here. */
  site: 'allowed' | 'unknown';
  signType: AgentSignType;
  format: 'CMS' | 'PKCS1';
  detached: boolean;
  includeR: boolean;
  encoding: 'UTF-8' | 'EUC-KR';
  items: AgentContentItem[];
  /** Only the certificates that match the page's filter. */
  certificates: CertificateRow[];
  /** Why no 금융인증서 is offered although the filter allows them (not connected, unreachable), or null. */
  cloudNote: 'notConnected' | 'unreachable' | null;
  expiresAt: string;
}

/** One line of the audit log: never the content, a password, a PIN, an R value or a signature. */
export interface AgentAuditEntry {
  time: string;
  origin: string;
  method: 'hello' | 'sign' | null;
  signType: AgentSignType | null;
  format: 'CMS' | 'PKCS1' | null;
  /** SHA-256 (hex) and size of each content item as signed (or as it would have been). */
  items: { sha256: string; size: number }[];
  certificate: { kind: 'npki' | 'cloud'; serialHex: string; subject: string } | null;
  /** signed, answered (hello), or the error code the page got. */
  outcome: string;
}

export interface AgentResults {
  agentPending: { request: AgentConsentView | null };
  agentDecide: { signed: true };
  agentCancel: { cancelled: boolean };
  agentSites: { sites: AgentSite[] };
  agentSetSite: { sites: AgentSite[] };
  agentAudit: { entries: AgentAuditEntry[] };
}

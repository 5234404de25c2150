/**
 * The data shapes that cross the process boundary (results and events). Plain JSON: no Dates,
 * no Buffers, never a secret. main/ maps its own models onto these.
 */

import type { BridgeError } from './errors.js';
import type { Message } from './messages/format.js';

export type HostKind = 'electron' | 'browser';
export type Language = 'ko' | 'en';
export type ExpiryState = 'valid' | 'renewal' | 'expired' | 'notYetValid';
export type LocationKind = 'default' | 'folder' | 'drive' | 'cloud';

export interface AppInfo {
  host: HostKind;
  version: string;
  platform: string;
}

export interface PolicyView {
  oid: string;
  usageKo: string;
  usageEn: string;
  general: boolean;
}

export interface CaView {
  id: string;
  nameKo: string;
  nameEn: string;
  /** Issued by one of the CA's test CAs (a test certificate). */
  test?: boolean;
}

export interface LocationView {
  kind: LocationKind;
  label: string;
  /** The NPKI root (absolute path) the certificate was found under. */
  root: string;
  /** Removable drives: the drive's own name (volume label). */
  driveLabel?: string;
}

export interface CertificateRow {
  id: string;
  kind: 'npki' | 'cloud';
  location: LocationView;
  /** Absolute path of the certificate's DN folder (for local certificates). */
  path: string;
  hasKey: boolean;
  /** Set when the certificate file could not be read (why, as a catalog key); the other fields are then null. */
  damaged: Message | null;
  holder: string | null;
  subject: string | null;
  issuer: string | null;
  ca: CaView | null;
  serialHex: string | null;
  notBefore: string | null;
  notAfter: string | null;
  daysLeft: number | null;
  expiry: ExpiryState | null;
  policyOid: string | null;
  policy: PolicyView | null;
  fingerprintSha256: string | null;
  /** Rows that are copies of one certificate (same issuer and serial) share this key. */
  copyKey: string | null;
  /** When this copy last signed in Dojang (ISO time); null or absent: not since Dojang kept track. */
  lastUsedAt?: string | null;
  /** For 금융인증서 rows: the cloud credential and its PIN state. */
  cloud: { credentialId: string; pinLocked: boolean; triesLeft: number | null; renewalOffered: boolean } | null;
}

export interface LookedRoot {
  /** Names this store as a copy/move/import target (the renderer sends the id, never the path). */
  storeId: string;
  label: string;
  root: string;
  kind: LocationKind;
  present: boolean;
}

export interface CertificateList {
  certificates: CertificateRow[];
  looked: LookedRoot[];
  skipped: { path: string; reason: Message }[];
  scannedAt: string;
}

export interface Settings {
  language: Language;
  folders: string[];
  cloudUrl: string | null;
  notifications: boolean;
  /** Desktop app (Windows, macOS): start hidden at login to show expiry reminders while Dojang is closed. Absent: off. */
  openAtLogin?: boolean;
  /** Light or dark chosen in Settings; absent or 'system': the operating system's setting. */
  theme?: Theme;
  /** Web signing agent: the origins the user allowed or denied (Settings → Web signing). Absent: none. */
  agentSites?: AgentSite[];
  /** Web signing agent, for development only: also accept http://localhost and http://127.0.0.1 pages. Absent: off. */
  agentAllowLoopback?: boolean;
}

/** A site on the web signing agent's list: allow (consent asked without the new-site warning) or deny (refused, nothing shown). */
export interface AgentSite {
  origin: string;
  decision: 'allow' | 'deny';
  since: string;
}

export type Theme = 'system' | 'light' | 'dark';
export const THEMES = ['system', 'light', 'dark'] as const satisfies readonly Theme[];

export interface DriveView {
  id: string;
  label: string;
  mountPoint: string;
}

export interface ChainLink {
  subject: string;
  issuer: string;
  serialHex: string;
  notAfter: string;
  /** ok: signature and validity check out; the others say what is wrong with this link. */
  status: 'ok' | 'expired' | 'notYetValid' | 'badSignature' | 'missingIssuer' | 'untrustedRoot';
  isTrustAnchor: boolean;
  /** Relying-party reports only: where this certificate came from. */
  origin?: LinkOrigin;
  /** Relying-party reports only: this link's revocation check, against its issuer's CRL/ARL or OCSP. */
  revocation?: LinkRevocation;
}

/**
 * signer: the certificate checked; message: carried in the signature; local: the trust list,
 * the intermediate cache or given for this run; directory: fetched from a CA directory over
 * LDAP (used only because it chained to a trusted root); anchor: a trust anchor.
 */
export type LinkOrigin = 'signer' | 'message' | 'local' | 'directory' | 'anchor';

export interface LinkRevocation {
  /** notChecked: a trust anchor, or a link whose issuer is unknown or whose signature failed. */
  status: 'good' | 'revoked' | 'unknown' | 'notChecked';
  /** arl: the issuer's authority revocation list (for a CA certificate). */
  source: 'ocsp' | 'crl' | 'arl' | null;
  /** The OCSP or CRL/ARL address asked (http: or ldap:); null for a CRL file kept locally. */
  url: string | null;
  /** Answered from memory or from a CRL file kept locally rather than asked now. */
  cached: boolean;
  /** What the Verify screen and the CLI say (`checkDetail`); for unknown, every reason (`revocation.unknown {reasons}`). */
  message: Message;
  /** The same as "한국어 (English)" (the JSON's and the demo bank's text). */
  detail: string;
}

/** A copy's private key file as seen without a password: what tells two copies apart. */
export interface KeyFileFacts {
  /** e.g. "seedCBCWithSHA1", "PBES2 (seed-cbc, HMAC-SHA1)"; null when the file does not parse. */
  format: string | null;
  iterations: number | null;
  /** SHA-256 of the file's bytes, first 16 hex digits. */
  fingerprint: string;
  modifiedAt: string | null;
}

export interface CertificateDetails {
  row: CertificateRow;
  subjectCn: string | null;
  keyAlgorithm: string;
  keyBits: number | null;
  signatureAlgorithm: string;
  policies: string[];
  keyUsage: string[];
  crlDistributionPoints: string[];
  ocspUrls: string[];
  vid: { hashAlg: string } | null;
  /** From this certificate up to a trust anchor, as far as it can be built. */
  chain: ChainLink[];
  /** Every place that holds the same certificate (same issuer and serial), this one included. */
  copies: { id: string; location: LocationView; path: string; keyFile: KeyFileFacts | null }[];
  /** The key-management pair (kmCert.der + kmPri.key) next to the signing pair. */
  km: { serialHex: string; notAfter: string; keyUsage: string[] } | null;
}

export interface TransferSummary {
  done: { id: string; path: string }[];
  failed: ({ id: string } & BridgeError)[];
  cancelled: boolean;
  untouched: string[];
}

/** Push events, main → renderer. */
export interface Events {
  drivesChanged: { drives: DriveView[]; added: DriveView[]; removed: DriveView[] };
  /** One per finished item of a bulk operation (copy, move). */
  progress: { operationId: string; finished: number; total: number; item: string; status: 'done' | 'failed'; error: BridgeError | null };
  /** The OS asked the desktop app to open a file (file manager, second launch, menu): Verify for signatures, Import for PFX. */
  openFile: { path: string; kind: 'verify' | 'import' };
  /** A web page asked for a signature: the consent window asks main for it (agentPending). */
  agentRequest: { requestId: string };
  /** That request ended (signed, cancelled, timed out, the page closed): the consent window closes. */
  agentClosed: { requestId: string };
}
export type EventName = keyof Events;
export const EVENT_NAMES = ['drivesChanged', 'progress', 'openFile', 'agentRequest', 'agentClosed'] as const satisfies readonly EventName[];

/**
 * The data shapes that cross the process boundary (results and events). Plain JSON: no Dates,
 * no Buffers, never a secret. main/ maps its own models onto these.
 */

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
}

export interface LocationView {
  kind: LocationKind;
  label: string;
  /** The NPKI root (absolute path) the certificate was found under. */
  root: string;
}

export interface CertificateRow {
  id: string;
  kind: 'npki' | 'cloud';
  location: LocationView;
  /** Absolute path of the certificate's DN folder (for local certificates). */
  path: string;
  hasKey: boolean;
  /** Set when the certificate file could not be read; the other fields are then null. */
  damaged: string | null;
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
}

export interface LookedRoot {
  label: string;
  root: string;
  kind: LocationKind;
  present: boolean;
}

export interface CertificateList {
  certificates: CertificateRow[];
  looked: LookedRoot[];
  skipped: { path: string; reason: string }[];
  scannedAt: string;
}

export interface Settings {
  language: Language;
  folders: string[];
  cloudUrl: string | null;
  notifications: boolean;
}

export interface DriveView {
  id: string;
  label: string;
  mountPoint: string;
}

/** Push events, main → renderer. */
export interface Events {
  drivesChanged: { drives: DriveView[]; added: DriveView[]; removed: DriveView[] };
  progress: { operation: string; done: number; total: number; item: string | null };
}
export type EventName = keyof Events;
export const EVENT_NAMES = ['drivesChanged', 'progress'] as const satisfies readonly EventName[];

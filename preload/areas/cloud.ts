import type { CertificateRow } from '../types.js';
import type { Message } from '../messages/format.js';

export const CLOUD_METHODS = [
  'cloudStatus',
  'cloudConnectStart',
  'cloudConnectVerify',
  'cloudDisconnect',
  'cloudCertificates',
  'cloudIssue',
  'cloudSign',
  'cloudRenew',
  'cloudDevices',
  'cloudRevokeDevice',
  'cloudUnlockStart',
  'cloudUnlockFinish',
] as const;

export interface CloudStatus {
  url: string;
  reachable: boolean;
  connected: boolean;
  /** Whether this device is remembered (auto-connect token in the OS keychain). */
  remembered: boolean;
  person: { name: string } | null;
  /** 'unavailable': no usable OS keychain; Dojang then asks to connect every time (never a plaintext fallback). */
  keychain: 'available' | 'unavailable';
  keychainMessage: Message | null;
  deviceId: string | null;
}

export interface CloudDevice {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  current: boolean;
}

/**
 * A connect answer: connected, or the limit of remembered devices was reached and the person
 * chooses one to replace (then sends the same code again with replaceDeviceId).
 */
export type CloudConnectResult = { connected: true; status: CloudStatus } | { connected: false; deviceLimit: CloudDevice[] };

export interface CloudResults {
  cloudStatus: CloudStatus;
  /** The SMS code went out; in the local development service it is in the outbox file named here. */
  cloudConnectStart: { requestId: string; expiresAt: string; devOutbox: string | null };
  cloudConnectVerify: CloudConnectResult;
  cloudDisconnect: CloudStatus;
  cloudCertificates: CertificateRow[];
  cloudIssue: CertificateRow;
  cloudSign: { cmsBase64: string; outPath: string | null; renewalOffered: boolean; rValueBase64: string | null };
  cloudRenew: CertificateRow;
  cloudDevices: { devices: CloudDevice[] };
  cloudRevokeDevice: { devices: CloudDevice[] };
  cloudUnlockStart: { requestId: string; expiresAt: string; devOutbox: string | null };
  cloudUnlockFinish: CertificateRow;
}

/**
 * The app's 금융인증서 session: which cloud, whether this device is connected (and remembered in
 * the OS keychain), and every flow of the cloud area (connect, list, sign, renew, devices,
 * unlock/reissue, disconnect). One instance per app; the bridge handlers call it.
 *
 * The auto-connect token lives only in memory and in the OS keychain. A token the cloud no
 * longer accepts (revoked from another device) drops the session and its keychain entry: the
 * app then asks to connect again.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import type { CloudConnectResult, CloudDevice, CloudStatus } from '../../preload/areas/cloud.js';
import type { CertificateRow } from '../../preload/types.js';
import { DojangError } from '../../common/errors.js';
import type { Logger } from '../core/log.js';
import { CloudApi, type CredentialInfo } from './api.js';
import { BindingStore } from './binding.js';
import { CloudApiError, notConnected } from './errors.js';
import type { KeyStore } from './keystore.js';
import { cloudRow } from './rows.js';
import { signItemsWithCloud, signWithCloud, type CloudItemsRequest, type CloudSignRequest, type CloudSignResult } from './sign.js';

/** Where the cloud is. `identity` names it in the keychain: the normalized URL, or local:<folder> for the embedded one. */
export interface CloudEndpoint {
  url: string;
  identity: string;
  /** The development SMS outbox file, when the app runs the cloud itself. */
  devOutbox: string | null;
}

export interface CloudServiceOptions {
  /** The cloud to use now (settings.cloudUrl, else the embedded one); null: none configured. */
  endpoint: () => Promise<CloudEndpoint | null>;
  keys: KeyStore;
  log: Logger;
  now: () => Date;
  deviceName?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
}

interface Session {
  identity: string;
  personKey: string;
  personName: string;
  deviceId: string;
  token: string;
  remembered: boolean;
}

interface PendingConnect {
  identity: string;
  personKey: string;
  personName: string;
  at: number;
}

const PENDING_TTL_MS = 15 * 60_000;
/** A keychain account no binding can have (bindings are "<cloud>|<person key>"). */
const WRITE_CHECK_ACCOUNT = 'write-check';

/** An opaque per-person key for the keychain account: nothing readable about the person. */
export function personKeyOf(name: string, mobile: string, birthDate: string): string {
  return createHash('sha256')
    .update(`dojang-person\0${name.trim()}\0${mobile.replace(/-/g, '')}\0${birthDate}`)
    .digest('hex')
    .slice(0, 32);
}

export function defaultDeviceName(): string {
  return `Dojang (${os.hostname() || os.platform()})`.slice(0, 64);
}

function cannotRemember(why: string): DojangError {
  return new DojangError(
    'KEYCHAIN_UNAVAILABLE',
    '이 컴퓨터의 키체인을 쓸 수 없어 이 기기를 기억할 수 없습니다. 기기는 등록되지 않았습니다. "이 기기 기억하기"를 끄고 이번만 연결하세요. / ' +
      'This computer’s keychain cannot be used, so this device cannot be remembered. No device was registered: turn off "remember this device" and connect this time only.',
    { why },
  );
}

function noCloud(): DojangError {
  return new DojangError(
    'CLOUD_UNREACHABLE',
    '금융인증서 클라우드 주소가 설정되어 있지 않습니다. 설정에서 클라우드 주소를 입력하세요. / No 금융인증서 cloud is configured: set the cloud URL in the settings.',
  );
}

export class CloudService {
  private readonly bindings: BindingStore;
  private readonly deviceName: string;
  private api: CloudApi | null = null;
  private session: Session | null = null;
  private loadedIdentity: string | null = null;
  private loading: Promise<void> | null = null;
  private readonly pending = new Map<string, PendingConnect>();
  /** The last keychain write failure (cleared by a successful write). */
  private keychainError: string | null = null;

  constructor(private readonly opts: CloudServiceOptions) {
    this.bindings = new BindingStore(opts.keys);
    this.deviceName = opts.deviceName ?? defaultDeviceName();
  }

  // ------------------------------------------------------------ plumbing

  private apiFor(url: string): CloudApi {
    if (this.api?.baseUrl !== url) {
      this.api = new CloudApi({
        baseUrl: url,
        log: this.opts.log,
        now: this.opts.now,
        ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
        ...(this.opts.timeoutMs !== undefined ? { timeoutMs: this.opts.timeoutMs } : {}),
        ...(this.opts.retries !== undefined ? { retries: this.opts.retries } : {}),
        ...(this.opts.backoffMs !== undefined ? { backoffMs: this.opts.backoffMs } : {}),
      });
    }
    return this.api;
  }

  /** The endpoint and its API; on a change of cloud, the remembered binding of the new one (auto-connect). */
  private async ready(known?: CloudEndpoint): Promise<{ endpoint: CloudEndpoint; api: CloudApi }> {
    const endpoint = known ?? (await this.opts.endpoint());
    if (!endpoint) throw noCloud();
    const api = this.apiFor(endpoint.url);
    while (this.loadedIdentity !== endpoint.identity) {
      this.loading ??= this.loadBinding(endpoint.identity).finally(() => (this.loading = null));
      await this.loading;
    }
    return { endpoint, api };
  }

  private async loadBinding(identity: string): Promise<void> {
    this.session = null;
    try {
      const b = await this.bindings.load(identity);
      if (b) this.session = { identity, personKey: b.personKey, personName: b.personName, deviceId: b.deviceId, token: b.token, remembered: true };
    } catch (e) {
      // No keychain: nothing is remembered; status() says why.
      this.opts.log.warn('could not read the keychain', { code: (e as DojangError).code });
    }
    this.loadedIdentity = identity;
  }

  private async connected(): Promise<{ endpoint: CloudEndpoint; api: CloudApi; session: Session }> {
    const { endpoint, api } = await this.ready();
    if (!this.session) throw notConnected();
    return { endpoint, api, session: this.session };
  }

  /** Runs a call with the device token; a token the cloud refuses ends the session. */
  private async authed<T>(fn: (api: CloudApi, session: Session, endpoint: CloudEndpoint) => Promise<T>): Promise<T> {
    const { endpoint, api, session } = await this.connected();
    try {
      return await fn(api, session, endpoint);
    } catch (e) {
      if (e instanceof CloudApiError && e.cloudCode === 'UNAUTHORIZED') await this.forget(session);
      throw e;
    }
  }

  /** Why the keychain cannot keep a binding now (a write and delete of a check entry), or null. */
  private async keychainWriteError(): Promise<string | null> {
    try {
      await this.opts.keys.set(WRITE_CHECK_ACCOUNT, 'check');
      await this.opts.keys.delete(WRITE_CHECK_ACCOUNT);
      return null;
    } catch (e) {
      return e instanceof DojangError ? e.message : String(e);
    }
  }

  /** Drops a session the cloud no longer knows, and its keychain entry. */
  private async forget(session: Session): Promise<void> {
    if (this.session === session) this.session = null;
    this.opts.log.info('the cloud no longer accepts this device: connect again', { remembered: session.remembered });
    if (session.remembered) await this.bindings.remove(session.identity, session.personKey).catch(() => false);
  }

  private expiresAt(seconds: number): string {
    // The local clock plus the cloud's duration: right whatever the skew between the two.
    return new Date(this.opts.now().getTime() + seconds * 1000).toISOString();
  }

  private row(api: CloudApi, info: CredentialInfo): CertificateRow {
    return cloudRow(
      {
        credentialId: info.credentialID,
        certDer: Buffer.from(info.cert.certificates[0]!, 'base64'),
        cloudUrl: api.baseUrl,
        pinLocked: info.PIN.status === 'locked',
        triesLeft: info.PIN.triesLeft,
        renewalOffered: info.renewal.due,
      },
      api.transport.cloudNow(),
    );
  }

  // ------------------------------------------------------------ status and connection

  /** The configured cloud's address and the root it publishes (GET /v1/ca), for a relying party to pin; null when none is configured. */
  async caRoot(): Promise<{ url: string; rootDer: Buffer } | null> {
    const endpoint = await this.opts.endpoint();
    if (!endpoint) return null;
    const api = this.apiFor(endpoint.url);
    return { url: api.baseUrl, rootDer: Buffer.from((await api.ca()).root, 'base64') };
  }

  async status(): Promise<CloudStatus> {
    const probe = await this.opts.keys.probe();
    const keychain = probe.available && !this.keychainError ? 'available' : 'unavailable';
    const keychainMessage = probe.available ? this.keychainError : probe.message;
    const endpoint = await this.opts.endpoint().catch((e: unknown) => {
      this.opts.log.error('the cloud could not be reached or started', { error: e instanceof Error ? e.message : String(e) });
      return null;
    });
    if (!endpoint) {
      return { url: '', reachable: false, connected: false, remembered: false, person: null, keychain, keychainMessage, deviceId: null };
    }
    const { api } = await this.ready(endpoint);
    let reachable = true;
    try {
      await api.health();
      // A remembered token may have been revoked from another device: find out now, not at the first signature.
      const session = this.session;
      if (session)
        await this.authed((a, s) => a.devices(s.token)).catch((e: unknown) => {
          if (!(e instanceof CloudApiError)) throw e;
        });
    } catch (e) {
      if (!(e instanceof DojangError) || e.code !== 'CLOUD_UNREACHABLE') throw e;
      reachable = false;
    }
    const s = this.session;
    return {
      url: api.baseUrl,
      reachable,
      connected: s !== null,
      remembered: s?.remembered ?? false,
      person: s ? { name: s.personName } : null,
      keychain,
      keychainMessage,
      deviceId: s?.deviceId ?? null,
    };
  }

  async connectStart(input: { name: string; mobile: string; birthDate: string }) {
    const { endpoint, api } = await this.ready();
    const name = input.name.trim();
    const challenge = await api.connectRequest({ name, mobile: input.mobile, birthDate: input.birthDate });
    const now = this.opts.now().getTime();
    for (const [id, p] of this.pending) if (now - p.at > PENDING_TTL_MS) this.pending.delete(id);
    this.pending.set(challenge.challengeID, {
      identity: endpoint.identity,
      personKey: personKeyOf(name, input.mobile, input.birthDate),
      personName: name,
      at: now,
    });
    return { requestId: challenge.challengeID, expiresAt: this.expiresAt(challenge.expiresIn), devOutbox: endpoint.devOutbox };
  }

  /**
   * Checks the SMS code. `remember` (자동연결) registers this device at the cloud, bound to the OS
   * keychain; otherwise it is a one-time connection that registers no device and counts toward no
   * limit (the cloud ends it within the hour; a restart forgets it). At the limit of remembered
   * devices the answer lists them: the person picks one to replace and sends the same code again.
   */
  async connectVerify(input: { requestId: string; code: string; remember: boolean; replaceDeviceId?: string | undefined }): Promise<CloudConnectResult> {
    const { endpoint, api } = await this.ready();
    const pending = this.pending.get(input.requestId);
    if (!pending || pending.identity !== endpoint.identity) {
      throw new DojangError('CODE_EXPIRED', '인증 요청을 찾을 수 없습니다. 인증번호를 새로 요청하세요. / This verification is unknown: request a new code.');
    }
    let remember = input.remember;
    if (remember) {
      // Before the code is spent: without a keychain nothing could be remembered, so this becomes a
      // one-time connection (no device left behind) and the status says why.
      const why = await this.keychainWriteError();
      if (why) {
        remember = false;
        this.keychainError = why;
      }
    }
    let device;
    try {
      device = await api.connectVerify({
        challengeID: input.requestId,
        code: input.code,
        deviceName: this.deviceName,
        autoConnect: remember,
        ...(remember && input.replaceDeviceId ? { replaceDeviceID: input.replaceDeviceId } : {}),
      });
    } catch (e) {
      if (e instanceof CloudApiError && e.cloudCode === 'DEVICE_LIMIT' && e.limitDevices) {
        return { connected: false, deviceLimit: e.limitDevices.map((d) => ({ id: d.deviceID, name: d.name, createdAt: d.lastUsedAt, lastUsedAt: d.lastUsedAt, current: false })) };
      }
      throw e;
    }
    this.pending.delete(input.requestId);
    const previous = this.session;
    const session: Session = {
      identity: endpoint.identity,
      personKey: pending.personKey,
      personName: pending.personName,
      deviceId: device.deviceID,
      token: device.token,
      remembered: false,
    };
    if (remember) {
      try {
        await this.bindings.save(
          endpoint.identity,
          { personKey: session.personKey, personName: session.personName, deviceId: session.deviceId, token: session.token },
          this.opts.now(),
        );
        session.remembered = true;
        this.keychainError = null;
      } catch (e) {
        // Never leave a device behind that nothing remembers: give its slot back, then say why.
        await api.revokeDevice(device.token, device.deviceID).catch(() => undefined);
        this.keychainError = e instanceof DojangError ? e.message : String(e);
        this.opts.log.warn('could not remember this device in the keychain', { code: (e as DojangError).code });
        throw cannotRemember(this.keychainError);
      }
    }
    this.session = session;
    if (previous && previous.deviceId !== session.deviceId) {
      // Reconnecting over an older connection: free its device slot and keychain entry.
      await api.revokeDevice(previous.token, previous.deviceId).catch(() => undefined);
      if (previous.remembered && previous.personKey !== session.personKey) await this.bindings.remove(previous.identity, previous.personKey).catch(() => false);
    }
    if (!remember) {
      // "Do not remember": an entry from an earlier connection of this person must not linger.
      await this.bindings.remove(endpoint.identity, session.personKey).catch(() => false);
    }
    return { connected: true, status: await this.status() };
  }

  /** Disconnects this device: the cloud revokes its token, and the keychain entry goes. */
  async disconnect(): Promise<CloudStatus> {
    const { api, session } = await this.connected();
    try {
      await api.revokeDevice(session.token, session.deviceId);
    } catch (e) {
      // Already revoked elsewhere: the result the user asked for.
      if (!(e instanceof CloudApiError && (e.cloudCode === 'UNAUTHORIZED' || e.cloudCode === 'NOT_FOUND'))) throw e;
    }
    if (this.session === session) this.session = null;
    try {
      await this.bindings.remove(session.identity, session.personKey);
    } catch (e) {
      // The token is already dead at the cloud; a stale entry is dropped at the next start.
      if (session.remembered) this.keychainError = e instanceof DojangError ? e.message : String(e);
    }
    return this.status();
  }

  // ------------------------------------------------------------ certificates

  /** The connected person's cloud certificates; [] when this device is not connected. */
  async certificates(): Promise<CertificateRow[]> {
    const endpoint = await this.opts.endpoint();
    if (!endpoint) return [];
    await this.ready(endpoint);
    if (!this.session) return [];
    return this.authed(async (api, s) => {
      const { credentialIDs } = await api.list(s.token);
      const infos = await Promise.all(credentialIDs.map((id) => api.info(s.token, id)));
      return infos.map((info) => this.row(api, info));
    });
  }

  /** Issues with the bank's refNum / authCode. Connecting the device is a separate step (SMS). */
  async issue(input: { refNum: string; authCode: string; pin: string }): Promise<CertificateRow> {
    const { api } = await this.ready();
    const issued = await api.issue({ refNum: input.refNum, authCode: input.authCode, PIN: input.pin });
    if (this.session) {
      const info = await this.authed((a, s) => a.info(s.token, issued.credentialID)).catch(() => null);
      if (info) return this.row(api, info);
    }
    return cloudRow(
      { credentialId: issued.credentialID, certDer: Buffer.from(issued.certificate, 'base64'), cloudUrl: api.baseUrl, pinLocked: false, triesLeft: null, renewalOffered: false },
      api.transport.cloudNow(),
    );
  }

  sign(request: CloudSignRequest): Promise<CloudSignResult> {
    return this.authed((api, s) => signWithCloud(api, s.token, request));
  }

  /** The web signing agent's several items under one PIN (main/agent). */
  signItems(request: CloudItemsRequest) {
    return this.authed((api, s) => signItemsWithCloud(api, s.token, request));
  }

  async renew(input: { credentialId: string; pin: string }): Promise<CertificateRow> {
    return this.authed(async (api, s) => {
      const renewed = await api.renew(s.token, input.credentialId, input.pin);
      return this.row(api, await api.info(s.token, renewed.credentialID));
    });
  }

  // ------------------------------------------------------------ devices

  async devices(): Promise<{ devices: CloudDevice[] }> {
    return this.authed(async (api, s) => {
      const { devices } = await api.devices(s.token);
      return { devices: devices.map((d) => ({ id: d.deviceID, name: d.name, createdAt: d.connectedAt, lastUsedAt: d.lastUsedAt, current: d.deviceID === s.deviceId })) };
    });
  }

  async revokeDevice(input: { deviceId: string }): Promise<{ devices: CloudDevice[] }> {
    const { session } = await this.connected();
    if (input.deviceId === session.deviceId) {
      await this.disconnect();
      return { devices: [] };
    }
    await this.authed((api, s) => api.revokeDevice(s.token, input.deviceId));
    return this.devices();
  }

  // ------------------------------------------------------------ unlock / reissue

  async unlockStart(input: { credentialId: string }) {
    return this.authed(async (api, s, endpoint) => {
      await api.info(s.token, input.credentialId); // NOT_FOUND before an SMS goes out
      const challenge = await api.resetCode(s.token);
      return { requestId: challenge.challengeID, expiresAt: this.expiresAt(challenge.expiresIn), devOutbox: endpoint.devOutbox };
    });
  }

  /** A locked PIN is unlocked; an unlocked one (forgotten PIN) is reissued. Both give a new certificate and PIN. */
  async unlockFinish(input: { credentialId: string; requestId: string; code: string; newPin: string }): Promise<CertificateRow> {
    return this.authed(async (api, s) => {
      const info = await api.info(s.token, input.credentialId);
      const reset = { challengeID: input.requestId, code: input.code, newPIN: input.newPin };
      const locked = info.PIN.status === 'locked' && info.cert.status === 'valid';
      const renewed = locked ? await api.unlock(s.token, { credentialID: input.credentialId, ...reset }) : await api.reissue(s.token, reset);
      return this.row(api, await api.info(s.token, renewed.credentialID));
    });
  }
}

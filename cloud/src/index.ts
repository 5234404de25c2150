/**
 * Dojang Cloud: the 금융인증서-style cloud certificate service, as a library.
 * `startCloud` runs it (the desktop app's tests and `npm run cloud` use it); the admin helpers
 * create RA keys; `raRegister` is the bank side of registration over HTTP.
 */
import path from 'node:path';
import { systemClock, type Clock } from './clock.js';
import { DEFAULT_PIN_COST } from './crypto/pin.js';
import { SignPool } from './crypto/sign-pool.js';
import { ensureDataDir, lockDataDir } from './data-dir.js';
import { openPglite, openPostgres, type Database } from './db/database.js';
import { migrate } from './db/migrations.js';
import { buildApp, type LoggerOptions } from './http/server.js';
import { Keys } from './keys/keys.js';
import { openKeyService } from './keys/open-keys.js';
import type { Pkcs11Config } from './keys/pkcs11-keys.js';
import { KEY_REFRESH_MS, refreshWrapVersion, retireWrapKey, rewrapAll, rotateWrapKey } from './keys/rotation.js';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './rules.js';
import { loadOrCreateCa } from './services/ca-store.js';
import type { Ctx, Log } from './services/context.js';
import { runJobs, type JobReport } from './services/lifecycle.js';
import { createRaKey, revokeRaKey, type RaKey } from './services/ra.js';
import { currentCrl } from './services/revocation.js';
import { SadConsumer } from './services/signing.js';
import { DevOutboxSender, SMS_OUTBOX_FILE, type SmsSender } from './sms.js';

export { ManualClock, systemClock, offsetClock, type Clock } from './clock.js';
export { CloudError, type CloudErrorCode } from './errors.js';
export { readOutbox, type SmsSender, type SmsMessage } from './sms.js';
export { POLICY_OID } from './pki/oids.js';
export { raRegister, type RaRegistration } from './admin.js';

export interface StartCloudOptions {
  dataDir: string;
  /** PostgreSQL URL; without it the embedded PGlite database in <dataDir>/pglite is used. */
  databaseUrl?: string;
  host?: string;
  /** 0 picks a free port. Default 8787. */
  port?: number;
  clock?: Clock;
  /**
   * The HSM that holds the CA keys, the wrapping keys and the pepper (docs/cloud-api.md).
   * Required in production.
   */
  pkcs11?: Pkcs11Config;
  /**
   * Development only, without pkcs11: 32 bytes. Default: env DOJANG_CLOUD_MASTER_KEY, else
   * <dataDir>/master.key (created 0600). Logged as a warning.
   */
  masterKey?: Buffer;
  /** Production refuses the development SMS outbox. Default: NODE_ENV === 'production'. */
  production?: boolean;
  logger?: boolean | LoggerOptions;
  /** Base URL written into certificates (CRL, OCSP). Default: http://<host>:<port>. */
  publicUrl?: string;
  /** An SMS gateway; default: the development outbox (<dataDir>/sms-outbox.log). */
  sms?: SmsSender;
  /** scrypt cost log2(N) for new PINs; default 15. Tests may lower it (never below 10). */
  pinCost?: number;
  limits?: Partial<RateLimits>;
  /** Default 10 s. */
  requestTimeoutMs?: number;
  /** Housekeeping period (dormancy, CRL); default 10 minutes; 0 disables the timer. */
  jobIntervalMs?: number;
  signWorkers?: number;
  /** Addresses (or CIDR ranges) of the reverse proxies whose X-Forwarded-For is believed. */
  trustProxy?: string[];
}

export interface CloudInstance {
  url: string;
  dataDir: string;
  /** The development SMS outbox file. */
  smsOutbox: string;
  database: 'pglite' | 'postgres';
  ca: { rootDer: Buffer; issuingDer: Buffer };
  /** Runs housekeeping now (dormancy, cleanup, CRL). */
  runJobs(): Promise<JobReport>;
  createRaKey(name: string): Promise<RaKey>;
  revokeRaKey(id: string): Promise<boolean>;
  /** Wrapping key rotation, online (keys/rotation.ts). */
  keys: {
    kind: 'pkcs11' | 'file';
    current(): number;
    rotate(): Promise<number>;
    rewrap(): Promise<number>;
    retire(version: number): Promise<void>;
  };
  close(): Promise<void>;
}

async function openDatabase(opts: StartCloudOptions): Promise<{ db: Database; release: () => void }> {
  if (opts.databaseUrl) return { db: await openPostgres(opts.databaseUrl), release: () => {} };
  const release = lockDataDir(opts.dataDir);
  try {
    return { db: await openPglite(path.join(opts.dataDir, 'pglite')), release };
  } catch (e) {
    release();
    throw e;
  }
}

const noLog: Log = { info() {}, warn() {}, error() {} };

export async function startCloud(opts: StartCloudOptions): Promise<CloudInstance> {
  const production = opts.production ?? process.env.NODE_ENV === 'production';
  if (production && !opts.sms) {
    throw new Error('Production mode needs an SMS gateway: the development outbox (sms-outbox.log) is refused in production.');
  }
  const pinCost = opts.pinCost ?? DEFAULT_PIN_COST;
  if (pinCost < 10 || pinCost > 20 || (production && pinCost < DEFAULT_PIN_COST)) throw new Error(`pinCost ${pinCost} is out of range.`);
  ensureDataDir(opts.dataDir);
  const { service, warning } = openKeyService(opts, production);
  const keys = new Keys(service, 1);
  const clock = opts.clock ?? systemClock;
  let db: Database | undefined;
  let release = (): void => {};
  let pool: SignPool | undefined;
  try {
    ({ db, release } = await openDatabase(opts));
    const database = db;
    await migrate(db);
    const ca = await loadOrCreateCa(db, keys, clock);
    pool = new SignPool(opts.signWorkers);
    const host = opts.host ?? '127.0.0.1';
    let baseUrl = opts.publicUrl ?? '';
    // The app's logger replaces ctx.log once built; the SMS sender logs through whatever is current.
    const forward: Log = { info: (o, m) => ctx.log.info(o, m), warn: (o, m) => ctx.log.warn(o, m), error: (o, m) => ctx.log.error(o, m) };
    const ctx: Ctx = {
      db,
      clock,
      keys,
      ca,
      pool,
      sms: opts.sms ?? new DevOutboxSender(opts.dataDir, forward),
      log: noLog,
      pinKdf: { log2N: pinCost, r: 8, p: 1 },
      limits: { ...DEFAULT_RATE_LIMITS, ...opts.limits },
      baseUrl: () => baseUrl,
      blocked: new Map(),
      sealedKeys: new Map(),
      onRevoked: () => {
        currentCrl(ctx, true).catch((e: Error) => ctx.log.error({ err: { message: e.message } }, 'CRL reissue failed'));
      },
    };
    const consumer = new SadConsumer(ctx);
    const app = buildApp(ctx, consumer, {
      logger: opts.logger ?? false,
      requestTimeoutMs: opts.requestTimeoutMs ?? 10_000,
      trustProxy: opts.trustProxy ?? [],
    });
    if (warning) {
      // Said even with logging off (npm start's development cloud runs with logger: false).
      if (opts.logger) ctx.log.warn({ keys: service.kind }, warning);
      else process.stderr.write(`dojang cloud: warning: ${warning}\n`);
    }
    await app.listen({ host, port: opts.port ?? 8787 });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : opts.port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    if (!baseUrl) baseUrl = url;
    await currentCrl(ctx);
    // Says which version this instance seals under (a retirement waits for every live instance).
    await refreshWrapVersion(ctx);
    const jobEvery = opts.jobIntervalMs ?? 10 * 60_000;
    const timer = jobEvery > 0 ? setInterval(() => void runJobs(ctx).catch((e: Error) => ctx.log.error({ err: { message: e.message } }, 'jobs failed')), jobEvery) : null;
    timer?.unref();
    const refresh = setInterval(() => void refreshWrapVersion(ctx).catch(() => {}), KEY_REFRESH_MS);
    refresh.unref();
    ctx.log.info({ url, database: db.kind, dataDir: opts.dataDir, production }, 'dojang cloud ready');
    let closed: Promise<void> | undefined;
    const thePool = pool;
    return {
      url,
      dataDir: opts.dataDir,
      smsOutbox: path.join(opts.dataDir, SMS_OUTBOX_FILE),
      database: db.kind,
      ca: { rootDer: ca.rootDer, issuingDer: ca.issuingDer },
      runJobs: () => runJobs(ctx),
      createRaKey: (name) => createRaKey(database, clock, name),
      revokeRaKey: (id) => revokeRaKey(database, clock, id),
      keys: {
        kind: service.kind,
        current: () => keys.current,
        rotate: () => rotateWrapKey(ctx),
        rewrap: () => rewrapAll(ctx),
        retire: (v) => retireWrapKey(ctx, v),
      },
      close() {
        closed ??= (async () => {
          if (timer) clearInterval(timer);
          clearInterval(refresh);
          await app.close();
          await thePool.close();
          await database.close();
          service.close();
          release();
        })();
        return closed;
      },
    };
  } catch (e) {
    await pool?.close();
    await db?.close();
    service.close();
    release();
    throw e;
  }
}

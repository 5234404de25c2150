/** What every service function works with, and the two helpers all of them use: audit and rate limits. */
import type { Clock } from '../clock.js';
import type { PinKdf } from '../crypto/pin.js';
import type { Keys } from '../keys/keys.js';
import type { SignPool } from '../crypto/sign-pool.js';
import type { Database, Queryable } from '../db/database.js';
import { CloudError } from '../errors.js';
import type { CaMaterial } from '../pki/ca.js';
import type { RateLimit, RateLimits } from '../rules.js';
import type { SmsSender } from '../sms.js';

export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface Ctx {
  db: Database;
  clock: Clock;
  keys: Keys;
  ca: CaMaterial;
  pool: SignPool;
  sms: SmsSender;
  log: Log;
  pinKdf: PinKdf;
  limits: RateLimits;
  /** Public base URL written into certificates (CRL / OCSP / caIssuers). */
  baseUrl(): string;
  /** Called after a transaction that revoked something committed. */
  onRevoked(): void;
  /** Rate-limit keys known to be over their limit, until (ms): see rateLimit. */
  blocked: Map<string, number>;
  /** credential id → key_sealed (encrypted; immutable per credential): see signing.ts. */
  sealedKeys: Map<string, Buffer>;
}

export type AuditEvent =
  | 'ra_register'
  | 'issue'
  | 'renew'
  | 'reissue'
  | 'revoke'
  | 'connect_request'
  | 'connect'
  | 'reset_request'
  | 'device_add'
  | 'device_revoke'
  | 'authorize'
  | 'sign'
  | 'lock'
  | 'unlock'
  | 'delete';

export interface AuditEntry {
  event: AuditEvent;
  /** 'ok' or an error code. */
  outcome: string;
  personId?: string | null;
  credentialId?: string | null;
  deviceId?: string | null;
  raId?: string | null;
  /** Non-secret facts only: never a PIN, code, token or IDN. */
  detail?: Record<string, unknown>;
}

export async function audit(q: Queryable, at: Date, e: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (at, event, outcome, person_id, credential_id, device_id, ra_id, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [at, e.event, e.outcome, e.personId ?? null, e.credentialId ?? null, e.deviceId ?? null, e.raId ?? null, JSON.stringify(e.detail ?? {})],
  );
}

/**
 * Fixed-window counter kept in the database, so every instance counts the same events.
 * Throws RATE_LIMITED with the seconds until the window ends.
 *
 * Once the database says a key is over its limit, this instance also remembers it until the
 * window ends (ctx.blocked) and refuses further hits without touching the database: a flood
 * then costs a map lookup, not a write. That memory only repeats what the database decided.
 */
export async function rateLimit(ctx: Ctx, key: string, rule: RateLimit): Promise<void> {
  const now = ctx.clock.now();
  const until = ctx.blocked.get(key);
  if (until !== undefined) {
    if (until > now.getTime()) throw rateLimited(until, now);
    ctx.blocked.delete(key);
  }
  const [row] = await ctx.db.query<{ count: number; window_start: Date }>(
    `INSERT INTO rate_counters (key, window_start, count) VALUES ($1, $2, 1)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN rate_counters.window_start <= $3 THEN 1 ELSE rate_counters.count + 1 END,
       window_start = CASE WHEN rate_counters.window_start <= $3 THEN $2 ELSE rate_counters.window_start END
     RETURNING count, window_start`,
    [key, now, new Date(now.getTime() - rule.windowMs)],
  );
  if (row && row.count > rule.limit) {
    const end = row.window_start.getTime() + rule.windowMs;
    if (ctx.blocked.size >= MAX_BLOCKED) {
      for (const [k, t] of ctx.blocked) if (t <= now.getTime()) ctx.blocked.delete(k);
      if (ctx.blocked.size >= MAX_BLOCKED) ctx.blocked.clear();
    }
    ctx.blocked.set(key, end);
    throw rateLimited(end, now);
  }
}

const MAX_BLOCKED = 100_000;

function rateLimited(until: number, now: Date): CloudError {
  const retryAfter = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  return new CloudError('RATE_LIMITED', `Too many attempts. Try again in ${retryAfter} seconds.`, { retryAfter });
}

/**
 * Runs a state change; when it fails with an expected error (its transaction rolled back),
 * records the failed attempt in the audit log before passing the error on.
 */
export async function auditFailure<T>(ctx: Ctx, e: Omit<AuditEntry, 'outcome'>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CloudError) await audit(ctx.db, ctx.clock.now(), { ...e, outcome: err.code });
    throw err;
  }
}

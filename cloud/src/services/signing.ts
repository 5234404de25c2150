/**
 * signatures/signHash and the CMS endpoint. A SAD is consumed by one conditional UPDATE that
 * checks everything at once — the token, its device (not revoked), its credential (active, in
 * validity, not locked), unused, unexpired, and that every requested hash is one it covers —
 * and writes the audit entry in the same statement. ("Last used", for dormancy, was written by
 * the authorize that made the SAD, minutes earlier at most.) Concurrent requests are batched into one
 * such statement (the service's hot path is one database round trip per batch, not per
 * request); a replayed SAD can match at most once, because the row is updated once.
 * Requests that match nothing are diagnosed one by one for a specific error.
 */
import { createHash } from 'node:crypto';
import { signCms } from '../../../common/pki/cms.js';
import { sha256DigestInfo, SignKeyError } from '../crypto/sign-pool.js';
import { tokenHash } from '../crypto/tokens.js';
import { sadDataKey } from '../crypto/user-keys.js';
import { CloudError } from '../errors.js';
import { signCmsOverDigest } from '../pki/cms-digest.js';
import { RULES } from '../rules.js';
import { audit, type Ctx } from './context.js';
import { assertUsable, decodeHashes, renewalInfo, type RenewalInfo } from './credentials.js';

interface ConsumeRequest {
  deviceToken: string;
  sad: string;
  credentialId: string;
  hashes: string[];
}

interface Consumed {
  credentialId: string;
  personId: string;
  deviceId: string;
  keyWrap: Buffer;
  notAfter: Date;
}

interface Waiting {
  req: ConsumeRequest;
  resolve: (c: Consumed | null) => void;
  reject: (e: unknown) => void;
}

const MAX_BATCH = 128;
/** A held batch starts anyway once this many requests wait. */
const HOLD_MAX = 32;

const CONSUME_SQL = `
WITH req AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[]) WITH ORDINALITY AS r(sad_hash, device_hash, credential_id, hashes, idx)
), sad AS (
  UPDATE sads s SET used_at = $5
  FROM req r, credentials c, devices d
  WHERE s.token_hash = r.sad_hash AND s.used_at IS NULL AND s.expires_at > $5 AND s.credential_id = r.credential_id
    AND c.id = s.credential_id AND c.status = 'active' AND c.not_before <= $5 AND c.not_after > $5 AND c.pin_fails < $6
    AND d.id = s.device_id AND d.token_hash = r.device_hash AND d.revoked_at IS NULL AND (d.expires_at IS NULL OR d.expires_at > $5)
    AND s.hashes @> string_to_array(r.hashes, ',')
    AND s.num_signatures >= cardinality(string_to_array(r.hashes, ','))
  RETURNING r.idx, s.token_hash, s.key_wrap, s.credential_id, c.person_id, c.not_after, d.id AS device_id,
    cardinality(string_to_array(r.hashes, ',')) AS n
), aud AS (
  INSERT INTO audit_log (at, event, outcome, person_id, credential_id, device_id, detail)
  SELECT $5, 'sign', 'ok', person_id, credential_id, device_id, jsonb_build_object('sad', left(token_hash, 16), 'count', n) FROM sad
)
SELECT idx, key_wrap, credential_id, person_id, not_after, device_id FROM sad`;

/**
 * Batches concurrent SAD consumptions into one statement. A batch starts from setImmediate,
 * i.e. after the event loop has read every request that arrived meanwhile: PGlite runs queries
 * synchronously on this thread, so requests pile up in the sockets while a batch runs and are
 * all taken by the next one. Under load the batches grow without a timer: a batch is consumed
 * while the previous one signs, and the one after is held while the sign pool holds those two
 * (SignPool.busy), unless HOLD_MAX requests wait; one request alone on an idle service goes at
 * once. The statement's cost is mostly fixed per batch, and so are the messages to the workers.
 */
export class SadConsumer {
  private queue: Waiting[] = [];
  private scheduled = false;
  private running = false;
  private held = false;

  constructor(private readonly ctx: Ctx) {}

  consume(req: ConsumeRequest): Promise<Consumed | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      if (!this.held || this.queue.length >= HOLD_MAX) this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    if (this.running || !this.queue.length) return;
    if (this.queue.length < HOLD_MAX && this.ctx.pool.busy) {
      if (!this.held) {
        this.held = true;
        this.ctx.pool.onIdle(() => {
          this.held = false;
          this.schedule();
        });
      }
      return;
    }
    this.running = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    const batch = this.queue.splice(0, MAX_BATCH);
    try {
      const rows = await this.run(batch.map((w) => w.req));
      batch.forEach((w, i) => w.resolve(rows.get(i + 1) ?? null));
    } catch (e) {
      for (const w of batch) w.reject(e);
    } finally {
      this.running = false;
      if (this.queue.length) this.schedule();
    }
  }

  private async run(reqs: ConsumeRequest[]): Promise<Map<number, Consumed>> {
    const now = this.ctx.clock.now();
    const rows = await this.ctx.db.query<{
      idx: number;
      key_wrap: Buffer;
      credential_id: string;
      person_id: string;
      not_after: Date;
      device_id: string;
    }>(
      CONSUME_SQL,
      [
        reqs.map((r) => tokenHash(r.sad)),
        reqs.map((r) => tokenHash(r.deviceToken)),
        reqs.map((r) => r.credentialId),
        reqs.map((r) => r.hashes.join(',')),
        now,
        RULES.maxPinFailures,
      ],
      'sad-consume',
    );
    return new Map(
      rows.map((r) => [
        Number(r.idx),
        {
          credentialId: r.credential_id,
          personId: r.person_id,
          deviceId: r.device_id,
          keyWrap: r.key_wrap,
          notAfter: r.not_after,
        },
      ]),
    );
  }
}

/** Why a SAD did not match: the specific error, audited. */
async function diagnose(ctx: Ctx, req: ConsumeRequest): Promise<CloudError> {
  const now = ctx.clock.now();
  const [device] = await ctx.db.query<{ id: string; person_id: string }>(
    'SELECT id, person_id FROM devices WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)',
    [tokenHash(req.deviceToken), now],
  );
  if (!device) return new CloudError('UNAUTHORIZED', 'This device is not connected to the cloud (or was disconnected). Connect it again with an SMS code.');
  const [s] = await ctx.db.query<{
    device_id: string;
    credential_id: string;
    used_at: Date | null;
    expires_at: Date;
    hashes: string[];
    num_signatures: number;
    status: 'active' | 'revoked';
    not_before: Date;
    not_after: Date;
    pin_fails: number;
  }>(
    `SELECT s.device_id, s.credential_id, s.used_at, s.expires_at, s.hashes, s.num_signatures, c.status, c.not_before, c.not_after, c.pin_fails
     FROM sads s JOIN credentials c ON c.id = s.credential_id WHERE s.token_hash = $1`,
    [tokenHash(req.sad)],
  );
  let err: CloudError;
  if (!s || s.device_id !== device.id || s.credential_id !== req.credentialId) {
    err = new CloudError('SAD_INVALID', 'This SAD is unknown, or was issued to another device or credential. Authorize again.');
  } else if (s.used_at) {
    err = new CloudError('SAD_REPLAYED', 'This SAD was already used. Each authorization signs once: authorize again.');
  } else if (s.expires_at.getTime() <= now.getTime()) {
    err = new CloudError('SAD_INVALID', 'This SAD has expired. Authorize again.');
  } else {
    try {
      assertUsable(s, now);
      const covered = new Set(s.hashes);
      err =
        req.hashes.every((h) => covered.has(h)) && req.hashes.length <= s.num_signatures
          ? new CloudError('SAD_REPLAYED', 'This SAD was used by a concurrent request. Authorize again.')
          : new CloudError('HASH_NOT_AUTHORIZED', 'A hash in this request was not authorized by the SAD. Authorize exactly the hashes you sign.');
    } catch (e) {
      err = e as CloudError;
    }
  }
  await audit(ctx.db, now, {
    event: 'sign',
    outcome: err.code,
    personId: device.person_id,
    deviceId: device.id,
    credentialId: s && s.device_id === device.id ? s.credential_id : null,
    detail: { sad: tokenHash(req.sad).slice(0, 16) },
  });
  return err;
}

async function consumeOrThrow(ctx: Ctx, consumer: SadConsumer, req: ConsumeRequest): Promise<Consumed> {
  const c = await consumer.consume(req);
  if (!c) throw await diagnose(ctx, req);
  return c;
}

/**
 * The sealed private key of a credential. A credential's key_sealed never changes (it is only
 * wiped on revocation, and the SAD check already required an active credential), so the
 * encrypted blob is cached here: it opens only with the master key and a live SAD token.
 */
const SEALED_CACHE_MAX = 10_000;
async function sealedKey(ctx: Ctx, credentialId: string): Promise<Buffer | null> {
  const hit = ctx.sealedKeys.get(credentialId);
  if (hit) return hit;
  const [row] = await ctx.db.query<{ key_sealed: Buffer | null }>('SELECT key_sealed FROM credentials WHERE id = $1', [credentialId]);
  if (!row?.key_sealed) return null;
  if (ctx.sealedKeys.size >= SEALED_CACHE_MAX) ctx.sealedKeys.delete(ctx.sealedKeys.keys().next().value!);
  ctx.sealedKeys.set(credentialId, row.key_sealed);
  return row.key_sealed;
}

async function signDigests(ctx: Ctx, c: Consumed, sad: string, digests: Buffer[]): Promise<Buffer[]> {
  const keySealed = await sealedKey(ctx, c.credentialId);
  let dk: Buffer | SignKeyError;
  try {
    dk = sadDataKey(c.credentialId, c.keyWrap, sad, ctx.keys);
  } catch (e) {
    dk = new SignKeyError(`the data key did not unwrap (${(e as Error).message})`);
  }
  const [res] =
    keySealed && !(dk instanceof SignKeyError)
      ? await ctx.pool.signAll([{ credentialId: c.credentialId, dk, keySealed, digestInfos: digests.map(sha256DigestInfo) }])
      : [dk instanceof SignKeyError ? dk : new SignKeyError('the key was deleted (revoked meanwhile)')];
  if (!(dk instanceof SignKeyError)) dk.fill(0);
  if (!res || res instanceof SignKeyError) {
    ctx.log.error({ credentialId: c.credentialId, reason: res?.message }, 'signing failed after the SAD was consumed');
    await audit(ctx.db, ctx.clock.now(), { event: 'sign', outcome: 'INTERNAL', personId: c.personId, credentialId: c.credentialId, deviceId: c.deviceId });
    throw new CloudError('INTERNAL', 'The signature could not be made. Authorize again; if it keeps failing, reissue the certificate.');
  }
  return res;
}

export interface SignHashInput {
  credentialID: string;
  SAD: string;
  hash: string[];
  includeR?: boolean | undefined;
}

export interface SignHashResult {
  signatures: string[];
  rValue?: string;
  renewal: RenewalInfo;
}

async function rValue(ctx: Ctx, credentialId: string): Promise<string> {
  const [r] = await ctx.db.query<{ random_num: Buffer | null }>('SELECT random_num FROM credentials WHERE id = $1', [credentialId]);
  if (!r?.random_num) throw new CloudError('CERT_REVOKED', 'This certificate was deleted meanwhile.');
  return r.random_num.toString('base64');
}

export async function signHash(ctx: Ctx, consumer: SadConsumer, deviceToken: string, input: SignHashInput): Promise<SignHashResult> {
  const hashes = decodeHashes(input.hash);
  const c = await consumeOrThrow(ctx, consumer, { deviceToken, sad: input.SAD, credentialId: input.credentialID, hashes });
  const sigs = await signDigests(
    ctx,
    c,
    input.SAD,
    hashes.map((h) => Buffer.from(h, 'hex')),
  );
  return {
    signatures: sigs.map((s) => s.toString('base64')),
    ...(input.includeR ? { rValue: await rValue(ctx, c.credentialId) } : {}),
    renewal: renewalInfo(c.notAfter, ctx.clock.now()),
  };
}

export interface SignCmsInput {
  credentialID: string;
  SAD: string;
  /** base64 content, or */
  content?: string | undefined;
  /** base64 SHA-256 of content the client keeps (the SignedData is then detached). */
  hash?: string | undefined;
  detached?: boolean | undefined;
  includeR?: boolean | undefined;
}

export interface SignCmsResult {
  cms: string;
  signingTime: string;
  certificate: string;
  rValue?: string;
  renewal: RenewalInfo;
}

export async function signCmsRequest(ctx: Ctx, consumer: SadConsumer, deviceToken: string, input: SignCmsInput): Promise<SignCmsResult> {
  if ((input.content === undefined) === (input.hash === undefined)) {
    throw new CloudError('INVALID_REQUEST', 'Give either content or hash (not both).');
  }
  const content = input.content !== undefined ? Buffer.from(input.content, 'base64') : null;
  const digestHex = content ? createHash('sha256').update(content).digest('hex') : decodeHashes([input.hash!])[0]!;
  const c = await consumeOrThrow(ctx, consumer, { deviceToken, sad: input.SAD, credentialId: input.credentialID, hashes: [digestHex] });
  const [cred] = await ctx.db.query<{ cert_der: Buffer; random_num: Buffer }>('SELECT cert_der, random_num FROM credentials WHERE id = $1', [c.credentialId]);
  if (!cred) throw new CloudError('CERT_REVOKED', 'This certificate was deleted meanwhile.');
  const signingTime = new Date(Math.floor(ctx.clock.now().getTime() / 1000) * 1000);
  const signer = async (data: Buffer): Promise<Buffer> => {
    const [sig] = await signDigests(ctx, c, input.SAD, [createHash('sha256').update(data).digest()]);
    return sig!;
  };
  const chainDer = [ctx.ca.issuingDer, ctx.ca.rootDer];
  const cms = content
    ? await signCms({ content, detached: input.detached ?? false, certDer: cred.cert_der, chainDer, signer, signingTime })
    : await signCmsOverDigest({ digest: Buffer.from(digestHex, 'hex'), certDer: cred.cert_der, chainDer, signer, signingTime });
  return {
    cms: cms.toString('base64'),
    signingTime: signingTime.toISOString(),
    certificate: cred.cert_der.toString('base64'),
    ...(input.includeR ? { rValue: cred.random_num.toString('base64') } : {}),
    renewal: renewalInfo(c.notAfter, ctx.clock.now()),
  };
}

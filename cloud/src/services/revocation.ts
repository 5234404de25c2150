/**
 * Revocation and what relying parties read: revoking inside a caller's transaction, the CRL
 * (reissued after every revocation and at least daily, numbered across instances) and OCSP.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { ADVISORY_LOCK } from '../db/migrations.js';
import { issuerHashes } from '../pki/ca.js';
import { buildCrl } from '../pki/crl.js';
import { buildOcspResponse, ocspError, OcspMalformed, parseOcspRequest, type SingleAnswer } from '../pki/ocsp.js';
import { RULES } from '../rules.js';
import { safeEqual } from '../crypto/tokens.js';
import { audit, type Ctx } from './context.js';

export interface Revoked {
  id: string;
  serial: string;
}

/**
 * Revokes the person's active credential(s) in the caller's transaction: key material is wiped,
 * open SADs deleted, each revocation audited. The caller holds the person's row lock.
 */
export async function revokeActive(
  q: Queryable,
  now: Date,
  personId: string,
  reason: number,
  cause: { deviceId?: string | null; detail?: Record<string, unknown> } = {},
): Promise<Revoked[]> {
  const revoked = await q.query<Revoked>(
    `UPDATE credentials SET status = 'revoked', revoked_at = $2, revocation_reason = $3, key_sealed = NULL, dk_sealed = NULL
     WHERE person_id = $1 AND status = 'active' RETURNING id, serial`,
    [personId, now, reason],
  );
  for (const r of revoked) {
    await q.query('DELETE FROM sads WHERE credential_id = $1', [r.id]);
    await audit(q, now, {
      event: 'revoke',
      outcome: 'ok',
      personId,
      credentialId: r.id,
      deviceId: cause.deviceId ?? null,
      detail: { serial: r.serial, reason, ...cause.detail },
    });
  }
  return revoked;
}

interface CrlRow {
  number: number;
  this_update: Date;
  revoked_digest: Buffer | null;
  der: Buffer;
}

async function revokedList(q: Queryable, now: Date) {
  return q.query<{ serial: string; revoked_at: Date; revocation_reason: number }>(
    `SELECT serial, revoked_at, revocation_reason FROM credentials
     WHERE status = 'revoked' AND not_after > $1 ORDER BY revoked_at, serial`,
    [now],
  );
}

/** What a CRL lists, as one value: every entry's serial, time and reason, in the list's order. */
function listDigest(list: Array<{ serial: string; revoked_at: Date; revocation_reason: number }>): Buffer {
  const h = createHash('sha256');
  for (const r of list) h.update(`${r.serial} ${r.revoked_at.getTime()} ${r.revocation_reason}\n`);
  return h.digest();
}

/**
 * The current CRL, reissued first when it is older than a day or its list of revoked
 * certificates changed. `force` reissues regardless (after a revocation). "Changed" is judged
 * by content, not by count: a revocation whose process died before its reissue, plus a revoked
 * certificate that expired meanwhile, leave the count equal and the old list wrong.
 */
export async function currentCrl(ctx: Ctx, force = false): Promise<Buffer> {
  return ctx.db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1::bigint)', [ADVISORY_LOCK.crl]);
    const now = ctx.clock.now();
    const [latest] = await q.query<CrlRow>('SELECT number, this_update, revoked_digest, der FROM crls ORDER BY number DESC LIMIT 1');
    const list = await revokedList(q, now);
    const digest = listDigest(list);
    const fresh =
      latest &&
      !force &&
      latest.revoked_digest?.equals(digest) &&
      now.getTime() - latest.this_update.getTime() < RULES.crlIntervalMs &&
      latest.this_update.getTime() <= now.getTime();
    if (fresh) return latest.der;
    const [{ crl_number: number } = { crl_number: 0 }] = await q.query<{ crl_number: number }>(
      'UPDATE service_state SET crl_number = crl_number + 1 WHERE id = 1 RETURNING crl_number',
    );
    const thisUpdate = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const nextUpdate = new Date(thisUpdate.getTime() + RULES.crlNextUpdateMs);
    const der = await buildCrl(ctx.ca, {
      number,
      thisUpdate,
      nextUpdate,
      revoked: list.map((r) => ({ serialHex: r.serial, revokedAt: r.revoked_at, reason: r.revocation_reason })),
    });
    await q.query('INSERT INTO crls (number, this_update, next_update, revoked_count, revoked_digest, der) VALUES ($1, $2, $3, $4, $5, $6)', [
      number,
      thisUpdate,
      nextUpdate,
      list.length,
      digest,
      der,
    ]);
    await q.query('DELETE FROM crls WHERE number < $1 - 30', [number]);
    return der;
  });
}

/** Answers an OCSP request body (DER). Never throws for bad input: answers malformedRequest. */
export async function answerOcsp(ctx: Ctx, body: Buffer): Promise<Buffer> {
  let req;
  try {
    req = parseOcspRequest(body);
  } catch (e) {
    if (e instanceof OcspMalformed) return ocspError(1);
    throw e;
  }
  const now = ctx.clock.now();
  const serials = req.certIds.map((c) => c.serialHex);
  const rows = await ctx.db.query<{ serial: string; status: string; revoked_at: Date | null; revocation_reason: number | null }>(
    'SELECT serial, status, revoked_at, revocation_reason FROM credentials WHERE serial = ANY($1::text[])',
    [serials],
  );
  const bySerial = new Map(rows.map((r) => [r.serial, r]));
  const answers: SingleAnswer[] = req.certIds.map((c, i) => {
    const h = c.hashAlg ? issuerHashes(ctx.ca, c.hashAlg) : null;
    const ours = h !== null && safeEqual(h.nameHash, c.issuerNameHash) && safeEqual(h.keyHash, c.issuerKeyHash);
    const row = ours ? bySerial.get(serials[i]!) : undefined;
    if (!row) return { certIdRaw: c.raw, status: { status: 'unknown' } };
    if (row.status === 'revoked') {
      return { certIdRaw: c.raw, status: { status: 'revoked', revokedAt: row.revoked_at!, reason: row.revocation_reason ?? 0 } };
    }
    return { certIdRaw: c.raw, status: { status: 'good' } };
  });
  const producedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return buildOcspResponse(ctx.ca, answers, {
    producedAt,
    nextUpdate: new Date(producedAt.getTime() + RULES.ocspValidityMs),
    nonceExt: req.nonceExt,
  });
}

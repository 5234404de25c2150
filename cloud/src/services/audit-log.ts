/** The holder's own audit trail (GET /v1/audit), newest first, paged by id. */
import type { Ctx } from './context.js';
import type { DeviceAuth } from './devices.js';

export interface AuditView {
  id: number;
  at: string;
  event: string;
  outcome: string;
  deviceID: string | null;
  credentialID: string | null;
  detail: Record<string, unknown>;
}

export async function readAudit(ctx: Ctx, auth: DeviceAuth, opts: { limit: number; before?: number | undefined }): Promise<AuditView[]> {
  const rows = await ctx.db.query<{
    id: number;
    at: Date;
    event: string;
    outcome: string;
    device_id: string | null;
    credential_id: string | null;
    detail: Record<string, unknown>;
  }>(
    `SELECT id, at, event, outcome, device_id, credential_id, detail FROM audit_log
     WHERE person_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
    [auth.personId, opts.before ?? null, opts.limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at.toISOString(),
    event: r.event,
    outcome: r.outcome,
    deviceID: r.device_id,
    credentialID: r.credential_id,
    detail: r.detail,
  }));
}

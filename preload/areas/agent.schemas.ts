import { z } from 'zod';
import { empty, id, password } from './common.schemas.js';

const requestId = z.uuid();
const origin = z.string().min(1).max(300);

export const agentSchemas = {
  agentPending: empty,
  /** A password for a 공동인증서, a PIN for a 금융인증서: main checks which one the chosen certificate needs. */
  agentDecide: z
    .object({
      requestId,
      certificateId: id,
      password: password.optional(),
      pin: z
        .string()
        .regex(/^[0-9]{6}$/)
        .optional(),
      allowSite: z.boolean().optional(),
    })
    .strict(),
  agentCancel: z.object({ requestId, denySite: z.boolean().optional() }).strict(),
  agentSites: empty,
  /** decision null: take the origin off the list (revoke). */
  agentSetSite: z.object({ origin, decision: z.enum(['allow', 'deny']).nullable() }).strict(),
  agentAudit: z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(),
} as const;

import type { AGENT_METHODS } from '../../../preload/areas/agent.js';
import { DojangError } from '../../../common/errors.js';
import type { AppContext } from '../../app/context.js';
import { checkOrigin } from '../../agent/origin.js';
import type { AreaHandlers } from './types.js';

/** The web signing agent's consent window and its Settings part (main/agent/service.ts). */
export function agentHandlers(ctx: AppContext): AreaHandlers<(typeof AGENT_METHODS)[number]> {
  const agent = ctx.agent;
  return {
    agentPending: async () => ({ request: await agent.pending() }),
    agentDecide: (request) => agent.decide(request),
    agentCancel: (request) => agent.cancel(request),
    agentSites: async () => ({ sites: await agent.sites() }),
    agentSetSite: async ({ origin, decision }) => {
      // Only an origin as a browser reports it may go on the list (it is compared exactly).
      if (decision && !checkOrigin(origin, true)) {
        throw new DojangError('INVALID_REQUEST', 'agent.originOnly');
      }
      return { sites: await agent.setSite(origin, decision) };
    },
    agentAudit: async ({ limit }) => ({ entries: await agent.audit(limit) }),
  };
}

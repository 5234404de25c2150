/**
 * PLACEHOLDER until the app's agent service (main/agent/service.ts, agentcore) is merged: answers
 * hello, so the pipe can be proven end to end, and INTERNAL to everything else. Nothing is signed.
 */
import { AGENT_PROTOCOL_VERSION, agentError } from './protocol.js';
import type { AgentHandler } from './channel.js';

export function placeholderAgentHandler(version: string): AgentHandler {
  return async (req) =>
    req.request.method === 'hello'
      ? { v: AGENT_PROTOCOL_VERSION, id: req.id, ok: true, value: { agent: 'dojang', version, protocol: AGENT_PROTOCOL_VERSION } }
      : agentError(req.id, 'INTERNAL', 'Signing is not wired in this build yet.');
}

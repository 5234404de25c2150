/**
 * All bridge handlers, one area per file. The type makes a method without a handler (or a handler
 * without a method) a compile error.
 */
import type { AppContext } from '../../app/context.js';
import type { Handlers } from '../dispatch.js';
import { appHandlers } from './app.js';
import { certificateHandlers } from './certificates.js';
import { cloudHandlers } from './cloud.js';
import { verifyHandlers } from './verify.js';
import { fileHandlers } from './files.js';
import { agentHandlers } from './agent.js';

export function createHandlers(ctx: AppContext): Handlers {
  return { ...appHandlers(ctx), ...certificateHandlers(ctx), ...cloudHandlers(ctx), ...verifyHandlers(ctx), ...fileHandlers(ctx), ...agentHandlers(ctx) };
}

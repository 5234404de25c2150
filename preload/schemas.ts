/**
 * One request schema per bridge method. main/ validates every call against these before any
 * work; the renderer's request types are inferred from them. Strict objects: unknown fields
 * are refused, and strings are bounded. Each area keeps its schemas in areas/<area>.schemas.ts.
 */
import { appSchemas } from './areas/app.schemas.js';
import { certificateSchemas } from './areas/certificates.schemas.js';
import { cloudSchemas } from './areas/cloud.schemas.js';
import { verifySchemas } from './areas/verify.schemas.js';
import { fileSchemas } from './areas/files.schemas.js';
import { agentSchemas } from './areas/agent.schemas.js';

export const requestSchemas = { ...appSchemas, ...certificateSchemas, ...cloudSchemas, ...verifySchemas, ...fileSchemas, ...agentSchemas } as const;

export type RequestSchemas = typeof requestSchemas;

/**
 * Configuration for `npm run cloud`: a JSON file (DOJANG_CLOUD_CONFIG, else <dataDir>/config.json
 * when present) overridden by environment variables.
 *
 *   DOJANG_CLOUD_HOST (127.0.0.1)   DOJANG_CLOUD_PORT (8787)   DOJANG_CLOUD_DATA_DIR (~/.dojang-cloud)
 *   DATABASE_URL (PostgreSQL; default: embedded PGlite)     DOJANG_CLOUD_PUBLIC_URL
 *   DOJANG_CLOUD_MASTER_KEY (64 hex / base64; default: <dataDir>/master.key, created 0600)
 *   DOJANG_CLOUD_LOG_LEVEL (info)   NODE_ENV=production (refuses the dev SMS outbox)
 *   DOJANG_CLOUD_TRUST_PROXY (1 behind a reverse proxy)
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { StartCloudOptions } from './index.js';

const FileConfig = z.strictObject({
  host: z.string().optional(),
  port: z.number().int().min(0).max(65535).optional(),
  dataDir: z.string().optional(),
  databaseUrl: z.string().optional(),
  publicUrl: z.url().optional(),
  production: z.boolean().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).optional(),
  trustProxy: z.boolean().optional(),
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env): StartCloudOptions {
  const envDataDir = env.DOJANG_CLOUD_DATA_DIR;
  const defaultDir = path.join(os.homedir(), '.dojang-cloud');
  const file = env.DOJANG_CLOUD_CONFIG ?? path.join(envDataDir ?? defaultDir, 'config.json');
  let fromFile: z.infer<typeof FileConfig> = {};
  if (existsSync(file)) {
    const r = FileConfig.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!r.success) throw new Error(`${file}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    fromFile = r.data;
  } else if (env.DOJANG_CLOUD_CONFIG) {
    throw new Error(`DOJANG_CLOUD_CONFIG points to ${file}, which does not exist.`);
  }
  const port = env.DOJANG_CLOUD_PORT !== undefined ? Number(env.DOJANG_CLOUD_PORT) : fromFile.port;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new Error('DOJANG_CLOUD_PORT must be a port number.');
  const databaseUrl = env.DATABASE_URL ?? fromFile.databaseUrl;
  const publicUrl = env.DOJANG_CLOUD_PUBLIC_URL ?? fromFile.publicUrl;
  return {
    dataDir: path.resolve(envDataDir ?? fromFile.dataDir ?? defaultDir),
    host: env.DOJANG_CLOUD_HOST ?? fromFile.host ?? '127.0.0.1',
    port: port ?? 8787,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    production: env.NODE_ENV === 'production' || fromFile.production === true,
    logger: { level: env.DOJANG_CLOUD_LOG_LEVEL ?? fromFile.logLevel ?? 'info' },
    trustProxy: env.DOJANG_CLOUD_TRUST_PROXY === '1' || fromFile.trustProxy === true,
  };
}

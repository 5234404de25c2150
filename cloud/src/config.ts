/**
 * Configuration for `npm run cloud`: a JSON file (DOJANG_CLOUD_CONFIG, else <dataDir>/config.json
 * when present) overridden by environment variables.
 *
 *   DOJANG_CLOUD_HOST (127.0.0.1)   DOJANG_CLOUD_PORT (8787)   DOJANG_CLOUD_DATA_DIR (~/.dojang-cloud)
 *   DATABASE_URL (PostgreSQL; default: embedded PGlite)     DOJANG_CLOUD_PUBLIC_URL
 *   DOJANG_CLOUD_PKCS11_MODULE, DOJANG_CLOUD_PKCS11_TOKEN (token label), DOJANG_CLOUD_PKCS11_PIN
 *     or DOJANG_CLOUD_PKCS11_PIN_FILE, DOJANG_CLOUD_PKCS11_LABEL_PREFIX (dojang): the HSM that
 *     holds the keys (required with NODE_ENV=production)
 *   DOJANG_CLOUD_MASTER_KEY (development only, without PKCS#11: 64 hex / base64; default:
 *     <dataDir>/master.key, created 0600)
 *   DOJANG_CLOUD_LOG_LEVEL (info)   NODE_ENV=production (refuses the dev SMS outbox and file keys)
 *   DOJANG_CLOUD_TRUST_PROXY (comma-separated addresses or CIDR ranges of the reverse proxies
 *     whose X-Forwarded-For is believed, e.g. "127.0.0.1,10.0.0.0/8")
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { StartCloudOptions } from './index.js';
import type { Pkcs11Config } from './keys/pkcs11-keys.js';

const FileConfig = z.strictObject({
  host: z.string().optional(),
  port: z.number().int().min(0).max(65535).optional(),
  dataDir: z.string().optional(),
  databaseUrl: z.string().optional(),
  publicUrl: z.url().optional(),
  production: z.boolean().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).optional(),
  trustProxy: z.array(z.string().min(1)).optional(),
  pkcs11: z
    .strictObject({
      module: z.string().min(1),
      tokenLabel: z.string().min(1),
      pin: z.string().min(1).optional(),
      pinFile: z.string().min(1).optional(),
      labelPrefix: z
        .string()
        .regex(/^[\w.-]{1,32}$/)
        .optional(),
    })
    .optional(),
});

/** The HSM settings from env (DOJANG_CLOUD_PKCS11_*) over the file's; undefined when none. */
function pkcs11Config(env: NodeJS.ProcessEnv, file: z.infer<typeof FileConfig>['pkcs11']): Pkcs11Config | undefined {
  const module = env.DOJANG_CLOUD_PKCS11_MODULE ?? file?.module;
  if (!module) return undefined;
  const tokenLabel = env.DOJANG_CLOUD_PKCS11_TOKEN ?? file?.tokenLabel;
  const pinFile = env.DOJANG_CLOUD_PKCS11_PIN_FILE ?? file?.pinFile;
  const pin = env.DOJANG_CLOUD_PKCS11_PIN ?? file?.pin ?? (pinFile ? readFileSync(pinFile, 'utf8').trim() : undefined);
  if (!tokenLabel || !pin) throw new Error('PKCS#11 needs the token label (DOJANG_CLOUD_PKCS11_TOKEN) and the user PIN (DOJANG_CLOUD_PKCS11_PIN or _PIN_FILE).');
  const labelPrefix = env.DOJANG_CLOUD_PKCS11_LABEL_PREFIX ?? file?.labelPrefix;
  return { module, tokenLabel, pin, ...(labelPrefix ? { labelPrefix } : {}) };
}

/** "a,b/24" → ["a", "b/24"]; "1" (the old on/off form) is refused: name the proxies. */
function proxyList(v: string): string[] {
  const list = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.some((s) => /^(1|true|yes)$/i.test(s))) {
    throw new Error('DOJANG_CLOUD_TRUST_PROXY lists the reverse proxies (addresses or CIDR ranges, comma-separated), e.g. 127.0.0.1; "1" would trust anyone.');
  }
  return list;
}

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
  const pkcs11 = pkcs11Config(env, fromFile.pkcs11);
  return {
    dataDir: path.resolve(envDataDir ?? fromFile.dataDir ?? defaultDir),
    host: env.DOJANG_CLOUD_HOST ?? fromFile.host ?? '127.0.0.1',
    port: port ?? 8787,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    production: env.NODE_ENV === 'production' || fromFile.production === true,
    logger: { level: env.DOJANG_CLOUD_LOG_LEVEL ?? fromFile.logLevel ?? 'info' },
    trustProxy: env.DOJANG_CLOUD_TRUST_PROXY !== undefined ? proxyList(env.DOJANG_CLOUD_TRUST_PROXY) : (fromFile.trustProxy ?? []),
    ...(pkcs11 ? { pkcs11 } : {}),
  };
}

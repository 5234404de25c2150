/**
 * A cloud in a child process, for tests that kill it. Configuration comes as JSON in
 * DOJANG_TEST_CHILD: { dataDir, databaseUrl?, pkcs11? | masterKeyHex, offsetMs }. The system clock is
 * shifted by offsetMs (so a restart can land years later). Prints {"ready": url} when up.
 */
import { offsetClock } from '../clock.js';
import { startCloud } from '../index.js';
import type { Pkcs11Config } from '../keys/pkcs11-keys.js';

export interface ChildConfig {
  dataDir: string;
  databaseUrl?: string;
  /** The HSM (testing/softhsm.ts; SOFTHSM2_CONF comes with the environment), or development keys. */
  pkcs11?: Pkcs11Config;
  masterKeyHex?: string;
  offsetMs: number;
}

const cfg = JSON.parse(process.env.DOJANG_TEST_CHILD ?? '{}') as ChildConfig;
const relaxed = { limit: 1_000_000, windowMs: 60_000 };

startCloud({
  dataDir: cfg.dataDir,
  ...(cfg.databaseUrl ? { databaseUrl: cfg.databaseUrl } : {}),
  ...(cfg.pkcs11 ? { pkcs11: cfg.pkcs11 } : { masterKey: Buffer.from(cfg.masterKeyHex ?? '', 'hex') }),
  clock: offsetClock(cfg.offsetMs),
  port: 0,
  pinCost: 10,
  jobIntervalMs: 0,
  logger: { level: 'info' },
  limits: { pinPerDevice: relaxed, pinPerPerson: relaxed, smsPerPerson: relaxed, smsPerAddress: relaxed, verifyPerAddress: relaxed },
}).then(
  (cloud) => {
    process.stdout.write(JSON.stringify({ ready: cloud.url }) + '\n');
    process.once('SIGTERM', () => void cloud.close().then(() => process.exit(0)));
  },
  (e: Error) => {
    process.stderr.write(`child: ${e.message}\n`);
    process.exit(1);
  },
);

/**
 * A real SoftHSM2 token for tests: one per test process, in a temp folder (SOFTHSM2_CONF points
 * at a config written there, so the user's own tokens are never touched), made with
 * `softhsm2-util --init-token --free`, used through the real module. Each cloud gets its own
 * label prefix on that token, so any number of clouds share it without seeing each other's keys.
 * Child processes inherit SOFTHSM2_CONF.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Pkcs11Config } from '../keys/pkcs11-keys.js';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const TOKEN = 'dojang-test';
const PIN = '246810';

let token: { dir: string } | null = null;

/** Why SoftHSM2 cannot be used here, or null. */
export function softHsmMissing(): string | null {
  if (!existsSync(SOFTHSM_MODULE)) return `${SOFTHSM_MODULE} is missing (apt-get install softhsm2)`;
  try {
    execFileSync('softhsm2-util', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'softhsm2-util is not on PATH (apt-get install softhsm2)';
  }
  return null;
}

function ensureToken(): void {
  if (token) return;
  const why = softHsmMissing();
  if (why) throw new Error(`SoftHSM2 is needed for the cloud tests: ${why}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-softhsm-'));
  mkdirSync(path.join(dir, 'tokens'));
  const conf = path.join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${path.join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', TOKEN, '--so-pin', '13579135', '--pin', PIN], {
    env: { ...process.env, SOFTHSM2_CONF: conf },
    stdio: 'ignore',
  });
  token = { dir };
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
}

/** PKCS#11 settings for one cloud: the test token, a fresh label prefix. */
export function testHsm(): Pkcs11Config {
  ensureToken();
  return { module: SOFTHSM_MODULE, tokenLabel: TOKEN, pin: PIN, labelPrefix: `t${randomBytes(6).toString('hex')}` };
}

/**
 * The keys test clouds run on: the SoftHSM token; without SoftHSM2 outside CI, the development
 * key file form (said on stderr). Under CI SoftHSM2 is installed, so it is required.
 */
export function testKeys(): { pkcs11: Pkcs11Config } | { masterKey: Buffer } {
  if (softHsmMissing() && !process.env.CI) {
    process.stderr.write(`cloud tests use development file keys: ${softHsmMissing()}\n`);
    return { masterKey: randomBytes(32) };
  }
  return { pkcs11: testHsm() };
}

/** testKeys() in the JSON form testing/child.ts takes. */
export function childKeys(): { pkcs11: Pkcs11Config } | { masterKeyHex: string } {
  const k = testKeys();
  return 'pkcs11' in k ? k : { masterKeyHex: k.masterKey.toString('hex') };
}

/** The admin functions' form of childKeys(). */
export function adminKeys(k: ReturnType<typeof childKeys>): { pkcs11: Pkcs11Config } | { masterKey: Buffer } {
  return 'pkcs11' in k ? k : { masterKey: Buffer.from(k.masterKeyHex, 'hex') };
}

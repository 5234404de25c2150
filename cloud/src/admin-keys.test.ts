/**
 * The operator's commands (`npm run cloud -- keys …`, `npm run cloud -- ra-key`), run as an operator
 * runs them: the script, configured by the service's environment, on the service's own keys (the
 * SoftHSM token). The embedded database with the service stopped; PostgreSQL with an instance running.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { skipReason } from '../../fixtures/environment.js';
import { keysStatus, retireKey, rewrapKeys, rotateKeys, type AdminTarget } from './admin.js';
import { ManualClock } from './clock.js';
import { RetireRefused } from './keys/rotation.js';
import { createTestDatabase, pgSkipReason, type TestDatabase } from './testing/pg.js';
import { enrol, signOnce, startTestCloud, tempDir, until, type TestCloud } from './testing/harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The service's configuration as environment variables (cloud/src/config.ts), for the script. */
function serviceEnv(cloud: TestCloud, dataDir: string, databaseUrl?: string): NodeJS.ProcessEnv {
  const k = cloud.keyOptions;
  return {
    ...process.env,
    DOJANG_CLOUD_DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(k.pkcs11
      ? {
          DOJANG_CLOUD_PKCS11_MODULE: k.pkcs11.module,
          DOJANG_CLOUD_PKCS11_TOKEN: k.pkcs11.tokenLabel,
          DOJANG_CLOUD_PKCS11_PIN: k.pkcs11.pin,
          DOJANG_CLOUD_PKCS11_LABEL_PREFIX: k.pkcs11.labelPrefix,
        }
      : { DOJANG_CLOUD_MASTER_KEY: k.masterKey!.toString('hex') }),
  };
}

/** `npm run cloud -- <args>` (scripts/cloud.mjs), its exit code, standard output and error. */
async function script(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/cloud.mjs'), ...args], { cwd: ROOT, env, timeout: 60_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, out: x.stdout ?? '', err: x.stderr ?? '' };
  }
}

describe('npm run cloud -- keys, on a stopped embedded-database folder', () => {
  const tmp = tempDir('admin-keys');
  afterEach(() => tmp.remove());

  it('rotates, refuses to retire while blobs are under the old version, re-wraps, retires; the service then signs, and ra-key uses the HSM', async () => {
    const first = await startTestCloud({ dataDir: tmp.dir, clock: new ManualClock(Date.now()) });
    const e = await enrol(first);
    const keyOptions = first.keyOptions;
    const env = serviceEnv(first, tmp.dir);
    await first.close();
    const json = async (...args: string[]) => {
      const r = await script(env, 'keys', ...args, '--json');
      expect(r.code, r.err).toBe(0);
      return JSON.parse(r.out) as Record<string, unknown>;
    };

    const before = await json('status');
    expect(before).toMatchObject({ current: 1, instances: [] });
    expect((before.versions as Array<{ version: number; blobs: number }>)[0]).toMatchObject({ version: 1, retired: false });
    expect(await json('rotate')).toEqual({ current: 2 });
    const early = await script(env, 'keys', 'retire', '1');
    expect(early.code).toBe(1);
    expect(early.err).toMatch(/^dojang cloud keys: \d+ blob\(s\) are still under version 1: run the re-wrap first\.\n$/);
    expect(((await json('rewrap')).rewrapped as number) > 0).toBe(true);
    expect(await json('rewrap')).toEqual({ rewrapped: 0 });
    expect(await json('retire', '1')).toEqual({ retired: 1 });
    const after = await json('status');
    expect(after.current).toBe(2);
    expect((after.versions as Array<{ version: number }>).map((v) => v.version)).toEqual([2]);
    // The registration-authority key is made on the same keys (the HSM): the service accepts it.
    const ra = await script(env, 'ra-key', '--name', 'Admin Bank', '--json');
    expect(ra.code, ra.err).toBe(0);
    const raKey = (JSON.parse(ra.out) as { key: string }).key;

    const again = await startTestCloud({ dataDir: tmp.dir, clock: new ManualClock(Date.now()), ...keyOptions });
    try {
      expect(again.keys.current()).toBe(2);
      expect((await signOnce(again, e, 'after an offline rotation')).status).toBe(200);
      const reg = await fetch(`${again.url}/v1/ra/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${raKey}` },
        body: JSON.stringify({ name: '김관리', mobile: '01055556666', birthDate: '19800101', idn: '8001011234568' }),
      });
      expect(reg.status).toBe(201);
    } finally {
      await again.close();
    }
    expect((await script(env, 'keys', 'retire', 'x')).err).toMatch(/keys needs status, rotate, rewrap or retire <version>/);
  }, 120_000);
});

const reason = skipReason('postgresql', pgSkipReason());

describe.skipIf(reason)(`keys administration beside a running instance [PostgreSQL]${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let db: TestDatabase | undefined;
  let cloud: TestCloud | undefined;
  const tmp = tempDir('admin-keys-pg');
  afterEach(async () => {
    await cloud?.close();
    await db?.drop();
    tmp.remove();
  });

  it('is not an instance itself; the running one switches, and the old version retires once it has', async () => {
    db = await createTestDatabase('adminkeys');
    cloud = await startTestCloud({ dataDir: tmp.dir, databaseUrl: db.url, clock: new ManualClock(Date.now()) });
    const running = cloud;
    const e = await enrol(running);
    const t: AdminTarget = { dataDir: tmp.dir, databaseUrl: db.url, ...running.keyOptions };
    const status = await keysStatus(t);
    expect(status.instances).toHaveLength(1); // the running instance, not this administration process
    expect(status.instances[0]!.sealsUnder).toBe(1);
    expect(await rotateKeys(t)).toBe(2);
    await until('the instance seals under version 2', () => running.keys.current() === 2);
    expect(await rewrapKeys(t)).toBeGreaterThan(0);
    // Retired once the instance has sealed under version 2 for 5 s (its requests begun before are done).
    let outcome = '';
    await until('the retirement goes through', async () => {
      outcome = await retireKey(t, 1).then(
        () => 'retired',
        (err: Error) => (err instanceof RetireRefused && /less than|still seal/.test(err.message) ? '' : err.message),
      );
      return outcome !== '';
    });
    expect(outcome).toBe('retired');
    expect((await keysStatus(t)).versions.map((v) => v.version)).toEqual([2]);
    expect((await signOnce(running, e, 'after the retirement')).status).toBe(200);
  }, 120_000);
});

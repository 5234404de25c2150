/**
 * Keys a disk copy cannot open (issue 12, item 6), on a real SoftHSM2 token: the CA keys sign
 * inside the HSM and are not in the database; a copy of the data folder with the database opens
 * no IDN, no user key and cannot test a PIN; the wrapping key rotates online (rotate, re-wrap,
 * retire) while signing keeps working; pkcs11-tool (OpenSC, not ours) sees the objects as
 * non-extractable.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from './db/database.js';
import { fileKeyService } from './keys/file-keys.js';
import { FILE_KEYS_WARNING } from './keys/open-keys.js';
import { wrapVersionOf } from './keys/keys.js';
import { pkcs11KeyService, type Pkcs11Config } from './keys/pkcs11-keys.js';
import { KEY_REFRESH_MS, RetireRefused } from './keys/rotation.js';
import { startChild, stop, type Child } from './testing/child-process.js';
import { call, enrol, person, PIN, registration, signOnce, startTestCloud, tempDir, type TestCloud } from './testing/harness.js';
import { createTestDatabase, PG_URL, pgSkipReason } from './testing/pg.js';
import { softHsmMissing, testHsm } from './testing/softhsm.js';

const missing = softHsmMissing();
if (missing && process.env.CI) throw new Error(`CI installs softhsm2: ${missing}`);

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

// First, while no cloud in this process has logged in to the token (a login holds for the whole process).
describe.skipIf(missing)('PKCS#11 settings', () => {
  it('refuses a wrong token PIN and an unknown token with a clear error', async () => {
    const d = tempDir('keys-bad');
    try {
      await expect(startTestCloud({ dataDir: d.dir, pkcs11: { ...testHsm(), pin: '000000' } })).rejects.toThrow(/refused the PIN/);
      await expect(startTestCloud({ dataDir: d.dir, pkcs11: { ...testHsm(), tokenLabel: 'no-such-token' } })).rejects.toThrow(/No PKCS#11 token labelled/);
    } finally {
      d.remove();
    }
  });
});

describe.skipIf(missing)(`cloud keys in a PKCS#11 token (SoftHSM2)${missing ? ` — skipped: ${missing}` : ''}`, () => {
  const tmp = tempDir('keys');
  let cloud: TestCloud;
  const hsm = testHsm();
  beforeAll(async () => {
    cloud = await startTestCloud({ dataDir: tmp.dir, pkcs11: hsm });
  });
  afterAll(async () => {
    await cloud?.close();
    tmp.remove();
  });

  it('keeps the CA keys in the HSM: not in the database, not extractable, and the certificates verify', async () => {
    expect(cloud.keys.kind).toBe('pkcs11');
    const root = new X509Certificate(cloud.ca.rootDer);
    const issuing = new X509Certificate(cloud.ca.issuingDer);
    expect(root.verify(root.publicKey)).toBe(true);
    expect(issuing.verify(root.publicKey)).toBe(true);
    // OpenSC's pkcs11-tool lists the token's objects: private keys and secret keys are sensitive and never extractable.
    const listing = execFileSync('pkcs11-tool', ['--module', hsm.module, '--token-label', hsm.tokenLabel, '--login', '--pin', hsm.pin, '--list-objects'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'], // its warnings on the secret values it may not read: kept out of the test output
    });
    for (const label of ['ca-root', 'ca-issuing', 'wrap-v1', 'pepper', 'idn-lookup']) expect(listing).toContain(`${hsm.labelPrefix}-${label}`);
    const blocks = listing.split(/\n(?=\S)/).filter((b) => b.includes(hsm.labelPrefix!) && /Private Key|Secret Key/.test(b));
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const b of blocks) {
      expect(b, b).toMatch(/Access:\s+.*sensitive/);
      expect(b, b).toMatch(/never extractable/);
    }
    // The public key the HSM holds (read by pkcs11-tool) is the one in the issuing certificate.
    const fromHsm = execFileSync('pkcs11-tool', [
      '--module',
      hsm.module,
      '--token-label',
      hsm.tokenLabel,
      '--read-object',
      '--type',
      'pubkey',
      '--label',
      `${hsm.labelPrefix}-ca-issuing`,
    ]);
    expect(fromHsm.equals(issuing.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
  });

  it('a copy of the data folder opens nothing: no master key file, no CA key, no IDN, no PIN test', async () => {
    const p = person();
    const e = await enrol(cloud, p);
    expect((await signOnce(cloud, e, 'before the copy')).status).toBe(200);
    await cloud.close();
    try {
      const files = allFiles(tmp.dir);
      expect(files.some((f) => path.basename(f) === 'master.key')).toBe(false);
      const idnBytes = Buffer.from(p.idn);
      for (const f of files) expect(readFileSync(f).includes(idnBytes), f).toBe(false);
      const db = await openPglite(path.join(tmp.dir, 'pglite'));
      try {
        const [ca] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ca_keys WHERE key_sealed IS NOT NULL');
        expect(ca!.n).toBe(0);
        const [row] = await db.query<{ idn_sealed: Buffer; dk_sealed: Buffer; pin_verifier: Buffer }>(
          "SELECT p.idn_sealed, c.dk_sealed, c.pin_verifier FROM persons p JOIN credentials c ON c.person_id = p.id AND c.status = 'active' WHERE p.name = $1",
          [p.name],
        );
        // Whatever key an attacker guesses (here: any development key), the HSM-wrapped blobs do not open.
        const guess = fileKeyService(randomBytes(32));
        guess.createWrapVersion(1);
        expect(wrapVersionOf(row!.idn_sealed)).toBe(1);
        expect(() => guess.unwrap(1, row!.idn_sealed.subarray(5), 'idn|x')).toThrow();
        expect(() => guess.unwrap(1, row!.dk_sealed.subarray(5), 'dk-master|x')).toThrow();
        expect(row!.pin_verifier).toHaveLength(32); // HMAC output: the key is in the HSM
      } finally {
        await db.close();
      }
    } finally {
      cloud = await startTestCloud({ dataDir: tmp.dir, pkcs11: hsm, clock: cloud.clock });
    }
    expect((await signOnce(cloud, e, 'after restart')).status).toBe(200);
  });

  it('rotates the wrapping key online: new version, re-wrap, old version retired, everything still opens', async () => {
    const people = [await enrol(cloud), await enrol(cloud)];
    // A SAD made before the rotation keeps the old version in use until it is spent or expires.
    const hash = Buffer.from(randomBytes(32)).toString('base64');
    const sad = await call(cloud.url, 'POST', '/v1/credentials/authorize', { credentialID: people[0]!.credentialID, hash: [hash], PIN }, people[0]!.token);
    expect(sad.status).toBe(200);
    const old = cloud.keys.current();
    const next = await cloud.keys.rotate();
    expect(next).toBe(old + 1);
    // Signing goes on during the rotation (old blobs still open).
    expect((await signOnce(cloud, people[1]!, 'mid-rotation')).status).toBe(200);
    await expect(cloud.keys.retire(old)).rejects.toThrow(RetireRefused); // blobs left
    const n = await cloud.keys.rewrap();
    expect(n).toBeGreaterThanOrEqual(people.length * 2 + 1); // each person: IDN + data key
    expect(await cloud.keys.rewrap()).toBe(0);
    // Requests begun before the switch may still be writing blobs under `old` (key-rotation.test.ts: several instances).
    await expect(cloud.keys.retire(old)).rejects.toThrow(/less than 5 s ago/);
    cloud.clock.advance(KEY_REFRESH_MS);
    await expect(cloud.keys.retire(old)).rejects.toThrow(/signing authorization/); // the open SAD
    const spent = await call(cloud.url, 'POST', '/v1/signatures/signHash', { credentialID: people[0]!.credentialID, SAD: sad.body.SAD, hash: [hash] }, people[0]!.token);
    expect(spent.status).toBe(200);
    await cloud.keys.retire(old);
    const listing = execFileSync('pkcs11-tool', ['--module', hsm.module, '--token-label', hsm.tokenLabel, '--login', '--pin', hsm.pin, '--list-objects'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'], // its warnings on the secret values it may not read: kept out of the test output
    });
    expect(listing).not.toContain(`${hsm.labelPrefix}-wrap-v${old}\n`);
    expect(listing).toContain(`${hsm.labelPrefix}-wrap-v${next}`);
    // Everything made before the rotation still works: sign, renew-style IDN use (a new issue), PIN checks.
    for (const e of people) expect((await signOnce(cloud, e, 'after retire')).status).toBe(200);
    const again = await call(cloud.url, 'POST', '/v1/issue', { ...(await registration(cloud, people[0]!.person)), PIN });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  });
});

/** How many objects on the test token carry each of `names` under `hsm`'s prefix (pkcs11-tool, OpenSC's). */
function objectsLabelled(hsm: Pkcs11Config, names: string[]): Record<string, number> {
  const listing = execFileSync('pkcs11-tool', ['--module', hsm.module, '--token-label', hsm.tokenLabel, '--login', '--pin', hsm.pin, '--list-objects'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'], // its warnings: secret values it may not read
  });
  const labels = [...listing.matchAll(/^\s*label:\s*(\S+)\s*$/gm)].map((m) => m[1]);
  return Object.fromEntries(names.map((n) => [n, labels.filter((l) => l === `${hsm.labelPrefix}-${n}`).length]));
}

describe.skipIf(missing)('HMAC keys on a fresh token: made once, by the first start', () => {
  const HMAC = ['pepper', 'idn-lookup'];

  it('opening the key service makes no key; the first start makes one of each, a restart none', async () => {
    const hsm = testHsm();
    const service = pkcs11KeyService(hsm);
    service.close();
    expect(objectsLabelled(hsm, HMAC)).toEqual({ pepper: 0, 'idn-lookup': 0 });
    const d = tempDir('keys-hmac');
    try {
      await (await startTestCloud({ dataDir: d.dir, pkcs11: hsm })).close();
      await (await startTestCloud({ dataDir: d.dir, pkcs11: hsm })).close();
      expect(objectsLabelled(hsm, HMAC)).toEqual({ pepper: 1, 'idn-lookup': 1 });
    } finally {
      d.remove();
    }
  });

  it('refuses a token with two keys of one name, saying which, instead of starting with either', async () => {
    const hsm = testHsm();
    const d = tempDir('keys-dup');
    try {
      await (await startTestCloud({ dataDir: d.dir, pkcs11: hsm })).close();
      execFileSync(
        'pkcs11-tool',
        ['--module', hsm.module, '--token-label', hsm.tokenLabel, '--login', '--pin', hsm.pin, '--keygen', '--key-type', 'GENERIC:32', '--label', `${hsm.labelPrefix}-pepper`],
        {
          stdio: 'ignore',
        },
      );
      expect(objectsLabelled(hsm, HMAC)).toEqual({ pepper: 2, 'idn-lookup': 1 });
      await expect(startTestCloud({ dataDir: d.dir, pkcs11: hsm })).rejects.toThrow(`holds 2 keys labelled "${hsm.labelPrefix}-pepper"`);
    } finally {
      d.remove();
    }
  });

  it.skipIf(!PG_URL && !process.env.CI)(
    `three instances started at once on a fresh token and one PostgreSQL all start, on the same keys${PG_URL ? '' : ` — skipped: ${pgSkipReason()}`}`,
    async () => {
      const hsm = testHsm();
      const db = await createTestDatabase('keys-race');
      const dirs = [0, 1, 2].map((i) => tempDir(`keys-race-${i}`));
      const children: Child[] = [];
      try {
        const started = await Promise.allSettled(dirs.map((d) => startChild({ dataDir: d.dir, databaseUrl: db.url, pkcs11: hsm, offsetMs: 0 })));
        for (const r of started) if (r.status === 'fulfilled') children.push(r.value);
        expect(started.map((r) => (r.status === 'fulfilled' ? 'started' : String(r.reason)))).toEqual(['started', 'started', 'started']);
        expect(objectsLabelled(hsm, HMAC)).toEqual({ pepper: 1, 'idn-lookup': 1 });
      } finally {
        await Promise.all(children.map((c) => stop(c, 'SIGTERM')));
        for (const d of dirs) d.remove();
        await db.drop();
      }
    },
    120_000,
  );
});

describe('development key file', () => {
  it('is refused in production and logged as a warning otherwise', async () => {
    const d = tempDir('keys-file');
    const lines: string[] = [];
    const origWrite = process.stdout.write.bind(process.stdout);
    try {
      await expect(startTestCloud({ dataDir: d.dir, masterKey: randomBytes(32), production: true, pinCost: 15, sms: { kind: 'test', send: async () => {} } })).rejects.toThrow(
        /needs an HSM/,
      );
      process.stdout.write = ((chunk: string | Uint8Array) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
      const c = await startTestCloud({ dataDir: d.dir, masterKey: randomBytes(32), logger: { level: 'warn' } });
      process.stdout.write = origWrite;
      await c.close();
      expect(lines.join('')).toContain(FILE_KEYS_WARNING);
    } finally {
      process.stdout.write = origWrite;
      d.remove();
    }
  }, 120_000);
});

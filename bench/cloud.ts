/**
 * Cloud signing throughput: autocannon (in a child process, so it does not share the server's
 * event loop) on POST /v1/signatures/signHash with pre-authorized SADs from 1, 16 and 64
 * clients — signatures/s, p50 / p99 latency — against `openssl speed -seconds 3 -multi 2 rsa2048`
 * (raw RSA-2048 signing on both cores) measured in the same run. Also authorize (the PIN check,
 * scrypt N=2^15) per second. Embedded PGlite database, as `npm run cloud` runs by default.
 * Goal: ≥ 0.5× the ceiling with p99 ≤ 50 ms at 16 clients.
 * Run: npx tsx bench/cloud.ts
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SELF), '..');
const PIN = '802413';

interface LoadSpec {
  url: string;
  path: string;
  /** One [device token, JSON body] per request (cycled in duration mode). */
  items: Array<[string, string]>;
  connections: number;
  duration?: number;
}

interface LoadResult {
  requests: number;
  seconds: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
}

/** Child mode: run autocannon on the bodies (one per request) and print the figures. */
async function runLoad(specFile: string): Promise<void> {
  const name = 'autocannon'; // untyped package: imported by name
  const { default: autocannon } = (await import(name)) as { default: (opts: object) => Promise<unknown> };
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as LoadSpec;
  let next = 0;
  let lastResponse = 0;
  const t0 = performance.now();
  const result = await autocannon({
    url: spec.url + spec.path,
    connections: spec.connections,
    ...(spec.duration ? { duration: spec.duration } : { amount: spec.items.length }),
    method: 'POST',
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => {
          const [token, body] = spec.items[next++ % spec.items.length]!;
          return { ...req, body, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } };
        },
        onResponse: () => {
          lastResponse = performance.now();
        },
      },
    ],
  });
  const r = result as unknown as {
    requests: { total: number };
    non2xx: number;
    errors: number;
    latency: { p50: number; p99: number };
  };
  // autocannon's own duration ends on a whole tick: time the run to its last response instead.
  const seconds = (lastResponse - t0) / 1000;
  const out: LoadResult = { requests: r.requests.total, seconds, non2xx: r.non2xx, errors: r.errors, p50: r.latency.p50, p99: r.latency.p99 };
  process.stdout.write(JSON.stringify(out) + '\n');
}

async function load(dir: string, spec: LoadSpec): Promise<LoadResult> {
  const file = path.join(dir, `load-${spec.connections}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', SELF, '--load', file], { cwd: ROOT, maxBuffer: 16 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult;
}

function opensslCeiling(): number {
  const out = execFileSync('openssl', ['speed', '-seconds', '3', '-multi', '2', 'rsa2048'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  const m = /rsa\s+2048 bits\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)/.exec(out);
  if (!m) throw new Error('could not read openssl speed output:\n' + out);
  return Number(m[1]);
}

async function main(): Promise<void> {
  const { startCloud } = await import('../cloud/src/index.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-bench-cloud-'));
  const relaxed = { limit: 10_000_000, windowMs: 60_000 };
  const limits = { pinPerDevice: relaxed, pinPerPerson: relaxed, smsPerPerson: relaxed, smsPerAddress: relaxed, verifyPerAddress: relaxed };
  try {
    const ceiling = opensslCeiling();
    // signHash does no PIN work, so its SADs are minted with a cheap PIN cost (2^10);
    // the authorize figure below uses the product cost (2^15).
    const cheap = await startCloud({ dataDir: path.join(dir, 'sign'), port: 0, pinCost: 10, limits, jobIntervalMs: 0, masterKey: randomBytes(32) });
    const product = await startCloud({ dataDir: path.join(dir, 'auth'), port: 0, limits, jobIntervalMs: 0, masterKey: randomBytes(32) });
    try {
      const post = async (url: string, p: string, body: unknown, token?: string) => {
        const r = await fetch(url + p, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });
        const j = (await r.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        if (!r.ok) throw new Error(`${p}: ${r.status} ${JSON.stringify(j)}`);
        return j;
      };
      const enrol = async (cloud: { url: string; createRaKey(n: string): Promise<{ key: string }> }, n = 0) => {
        const ra = (await cloud.createRaKey('Bench Bank')).key;
        const person = { name: `홍길동${n}`, mobile: `010${String(12345678 + n)}`, birthDate: '19800101', idn: `800101${String(1234567 + n)}` };
        const reg = await post(cloud.url, '/v1/ra/registrations', person, ra);
        const iss = await post(cloud.url, '/v1/issue', { refNum: reg.refNum, authCode: reg.authCode, PIN, device: { name: 'bench' } });
        return { credentialID: iss.credentialID as string, token: iss.device.token as string };
      };
      const signer = await enrol(cheap);
      const mint = async (n: number): Promise<Array<[string, string]>> => {
        const bodies: Array<[string, string]> = new Array(n);
        let i = 0;
        const worker = async (): Promise<void> => {
          while (i < n) {
            const k = i++;
            const hash = createHash('sha256').update(`document ${k} ${Math.random()}`).digest('base64');
            const a = await post(cheap.url, '/v1/credentials/authorize', { credentialID: signer.credentialID, hash: [hash], PIN }, signer.token);
            bodies[k] = [signer.token, JSON.stringify({ credentialID: signer.credentialID, SAD: a.SAD, hash: [hash] })];
          }
        };
        // At most 5 PIN checks per credential run at once (the lockout bound), so 5 minters.
        await Promise.all(Array.from({ length: 5 }, worker));
        return bodies;
      };

      console.log(`Dojang Cloud signHash, RSA-2048 PKCS#1 v1.5 / SHA-256, PGlite, ${os.availableParallelism()} cores (node ${process.version})`);
      console.log(`openssl speed -multi 2 rsa2048 (ceiling): ${ceiling.toFixed(0)} signs/s`);
      await load(dir, { url: cheap.url, path: '/v1/signatures/signHash', items: await mint(300), connections: 16 }); // warm-up
      const rows: Array<{ c: number; r: LoadResult }> = [];
      for (const [c, n] of [
        [1, 1500],
        [16, 5000],
        [64, 5000],
      ] as const) {
        const r = await load(dir, { url: cheap.url, path: '/v1/signatures/signHash', items: await mint(n), connections: c });
        rows.push({ c, r });
        const rate = (r.requests - r.non2xx) / r.seconds;
        console.log(
          `signHash ${String(c).padStart(2)} clients: ${rate.toFixed(0).padStart(6)} signatures/s  p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(3)} ms  ` +
            `ratio ${(rate / ceiling).toFixed(2)}x${r.non2xx || r.errors ? `  (non-2xx ${r.non2xx}, errors ${r.errors})` : ''}`,
        );
      }
      const at16 = rows.find((x) => x.c === 16)!.r;
      const ratio16 = (at16.requests - at16.non2xx) / at16.seconds / ceiling;
      console.log(`goal at 16 clients (≥ 0.5x, p99 ≤ 50 ms): ${ratio16 >= 0.5 && at16.p99 <= 50 ? 'met' : 'NOT met'} (${ratio16.toFixed(2)}x, p99 ${at16.p99} ms)`);

      // Authorize: 16 people at once (one credential admits at most 5 PIN checks in flight).
      const holders = await Promise.all(Array.from({ length: 16 }, (_, n) => enrol(product, n)));
      const hash = createHash('sha256').update('authorize bench').digest('base64');
      const auth = await load(dir, {
        url: product.url,
        path: '/v1/credentials/authorize',
        items: holders.map((h) => [h.token, JSON.stringify({ credentialID: h.credentialID, hash: [hash], PIN })]),
        connections: 16,
        duration: 3,
      });
      console.log(
        `authorize (PIN check, scrypt N=2^15 r=8) 16 people: ${((auth.requests - auth.non2xx) / auth.seconds).toFixed(1)}/s  p50 ${auth.p50} ms  p99 ${auth.p99} ms` +
          (auth.non2xx ? `  (non-2xx ${auth.non2xx})` : ''),
      );
    } finally {
      await cheap.close();
      await product.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--load') await runLoad(process.argv[3]!);
else await main();

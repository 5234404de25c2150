/**
 * Scan benchmark: N = 100, 1,000 and 10,000 NPKI certificate folders (distinct certificates, one signing
 * key), against Python `cryptography` (a Rust X.509 parser) walking and parsing the same files:
 * - in process: scanStores vs the Python loop's own timer;
 * - whole process: `dojang scan --json ROOT` vs the Python script printing the same fields as JSON.
 * Runs are interleaved (ours, peer, ours, …) so machine load hits both alike.
 * Goals (issue 16): ratio ≤ 1.0 in process and whole process at 1,000; first row < 50 ms; linear growth.
 * Run: npx tsx bench/scan.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { certFactory, YESSIGN_DIR } from '../main/stores/cert-factory.test-util.js';
import { folderStore } from '../main/stores/roots.js';
import { scanStores } from '../main/stores/scan.js';

const SIZES = [100, 1000, 10_000];
const REPEATS = 7;
const root0 = path.resolve(import.meta.dirname, '..');
const CLI = path.join(root0, 'bin/dojang.js');

async function generate(root: string, n: number): Promise<string[]> {
  const factory = certFactory();
  const key = await fs.readFile(path.join(YESSIGN_DIR, 'signPri.key'));
  const cas = ['yessign', 'SignKorea', 'KICA', 'CrossCert'];
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const cn = `홍길동${i}()00${String(9104120200225191000000 + i)}`;
    const dir = path.join(root, cas[i % cas.length]!, 'USER', `cn=${cn},ou=KMB,ou=personal4IB,o=yessign,c=kr`);
    await fs.mkdir(dir, { recursive: true });
    const der = factory.make({ serial: i, cn });
    await fs.writeFile(path.join(dir, 'signCert.der'), der);
    await fs.writeFile(path.join(dir, 'signPri.key'), key);
    files.push(path.join(dir, 'signCert.der'));
  }
  return files;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function ours(root: string, n: number): Promise<{ firstMs: number; totalMs: number }> {
  const t0 = performance.now();
  let first = 0;
  const report = await scanStores([folderStore(root)], {
    onEntry: () => {
      if (!first) first = performance.now() - t0;
    },
  });
  const totalMs = performance.now() - t0;
  if (report.entries.length !== n || report.entries.some((e) => e.state !== 'ok')) throw new Error('scan result wrong');
  return { firstMs: first, totalMs };
}

const PY = `
import json, os, sys, time
from cryptography import x509
from cryptography.x509.oid import ExtensionOID
root, emit = sys.argv[1], sys.argv[2] == 'json'
t0 = time.perf_counter()
rows = []
for ca in os.listdir(root):
    user = os.path.join(root, ca, 'USER')
    for dn in os.listdir(user):
        folder = os.path.join(user, dn)
        os.listdir(folder)
        with open(os.path.join(folder, 'signCert.der'), 'rb') as f:
            c = x509.load_der_x509_certificate(f.read())
        pol = c.extensions.get_extension_for_oid(ExtensionOID.CERTIFICATE_POLICIES).value
        rows.append({'path': folder, 'subject': c.subject.rfc4514_string(), 'issuer': c.issuer.rfc4514_string(),
                     'serial': format(c.serial_number, 'x'), 'notBefore': c.not_valid_before_utc.isoformat(),
                     'notAfter': c.not_valid_after_utc.isoformat(), 'policyOid': pol[0].policy_identifier.dotted_string})
if emit:
    json.dump({'certificates': rows}, sys.stdout, ensure_ascii=False)
else:
    print(len(rows), (time.perf_counter() - t0) * 1000)
`;

function wall(cmd: string, args: string[], expect: number): number {
  const t0 = performance.now();
  const out = execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  const count = (JSON.parse(out) as { certificates: unknown[] }).certificates.length;
  if (count !== expect) throw new Error(`${cmd} listed ${count}, not ${expect}`);
  return ms;
}

function peerInProcess(root: string, n: number): number {
  const out = execFileSync('python3', ['-c', PY, root, 'time'], { encoding: 'utf8' }).trim().split(' ');
  if (Number(out[0]) !== n) throw new Error('peer count wrong');
  return Number(out[1]);
}

async function main(): Promise<void> {
  if (spawnSync('python3', ['-c', 'import cryptography'], { stdio: 'ignore' }).status !== 0)
    throw new Error('the peer needs python3-cryptography (Debian: apt-get install python3-cryptography)');
  if (!existsSync(path.join(root0, 'dist/cli/dojang.mjs'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root0, stdio: 'inherit' });
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'dojang-bench-scan-'));
  console.log(
    `peer: Python cryptography ${execFileSync('python3', ['-c', 'import cryptography; print(cryptography.__version__)'], { encoding: 'utf8' }).trim()}, same files, same fields`,
  );
  const perFolder: number[] = [];
  try {
    for (const n of SIZES) {
      const root = path.join(base, `n${n}`, 'NPKI');
      await generate(root, n);
      const cold = await ours(root, n); // first scan of this tree in this process: JIT and caches cold
      const runs: { firstMs: number; totalMs: number }[] = [];
      const peers: number[] = [];
      const oursWall: number[] = [];
      const peerWall: number[] = [];
      const repeats = n >= 10_000 ? 3 : REPEATS;
      for (let i = 0; i < repeats; i++) {
        runs.push(await ours(root, n));
        peers.push(peerInProcess(root, n));
        oursWall.push(wall(process.execPath, [CLI, 'scan', '--json', root], n));
        peerWall.push(wall('python3', ['-c', PY, root, 'json'], n));
      }
      const total = median(runs.map((r) => r.totalMs));
      const peerIn = median(peers);
      perFolder.push(total / n);
      console.log(
        `N=${n}: in process ours ${total.toFixed(1)} ms (first row ${median(runs.map((r) => r.firstMs)).toFixed(1)} ms; cold ${cold.totalMs.toFixed(1)} ms / first row ${cold.firstMs.toFixed(1)} ms)` +
          ` | peer ${peerIn.toFixed(1)} ms | ratio ${(total / peerIn).toFixed(2)}x` +
          ` || whole process \`dojang scan --json\` ${median(oursWall).toFixed(0)} ms | peer ${median(peerWall).toFixed(0)} ms | ratio ${(median(oursWall) / median(peerWall)).toFixed(2)}x`,
      );
    }
    console.log(`per folder, in process: ${perFolder.map((x) => `${(x * 1000).toFixed(0)} µs`).join(' / ')} (N=${SIZES.join(' / ')}): linear when these stay close`);
  } finally {
    await fs.rm(base, { recursive: true, force: true });
  }
}

await main();

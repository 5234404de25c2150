/**
 * Scan benchmark: N = 100 and 1,000 NPKI certificate folders (distinct certificates, one signing key),
 * scanned and parsed by scanStores, against a native peer reading and parsing the same files in one
 * process (Python `cryptography` when importable, else `openssl x509` per file).
 * Run: npx tsx bench/scan.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { certFactory, YESSIGN_DIR } from '../main/stores/cert-factory.test-util.js';
import { folderStore } from '../main/stores/roots.js';
import { scanStores } from '../main/stores/scan.js';

const SIZES = [100, 1000];
const REPEATS = 7;

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
import os, sys, time
from cryptography import x509
from cryptography.x509.oid import ExtensionOID
root = sys.argv[1]
t0 = time.perf_counter()
n = 0
for ca in os.listdir(root):
    user = os.path.join(root, ca, 'USER')
    for dn in os.listdir(user):
        with open(os.path.join(user, dn, 'signCert.der'), 'rb') as f:
            c = x509.load_der_x509_certificate(f.read())
        c.subject.rfc4514_string(); c.issuer.rfc4514_string(); c.serial_number; c.not_valid_before_utc; c.not_valid_after_utc
        c.extensions.get_extension_for_oid(ExtensionOID.CERTIFICATE_POLICIES)
        n += 1
print(n, (time.perf_counter() - t0) * 1000)
`;

function peerKind(): 'python' | 'openssl' {
  return spawnSync('python3', ['-c', 'import cryptography'], { stdio: 'ignore' }).status === 0 ? 'python' : 'openssl';
}

function peer(kind: 'python' | 'openssl', root: string, files: string[]): { inProcessMs: number; wallMs: number } {
  const t0 = performance.now();
  if (kind === 'python') {
    const out = execFileSync('python3', ['-c', PY, root], { encoding: 'utf8' }).trim().split(' ');
    if (Number(out[0]) !== files.length) throw new Error('peer count wrong');
    return { inProcessMs: Number(out[1]), wallMs: performance.now() - t0 };
  }
  for (const f of files) execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-subject', '-in', f]);
  const ms = performance.now() - t0;
  return { inProcessMs: ms, wallMs: ms };
}

async function main(): Promise<void> {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'dojang-bench-scan-'));
  const kind = peerKind();
  console.log(`peer: ${kind === 'python' ? 'Python cryptography (x509.load_der_x509_certificate, one process)' : 'openssl x509 per file'}`);
  try {
    for (const n of SIZES) {
      const root = path.join(base, `n${n}`, 'NPKI');
      const files = await generate(root, n);
      const cold = await ours(root, n); // first scan of this tree in this process: JIT and caches cold
      await ours(root, n);
      const runs = [];
      for (let i = 0; i < REPEATS; i++) runs.push(await ours(root, n));
      const peers = [];
      for (let i = 0; i < REPEATS; i++) peers.push(peer(kind, root, files));
      const first = cold;
      const oursTotal = median(runs.map((r) => r.totalMs));
      const oursFirst = median(runs.map((r) => r.firstMs));
      const peerIn = median(peers.map((p) => p.inProcessMs));
      const peerWall = median(peers.map((p) => p.wallMs));
      console.log(
        `N=${n}: ours ${oursTotal.toFixed(1)} ms complete (first row ${oursFirst.toFixed(1)} ms; cold first run ${first.totalMs.toFixed(1)} ms / first row ${first.firstMs.toFixed(1)} ms)` +
          ` | peer ${peerIn.toFixed(1)} ms in-process (${peerWall.toFixed(0)} ms with interpreter start)` +
          ` | ratio ours/peer ${(oursTotal / peerIn).toFixed(2)}x (vs peer wall ${(oursTotal / peerWall).toFixed(2)}x)`,
      );
    }
  } finally {
    await fs.rm(base, { recursive: true, force: true });
  }
}

await main();

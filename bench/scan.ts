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
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { certFactory, YESSIGN_DIR } from '../main/stores/cert-factory.test-util.js';
import { matchCa } from '../common/pki/ca-names.js';
import { POLICY_ROWS } from '../common/pki/policies.data.js';
import { lookupPolicy } from '../common/pki/policies.js';
import { folderStore } from '../main/stores/roots.js';
import { KNOWN_CA_FOLDERS, scanStores } from '../main/stores/scan.js';

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
    const cn = `홍길동${i}()00${9104120200225191000000n + BigInt(i)}`; // the NPKI CN form: name()digits
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

interface Timed {
  totalMs: number;
  cpuMs: number;
}

async function ours(root: string, n: number): Promise<Timed & { firstMs: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let first = 0;
  const report = await scanStores([folderStore(root)], {
    onEntry: () => {
      if (!first) first = performance.now() - t0;
    },
  });
  const totalMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  if (report.entries.length !== n || report.entries.some((e) => e.state !== 'ok')) throw new Error('scan result wrong');
  return { firstMs: first, totalMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * The peer, in two forms (argv: ROOT json|time min|same TABLES):
 * - min: the seven fields this bench started with (path, subject, issuer, serial, dates, policy);
 * - same: every field `dojang scan --json` prints (holder, CA and usage names from the same tables,
 *   key size, SHA-256 fingerprint, identifyData presence, hasKey from the folder listing), rows sorted
 *   as ours. realName inside identifyData is not decoded (cryptography has no ASN.1 reader for it).
 * Neither does our safety work: no link checks, no size cap, a FIFO named signCert.der would hang it.
 * Its in-process time starts after the imports and ends with the rows in memory, as ours does.
 */
const PY = `
import json, os, re, sys, time
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtensionOID, NameOID
root, emit, same = sys.argv[1], sys.argv[2] == 'json', sys.argv[3] == 'same'
tables = json.loads(sys.argv[4])
IDENTIFY = x509.ObjectIdentifier('1.2.410.200004.10.1.1')
HOLDER = re.compile(r'^(.+?)\\([^()]*\\)\\d+$')
t0, c0 = time.perf_counter(), time.process_time()
rows = []
for ca in os.listdir(root):
    user = os.path.join(root, ca, 'USER')
    for dn in os.listdir(user):
        folder = os.path.join(user, dn)
        names = os.listdir(folder)
        with open(os.path.join(folder, 'signCert.der'), 'rb') as f:
            c = x509.load_der_x509_certificate(f.read())
        pol = c.extensions.get_extension_for_oid(ExtensionOID.CERTIFICATE_POLICIES).value
        row = {'path': folder, 'subject': c.subject.rfc4514_string(), 'issuer': c.issuer.rfc4514_string(),
               'serial': format(c.serial_number, 'x'), 'notBefore': c.not_valid_before_utc.isoformat(),
               'notAfter': c.not_valid_after_utc.isoformat(), 'policyOid': pol[0].policy_identifier.dotted_string}
        if same:
            cns = c.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
            cn = cns[-1].value if cns else None
            m = HOLDER.match(cn) if cn else None
            orgs = c.issuer.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
            try:
                san = c.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
                has_vid = any(o.type_id == IDENTIFY for o in san.get_values_for_type(x509.OtherName))
            except x509.ExtensionNotFound:
                has_vid = False
            key = c.public_key()
            row.update({'store': root, 'state': 'ok', 'hasKey': 'signpri.key' in (n.lower() for n in names), 'damaged': None,
                        'holder': m.group(1).strip() if m else cn, 'ca': tables['ca'].get(orgs[-1].value.lower()) if orgs else None,
                        'usage': tables['usage'].get(row['policyOid']),
                        'keyAlgorithm': 'RSA' if isinstance(key, rsa.RSAPublicKey) else type(key).__name__, 'keyBits': key.key_size,
                        'fingerprintSha256': c.fingerprint(hashes.SHA256()).hex(), 'hasVid': has_vid, 'vidHashAlg': None})
        rows.append(row)
if same:
    rows.sort(key=lambda r: r['path'])
if emit:
    json.dump({'certificates': rows}, sys.stdout, ensure_ascii=False)
else:
    print(len(rows), (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000)
`;

/** The CA and usage names the peer looks up: the same tables ours uses. */
const TABLES = JSON.stringify({
  ca: Object.fromEntries(KNOWN_CA_FOLDERS.map((id) => [id.toLowerCase(), matchCa([id], null)?.nameKo ?? null])),
  usage: Object.fromEntries(POLICY_ROWS.map(([oid]) => [oid, lookupPolicy(oid)?.usageKo ?? null])),
});

type PeerForm = 'min' | 'same';
const peerArgs = (root: string, emit: 'json' | 'time', form: PeerForm) => ['-c', PY, root, emit, form, TABLES];

/** Ticks per second of /proc's CPU times (USER_HZ: 100 on Linux whatever the kernel's HZ). */
const CLK_TCK = process.platform === 'linux' ? Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) : 0;

/**
 * CPU milliseconds (user + system, every thread) of this process's finished children so far: on a
 * machine shared with other work the fairest whole-process figure, where wall time mostly measures the
 * load. Linux only (/proc/self/stat cutime + cstime, 10 ms steps: averaged over the runs); NaN elsewhere.
 */
function childrenCpuMs(): number {
  if (!CLK_TCK) return NaN;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLK_TCK; // fields 16 and 17 of proc(5), counted from state (3)
}

function wall(cmd: string, args: string[], expect: number): Timed {
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const out = execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const totalMs = performance.now() - t0;
  const cpuMs = childrenCpuMs() - c0;
  const count = (JSON.parse(out) as { certificates: unknown[] }).certificates.length;
  if (count !== expect) throw new Error(`${cmd} listed ${count}, not ${expect}`);
  return { totalMs, cpuMs };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Wall and CPU milliseconds of the peer's own timer (after its imports). */
function peerInProcess(root: string, n: number, form: PeerForm): Timed {
  const out = execFileSync('python3', peerArgs(root, 'time', form), { encoding: 'utf8' })
    .trim()
    .split(' ');
  if (Number(out[0]) !== n) throw new Error('peer count wrong');
  return { totalMs: Number(out[1]), cpuMs: Number(out[2]) };
}

async function main(): Promise<void> {
  if (spawnSync('python3', ['-c', 'import cryptography'], { stdio: 'ignore' }).status !== 0)
    throw new Error('the peer needs python3-cryptography (Debian: apt-get install python3-cryptography)');
  if (!existsSync(path.join(root0, 'dist/cli/dojang.mjs'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root0, stdio: 'inherit' });
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'dojang-bench-scan-'));
  console.log(
    `peer: Python cryptography ${execFileSync('python3', ['-c', 'import cryptography; print(cryptography.__version__)'], { encoding: 'utf8' }).trim()}, same files; ` +
      'in process = after imports until the rows are in memory (ours: scanStores with its link, size and FIFO checks; the peer: none of them); CPU = user + system time of that span',
  );
  const perFolder: number[] = [];
  try {
    for (const n of SIZES) {
      const root = path.join(base, `n${n}`, 'NPKI');
      await generate(root, n);
      const cold = await ours(root, n); // first scan of this tree in this process: JIT and caches cold
      const runs: (Timed & { firstMs: number })[] = [];
      const peers: Record<PeerForm, Timed[]> = { min: [], same: [] };
      const oursWall: Timed[] = [];
      const peerWall: Record<PeerForm, Timed[]> = { min: [], same: [] };
      const repeats = n >= 10_000 ? 3 : REPEATS;
      for (let i = 0; i < repeats; i++) {
        runs.push(await ours(root, n));
        for (const form of ['min', 'same'] as const) peers[form].push(peerInProcess(root, n, form));
        oursWall.push(wall(process.execPath, [CLI, 'scan', '--json', root], n));
        for (const form of ['min', 'same'] as const) peerWall[form].push(wall('python3', peerArgs(root, 'json', form), n));
      }
      const total = median(runs.map((r) => r.totalMs));
      const cpu = median(runs.map((r) => r.cpuMs));
      perFolder.push(cpu / n);
      const ratios = (form: PeerForm) => {
        const p = { totalMs: median(peers[form].map((x) => x.totalMs)), cpuMs: median(peers[form].map((x) => x.cpuMs)) };
        return `${p.totalMs.toFixed(1)} ms (CPU ${p.cpuMs.toFixed(1)}) → ratio ${(total / p.totalMs).toFixed(2)}x (CPU ${(cpu / p.cpuMs).toFixed(2)}x)`;
      };
      const oursMs = median(oursWall.map((w) => w.totalMs));
      const oursCpu = mean(oursWall.map((w) => w.cpuMs));
      const wallRatio = (form: PeerForm) => {
        const ms = median(peerWall[form].map((w) => w.totalMs));
        const cpuMs = mean(peerWall[form].map((w) => w.cpuMs));
        return `${ms.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)}) → ratio ${(oursMs / ms).toFixed(2)}x (CPU ${(oursCpu / cpuMs).toFixed(2)}x)`;
      };
      console.log(`N=${n}`);
      console.log(
        `  in process: ours ${total.toFixed(1)} ms (CPU ${cpu.toFixed(1)}; first row ${median(runs.map((r) => r.firstMs)).toFixed(1)} ms; cold ${cold.totalMs.toFixed(1)} ms, first row ${cold.firstMs.toFixed(1)} ms)`,
      );
      console.log(`    peer, same fields: ${ratios('same')}`);
      console.log(`    peer, 7 fields:    ${ratios('min')}`);
      console.log(`  whole process \`dojang scan --json\`: ${oursMs.toFixed(0)} ms (CPU ${oursCpu.toFixed(0)})`);
      console.log(`    peer, same fields: ${wallRatio('same')}`);
      console.log(`    peer, 7 fields:    ${wallRatio('min')}`);
    }
    console.log(`CPU per folder, in process: ${perFolder.map((x) => `${(x * 1000).toFixed(0)} µs`).join(' / ')} (N=${SIZES.join(' / ')}): linear when these stay close`);
  } finally {
    await fs.rm(base, { recursive: true, force: true });
  }
}

await main();

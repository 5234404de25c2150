/**
 * Copy benchmark: 1,000 certificate folders (4 files each) copied to another NPKI root by copyCertificates
 * (temp folder, fsync per file, SHA-256 re-read check, rename) against `cp -r` of the same tree, and
 * `cp -r` followed by `sync` (the closest durable equivalent), in the same run.
 * Run: npx tsx bench/stores.ts
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { certFactory, KICA_DIR, YESSIGN_DIR } from '../main/stores/cert-factory.test-util.js';
import { copyCertificates } from '../main/stores/copy.js';

const N = Number(process.env['DOJANG_BENCH_N'] ?? 1000);
const CONCURRENCY = Number(process.env['DOJANG_BENCH_CONCURRENCY'] ?? 8);
const ROUNDS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function generate(root: string): Promise<string[]> {
  const factory = certFactory();
  const [signKey, kmCert, kmKey] = await Promise.all([
    fs.readFile(path.join(YESSIGN_DIR, 'signPri.key')),
    fs.readFile(path.join(KICA_DIR, 'kmCert.der')),
    fs.readFile(path.join(KICA_DIR, 'kmPri.key')),
  ]);
  const dirs: string[] = [];
  for (let i = 0; i < N; i++) {
    const dir = path.join(root, 'yessign', 'USER', `cn=홍길동${i}()0091041202002251910${String(i).padStart(5, '0')},ou=KMB,ou=personal4IB,o=yessign,c=kr`);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'signCert.der'), factory.make({ serial: i, cn: `홍길동${i}` }));
    await fs.writeFile(path.join(dir, 'signPri.key'), signKey);
    await fs.writeFile(path.join(dir, 'kmCert.der'), kmCert);
    await fs.writeFile(path.join(dir, 'kmPri.key'), kmKey);
    dirs.push(dir);
  }
  return dirs;
}

async function main(): Promise<void> {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'dojang-bench-stores-'));
  try {
    const src = path.join(base, 'src', 'NPKI');
    const dirs = await generate(src);
    execFileSync('sync');

    // Rounds interleave the three so a busy disk (other processes) weighs on each alike; medians are printed.
    const times = { ours: [] as number[], cp: [] as number[], cpSync: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const oursDst = path.join(base, `ours${round}`, 'NPKI');
      await fs.mkdir(path.dirname(oursDst), { recursive: true });
      execFileSync('sync');
      let t = performance.now();
      const summary = await copyCertificates(dirs, oursDst, { concurrency: CONCURRENCY });
      times.ours.push(performance.now() - t);
      if (summary.done !== N || summary.failed.length) throw new Error(`copy failed: ${JSON.stringify(summary.failed[0])}`);

      execFileSync('sync');
      t = performance.now();
      execFileSync('cp', ['-r', src, path.join(base, `cp${round}`)]);
      times.cp.push(performance.now() - t);

      execFileSync('sync');
      t = performance.now();
      execFileSync('cp', ['-r', src, path.join(base, `cpsync${round}`)]);
      execFileSync('sync');
      times.cpSync.push(performance.now() - t);
      for (const d of [`ours${round}`, `cp${round}`, `cpsync${round}`]) await fs.rm(path.join(base, d), { recursive: true });
    }
    const oursMs = median(times.ours);
    const cpMs = median(times.cp);
    const cpSyncMs = median(times.cpSync);
    console.log(`${N} certificate folders (${N * 4} files), ours with concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds:`);
    console.log(
      `  ours (fsync + SHA-256 verify + atomic rename): ${oursMs.toFixed(0)} ms (${(oursMs / N).toFixed(2)} ms/folder) [${times.ours.map((x) => x.toFixed(0)).join(', ')}]`,
    );
    console.log(`  cp -r:        ${cpMs.toFixed(0)} ms [${times.cp.map((x) => x.toFixed(0)).join(', ')}]   ratio ours/cp ${(oursMs / cpMs).toFixed(2)}x`);
    console.log(`  cp -r + sync: ${cpSyncMs.toFixed(0)} ms [${times.cpSync.map((x) => x.toFixed(0)).join(', ')}]   ratio ours/(cp+sync) ${(oursMs / cpSyncMs).toFixed(2)}x`);
  } finally {
    await fs.rm(base, { recursive: true, force: true });
  }
}

await main();

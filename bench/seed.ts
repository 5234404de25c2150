/**
 * SEED-CBC throughput: our TypeScript SEED (main/crypto) against `openssl enc -seed-cbc` on the
 * same 16 MiB, measured in the same run. Run: npx tsx bench/seed.ts
 *
 * OpenSSL is timed as a whole process (wall clock, best of 3), reading the file and writing to
 * /dev/null. Its start-up (providers loaded, no data) is measured with a 0-byte run; the ratio
 * is given both ways, and the goal (ours ≥ 0.5× OpenSSL) is judged on the stricter one, with
 * the start-up subtracted from OpenSSL's time.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cbcDecrypt, cbcEncrypt } from '../main/crypto/cbc.js';
import { Seed } from '../main/crypto/seed.js';

const SIZE = 16 * 1024 * 1024;
const RUNS = 3;
const MiB = 1024 * 1024;

const key = randomBytes(16);
const iv = randomBytes(16);
const plain = randomBytes(SIZE);
const dir = mkdtempSync(path.join(tmpdir(), 'dojang-bench-seed-'));

function best(fn: () => void): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

function opensslEnc(decrypt: boolean, input: string): Buffer {
  const args = ['enc', '-seed-cbc', ...(decrypt ? ['-d'] : []), '-K', key.toString('hex'), '-iv', iv.toString('hex')];
  const r = spawnSync('openssl', [...args, '-in', input, '-provider', 'legacy', '-provider', 'default'], { maxBuffer: 2 * SIZE });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr?.toString() ?? r.error?.message}`);
  return r.stdout;
}

function opensslTime(decrypt: boolean, input: string): number {
  return best(() => {
    const args = ['enc', '-seed-cbc', ...(decrypt ? ['-d'] : []), '-K', key.toString('hex'), '-iv', iv.toString('hex')];
    const r = spawnSync('openssl', [...args, '-in', input, '-out', '/dev/null', '-provider', 'legacy', '-provider', 'default']);
    if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr.toString()}`);
  });
}

try {
  const seed = new Seed(key);
  // Warm up the JIT, and check we agree with OpenSSL byte for byte before timing anything.
  const ours = cbcEncrypt(seed, iv, plain);
  cbcDecrypt(seed, iv, ours);
  const plainFile = path.join(dir, 'plain.bin');
  const cipherFile = path.join(dir, 'cipher.bin');
  const emptyFile = path.join(dir, 'empty.bin');
  writeFileSync(plainFile, plain);
  writeFileSync(cipherFile, ours);
  writeFileSync(emptyFile, Buffer.alloc(0));
  if (!opensslEnc(false, plainFile).equals(ours)) throw new Error('OpenSSL and our SEED-CBC disagree');

  const ourEnc = best(() => cbcEncrypt(seed, iv, plain));
  const ourDec = best(() => cbcDecrypt(seed, iv, ours));
  const startup = opensslTime(false, emptyFile);
  const sslEnc = opensslTime(false, plainFile);
  const sslDec = opensslTime(true, cipherFile);

  const rate = (ms: number): number => SIZE / MiB / (ms / 1000);
  const row = (what: string, our: number, ssl: number): boolean => {
    const net = Math.max(ssl - startup, 0.001);
    const ratioRaw = rate(our) / rate(ssl);
    const ratioNet = rate(our) / rate(net);
    console.log(
      `${what}: ours ${rate(our).toFixed(1)} MiB/s (${our.toFixed(0)} ms) | openssl ${rate(ssl).toFixed(1)} MiB/s whole process ` +
        `(${ssl.toFixed(0)} ms), ${rate(net).toFixed(1)} MiB/s without start-up | ratio ${ratioRaw.toFixed(2)}× (whole process), ` +
        `${ratioNet.toFixed(2)}× (start-up subtracted)`,
    );
    return ratioNet >= 0.5;
  };
  console.log(`SEED-CBC, 16 MiB, best of ${RUNS}; openssl start-up (0-byte run): ${startup.toFixed(1)} ms`);
  const okEnc = row('encrypt', ourEnc, sslEnc);
  const okDec = row('decrypt', ourDec, sslDec);
  console.log(okEnc && okDec ? 'goal met: ours ≥ 0.5× OpenSSL (start-up subtracted)' : 'goal NOT met: ours < 0.5× OpenSSL');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

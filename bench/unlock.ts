/**
 * Time to open a key file: our unlockKey (parse, derive, decrypt, parse PrivateKeyInfo, load the
 * RSA key, match it to the certificate) against `openssl pkcs8` decrypting a key file, one process
 * per decrypt, in the same run. Run: npx tsx bench/unlock.ts
 *
 * Ours is measured on the yessign fixture (seedCBCWithSHA1, PBKDF1 2048 it.) and on the PBES2 /
 * PBKDF2-SHA1 2048 it. / SEED-CBC fixture; OpenSSL on the PBES2 one (it cannot read 1.2.410.200004.1.15).
 * OpenSSL's figure includes its process start-up: that is what a tool that shells out to it pays.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { YESSIGN_DIR as FIXTURES, YESSIGN_PASSWORD as PASSWORD } from '../fixtures/paths.js';
import { unlockKey } from '../main/npki/keyfile.js';

const cert = readFileSync(path.join(FIXTURES, 'signCert.der'));
const seedKey = readFileSync(path.join(FIXTURES, 'signPri.key'));
const pbes2File = path.join(FIXTURES, 'generated_pbes2_seedcbc_sha1_signPri.key');
const pbes2Key = readFileSync(pbes2File);

function median(fn: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

for (let i = 0; i < 20; i++) unlockKey(cert, seedKey, PASSWORD); // JIT warm-up

const oursSeed = median(() => unlockKey(cert, seedKey, PASSWORD), 200);
const oursPbes2 = median(() => unlockKey(cert, pbes2Key, PASSWORD), 200);
const openssl = median(() => {
  const r = spawnSync('openssl', ['pkcs8', '-inform', 'DER', '-in', pbes2File, '-passin', `pass:${PASSWORD}`, '-out', '/dev/null', '-provider', 'legacy', '-provider', 'default']);
  if (r.status !== 0) throw new Error(`openssl pkcs8 failed: ${r.stderr.toString()}`);
}, 40);

console.log(`unlock, median per key file:`);
console.log(`  ours, yessign signPri.key (seedCBCWithSHA1, 2048 it.) + cert match: ${oursSeed.toFixed(2)} ms`);
console.log(`  ours, PBES2/PBKDF2-SHA1 2048 it./SEED-CBC fixture + cert match:  ${oursPbes2.toFixed(2)} ms`);
console.log(`  openssl pkcs8 -inform DER (same PBES2 fixture), one process each: ${openssl.toFixed(2)} ms`);
console.log(`ratio (openssl / ours): ${(openssl / oursSeed).toFixed(1)}× (yessign file), ${(openssl / oursPbes2).toFixed(1)}× (same PBES2 file)`);

/**
 * CMS sign / verify throughput with the fixture key (RSA-2048, SHA-256), against
 * `openssl speed -seconds 3 rsa2048` (raw RSA sign / verify, one core) measured in the same run.
 * Run: npx tsx bench/cms.ts
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { YESSIGN_DIR } from '../fixtures/paths.js';
import { signCms, signPkcs1, verifyCms } from '../common/pki/cms.js';

const cert = readFileSync(path.join(YESSIGN_DIR, 'signCert.der'));
const key = createPrivateKey({ key: readFileSync(path.join(YESSIGN_DIR, 'signPri.key.decrypted.der')), format: 'der', type: 'pkcs8' });
const content = Buffer.from('본인은 위 거래 내용에 동의합니다. nonce=' + 'ab'.repeat(32));
const SECONDS = 3;

async function perSecond(fn: () => unknown | Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await fn(); // warm up
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 10; i++) await fn();
    n += 10;
  }
  return n / ((performance.now() - t0) / 1000);
}

function opensslSpeed(): { sign: number; verify: number } {
  const out = execFileSync('openssl', ['speed', '-seconds', String(SECONDS), 'rsa2048'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString();
  // "rsa 2048 bits 0.000712s 0.000021s   1404.5  47619.0"
  const m = /rsa\s+2048 bits\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)/.exec(out);
  if (!m) throw new Error('could not read openssl speed output:\n' + out);
  return { sign: Number(m[1]), verify: Number(m[2]) };
}

const peer = opensslSpeed();
const signer = (d: Buffer) => signPkcs1(key, d);
const sample = await signCms({ content, detached: false, certDer: cert, signer });
if (!verifyCms(sample).valid) throw new Error('the sample does not verify');
const sign = await perSecond(() => signCms({ content, detached: false, certDer: cert, signer }));
const verify = await perSecond(() => verifyCms(sample));

const row = (name: string, ours: number, theirs: number) =>
  console.log(`${name.padEnd(8)} ours ${ours.toFixed(0).padStart(7)}/s   openssl rsa2048 ${theirs.toFixed(0).padStart(7)}/s   ratio ${(ours / theirs).toFixed(2)}x`);
console.log(`CMS SignedData, RSA-2048 / SHA-256, ${content.length}-byte content, attached, one core (node ${process.version})`);
row('sign', sign, peer.sign);
row('verify', verify, peer.verify);

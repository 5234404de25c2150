/**
 * CMS sign / verify throughput, RSA-2048 (the fixture key) and RSA-3072 (the RootCA 5 generation's
 * size: a key and self-signed certificate made here), SHA-256, against
 * `openssl speed -seconds 3 rsa2048 rsa3072` (raw RSA sign / verify, one core) measured in the same run.
 * Run: npx tsx bench/cms.ts
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { YESSIGN_DIR } from '../fixtures/paths.js';
import { signCms, signPkcs1, verifyCms } from '../common/pki/cms.js';

const content = Buffer.from('본인은 위 거래 내용에 동의합니다. nonce=' + 'ab'.repeat(32));
const SECONDS = 3;

/** A 3072-bit key and a self-signed certificate for it, made by OpenSSL. */
function rsa3072(): { cert: Buffer; key: KeyObject } {
  const dir = mkdtempSync(join(tmpdir(), 'dojang-bench-3072-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  writeFileSync(join(dir, 'k.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const cert = execFileSync('openssl', ['req', '-x509', '-key', join(dir, 'k.pem'), '-subj', '/CN=bench 3072', '-days', '1', '-outform', 'DER']);
  return { cert, key: privateKey };
}

const KEYS: Record<'2048' | '3072', { cert: Buffer; key: KeyObject }> = {
  '2048': {
    cert: readFileSync(join(YESSIGN_DIR, 'signCert.der')),
    key: createPrivateKey({ key: readFileSync(join(YESSIGN_DIR, 'signPri.key.decrypted.der')), format: 'der', type: 'pkcs8' }),
  },
  '3072': rsa3072(),
};

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

function opensslSpeed(): Record<'2048' | '3072', { sign: number; verify: number }> {
  const out = execFileSync('openssl', ['speed', '-seconds', String(SECONDS), 'rsa2048', 'rsa3072'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString();
  // "rsa 2048 bits 0.000712s 0.000021s   1404.5  47619.0"
  const read = (bits: string) => {
    const m = new RegExp(`rsa\\s+${bits} bits\\s+\\S+\\s+\\S+\\s+([\\d.]+)\\s+([\\d.]+)`).exec(out);
    if (!m) throw new Error('could not read openssl speed output:\n' + out);
    return { sign: Number(m[1]), verify: Number(m[2]) };
  };
  return { '2048': read('2048'), '3072': read('3072') };
}

const peer = opensslSpeed();
console.log(`CMS SignedData, SHA-256, ${content.length}-byte content, attached, one core (node ${process.version})`);
for (const bits of ['2048', '3072'] as const) {
  const { cert, key } = KEYS[bits];
  const signer = (d: Buffer) => signPkcs1(key, d);
  const sample = await signCms({ content, detached: false, certDer: cert, signer });
  if (!verifyCms(sample).valid) throw new Error('the sample does not verify');
  const sign = await perSecond(() => signCms({ content, detached: false, certDer: cert, signer }));
  const verify = await perSecond(() => verifyCms(sample));
  const row = (name: string, ours: number, theirs: number) =>
    console.log(
      `${name.padEnd(8)} RSA-${bits} ours ${ours.toFixed(0).padStart(7)}/s   openssl rsa${bits} ${theirs.toFixed(0).padStart(7)}/s   ratio ${(ours / theirs).toFixed(2)}x`,
    );
  row('sign', sign, peer[bits].sign);
  row('verify', verify, peer[bits].verify);
}

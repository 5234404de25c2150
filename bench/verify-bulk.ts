/**
 * Bulk relying-party verification: 1,000 CMS signature files (one signer, its CA, the CA's CRL given as
 * a file) checked by one `dojang verify --offline --trust CA --crl CRL FILE…` process, against the shell
 * loop people write today: `openssl cms -verify -CAfile CA+CRL -crl_check` once per file.
 * Both check the signature, the content digest, the chain to the CA and the signer's revocation.
 * Goal (issue 16): ours faster than the loop.
 * Run: npx tsx bench/verify-bulk.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signCms, signPkcs1 } from '../common/pki/cms.js';

const root = path.resolve(import.meta.dirname, '..');
const COUNT = Number(process.env.COUNT ?? 1000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-bench-verify-'));
const at = (f: string) => path.join(dir, f);
const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

if (!existsSync(path.join(root, 'dist/cli/dojang.mjs'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });

try {
  // A CA (self-signed, keyCertSign + cRLSign), a signer under it, and the CA's CRL (one other serial revoked).
  writeFileSync(
    at('ca.cnf'),
    '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\ndefault_crl_days=30\npolicy=p\n[p]\ncommonName=supplied\n[v3_ca]\nbasicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n[ee]\nbasicConstraints=CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\nauthorityKeyIdentifier=keyid\ncertificatePolicies=1.2.410.200005.1.1.1\n',
  );
  writeFileSync(at('index.txt'), '');
  writeFileSync(at('serial'), '1000\n');
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-subj',
    '/CN=Bench CA/O=Dojang/C=KR',
    '-days',
    '30',
    '-config',
    'ca.cnf',
    '-extensions',
    'v3_ca',
  );
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ee.key', '-out', 'ee.csr', '-subj', '/CN=Bench Signer');
  ssl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'ee.csr', '-out', 'ee.pem', '-extensions', 'ee', '-days', '10', '-notext');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.csr', '-subj', '/CN=Revoked');
  ssl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'other.csr', '-out', 'other.pem', '-extensions', 'ee', '-days', '10', '-notext');
  ssl('ca', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-revoke', 'other.pem');
  ssl('ca', '-gencrl', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-out', 'ca.crl');

  writeFileSync(at('ca-crl.pem'), readFileSync(at('ca.pem'), 'utf8') + readFileSync(at('ca.crl'), 'utf8')); // openssl cms takes CRLs inside -CAfile
  const certDer = Buffer.from(readFileSync(at('ee.pem'), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const key = createPrivateKey(readFileSync(at('ee.key')));
  const files: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const content = Buffer.from(`이체 확인 #${i}: 100,000원을 보냅니다. nonce=${i.toString(16).padStart(8, '0')}`);
    const file = at(`sig-${i}.p7s`);
    writeFileSync(file, await signCms({ content, detached: false, certDer, signer: (d) => signPkcs1(key, d) }));
    files.push(file);
  }

  const t0 = performance.now();
  const ours = spawnSync(process.execPath, [path.join(root, 'bin/dojang.js'), 'verify', '--offline', '--trust', at('ca.pem'), '--crl', at('ca.crl'), '--json', ...files], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const oursMs = performance.now() - t0;
  const results = (JSON.parse(ours.stdout) as { results: { file: string; checks: { name: string; ok: boolean | null }[] }[] }).results;
  const sigOk = results.filter((r) => r.checks.some((c) => c.name === 'signature' && c.ok === true)).length;
  const revOk = results.filter((r) => r.checks.some((c) => c.name === 'revocation' && c.ok === true)).length;

  const t1 = performance.now();
  let peerOk = 0;
  for (const file of files) {
    const r = spawnSync(
      'openssl',
      ['cms', '-verify', '-binary', '-inform', 'DER', '-in', file, '-CAfile', at('ca-crl.pem'), '-crl_check', '-purpose', 'any', '-out', '/dev/null'],
      { stdio: 'ignore' },
    );
    if (r.status === 0) peerOk++;
  }
  const peerMs = performance.now() - t1;

  console.log(`${COUNT} CMS signatures (RSA-2048, attached), chain + CRL given as files (${os.cpus().length} cores, node ${process.version})`);
  console.log(
    `ours  dojang verify, one process:     ${(oursMs / 1000).toFixed(2)} s  (${((COUNT * 1000) / oursMs).toFixed(0)}/s; signature ok ${sigOk}, revocation ok ${revOk}; exit ${ours.status})`,
  );
  console.log(`peer  openssl cms -verify, per file:  ${(peerMs / 1000).toFixed(2)} s  (${((COUNT * 1000) / peerMs).toFixed(0)}/s; verified ${peerOk})`);
  console.log(`ratio ours/peer time ${(oursMs / peerMs).toFixed(2)}x: goal (faster than the loop) ${oursMs < peerMs ? 'met' : 'NOT met'}`);
} finally {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
  else console.log(dir);
}

/**
 * Test-only: a real `openssl ocsp` responder for one CA (its `openssl ca` index), on a given
 * port (openssl binds every interface; the certificates point at 127.0.0.1). Ready means it
 * answered an OCSP request, not a sleep.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { httpRequest } from '../http.js';
import { buildOcspRequest } from '../ocsp.js';
import type { Cert } from '../x509.js';
import type { TestCa } from './korean-pki.test-util.js';

export interface OcspResponder {
  url: string;
  stop(): Promise<void>;
}

export async function startOcspResponder(ca: TestCa, port: number, probe: { cert: Cert; issuer: Cert }): Promise<OcspResponder> {
  const proc = spawn(
    'openssl',
    ['ocsp', '-index', path.join(ca.dir, 'index.txt'), '-port', String(port), '-rsigner', ca.certFile, '-rkey', ca.keyFile, '-CA', ca.certFile, '-nmin', '60', '-ignore_err'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => {
    if (stderr.length < 8192) stderr += c.toString();
  });
  const url = `http://127.0.0.1:${port}/`;
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 400; i++) {
    if (proc.exitCode !== null) throw new Error(`openssl ocsp exited (${proc.exitCode}): ${stderr}`);
    try {
      const res = await httpRequest({
        method: 'POST',
        url,
        body: buildOcspRequest(probe.cert, probe.issuer, null),
        headers: { 'Content-Type': 'application/ocsp-request' },
        timeoutMs: 2000,
        maxBytes: 1 << 20,
      });
      if (res.status === 200) return { url, stop };
    } catch {
      // not listening yet: poll again
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  await stop();
  throw new Error(`openssl ocsp did not answer: ${stderr}`);
}

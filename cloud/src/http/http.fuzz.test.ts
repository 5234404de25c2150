/**
 * Issue 12: no byte sequence kills the cloud service. The service in a child process gets
 * thousands of seeded, mutated request lines, headers and bodies on raw sockets (the issue's
 * crashers `//`, `http://[`, `%c0%ae`, NUL, huge headers among them); then it must still be
 * alive and answer, and no answer may be a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { fuzzServer, request } from '../../../common/http-fuzz.test-util.js';
import { tempDir } from '../testing/harness.js';

const data = tempDir('dojang-cloud-fuzz-');
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../testing/child.ts')], {
    env: { ...process.env, DOJANG_TEST_CHILD: JSON.stringify({ dataDir: data.dir, masterKeyHex: randomBytes(32).toString('hex'), offsetMs: 0 }) },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  url = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{"ready"')) resolve((JSON.parse(line) as { ready: string }).ready);
    });
    child.once('exit', (code) => reject(new Error(`the cloud exited with ${code}`)));
  });
}, 120_000);

afterAll(() => {
  child.kill('SIGKILL');
  data.remove();
});

describe('the running cloud service under fuzzed requests', () => {
  it('survives 3000 mutated requests and still answers; no 5xx', async () => {
    const port = Number(new URL(url).port);
    const host = `Host: 127.0.0.1:${port}`;
    const json = (method: string, p: string, body: string, extra: string[] = []) =>
      request([`${method} ${p} HTTP/1.1`, host, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, ...extra], body);
    const seeds = [
      request(['GET /v1/ca HTTP/1.1', host]),
      request(['GET /v1/devices HTTP/1.1', host, 'Authorization: Bearer abc.def']),
      json('POST', '/v1/connect/request', JSON.stringify({ name: '김도장', mobile: '010-1234-5678', birthDate: '19850505' })),
      json('POST', '/v1/connect/verify', JSON.stringify({ challengeID: 'x', code: '123456', deviceName: 'a\u0000b' })),
      json('POST', '/v1/credentials/authorize', JSON.stringify({ credentialID: 'c', pin: '123456' }), ['Authorization: Bearer x']),
      json('POST', '/v1/ra/registrations', '{"name":"\\u0000"}', ['Authorization: Bearer ra', 'X-Forwarded-For: 1.2.3.4']),
      request(['POST /v1/ocsp HTTP/1.1', host, 'Content-Type: application/ocsp-request', 'Content-Length: 4'], '0\u0082\u00ff\u00ff'),
      request(['DELETE /v1/devices/%c0%ae HTTP/1.1', host, 'Authorization: Bearer x']),
    ];
    const counts = await fuzzServer(port, seeds, 3000, 0x12_0c10);
    expect(child.exitCode).toBeNull();
    const ca = await fetch(`${url}/v1/ca`);
    expect(ca.status).toBe(200);
    expect([...counts.keys()].filter((k) => /^5/.test(k))).toEqual([]);
  }, 300_000);
});

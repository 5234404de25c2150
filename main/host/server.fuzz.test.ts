/**
 * Issue 12: no byte sequence kills the browser host. The real host process (main/host/main.ts)
 * gets thousands of seeded, mutated request lines and headers on raw sockets, before and after
 * the session check; then it must still be alive and answer a valid bridge call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fuzzServer, request } from '../../common/http-fuzz.test-util.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let child: ChildProcess;
let origin: string;
let port: number;
let cookie: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-host-fuzz-'));
  mkdirSync(path.join(dir, 'home'));
  child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'main/host/main.ts')], {
    cwd: root,
    env: { ...process.env, HOME: path.join(dir, 'home'), DOJANG_DATA_DIR: path.join(dir, 'data'), XDG_CONFIG_HOME: path.join(dir, 'home', '.config') },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const ready = await new Promise<{ url: string; origin: string }>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as { url: string; origin: string }));
    child.once('exit', (code) => reject(new Error(`the host exited with ${code}`)));
  });
  origin = ready.origin;
  port = Number(new URL(origin).port);
  const code = /name="code" value="([^"]+)"/.exec(readFileSync(fileURLToPath(ready.url), 'utf8'))![1]!;
  const launch = await fetch(`${origin}/launch`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${code}` });
  cookie = String(launch.headers.get('set-cookie')).split(';')[0]!;
}, 60_000);

afterAll(() => {
  child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function appInfo(): Promise<unknown> {
  const r = await fetch(`${origin}/api/getAppInfo`, { method: 'POST', headers: { cookie, origin, 'content-type': 'application/json' }, body: '{}' });
  return (await r.json()) as unknown;
}

describe('the running browser host under fuzzed requests', () => {
  it('survives 3000 mutated request lines and headers, with and without a session, and still answers', async () => {
    expect(await appInfo()).toMatchObject({ ok: true, value: { host: 'browser' } });
    const host = `Host: 127.0.0.1:${port}`;
    const seeds = [
      request(['GET / HTTP/1.1', host]),
      request(['GET /index.html?x=1#y HTTP/1.1', host, `Cookie: ${cookie}`]),
      request(['GET /api/events HTTP/1.1', host, `Cookie: ${cookie}`, 'Connection: close']),
      request(['POST /api/getAppInfo HTTP/1.1', host, `Cookie: ${cookie}`, `Origin: ${origin}`, 'Content-Type: application/json', 'Content-Length: 2'], '{}'),
      request(['POST /api/listCertificates HTTP/1.1', host, `Cookie: ${cookie}`, 'Content-Type: application/json', 'Transfer-Encoding: chunked'], '2\r\n{}\r\n0\r\n\r\n'),
      request(['POST /launch HTTP/1.1', host, 'Origin: null', 'Content-Type: application/x-www-form-urlencoded', 'Content-Length: 11'], 'code=%c0%ae'),
    ];
    const counts = await fuzzServer(port, seeds, 3000, 0x12_2026);
    expect(child.exitCode).toBeNull();
    expect(await appInfo()).toMatchObject({ ok: true, value: { host: 'browser' } });
    // No 5xx: every bad request is refused as the client's fault.
    expect([...counts.keys()].filter((k) => /^5/.test(k))).toEqual([]);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3000);
    // Some mutants got past the gate (the bridge and the file server were exercised too).
    expect(counts.get('200') ?? 0).toBeGreaterThan(0);
  }, 300_000);
});

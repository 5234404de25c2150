/**
 * The native host as the browser runs it: a real process (tsx) fed Chromium's frames on stdin, with
 * the real channel of a stand-in app in a temp data folder behind it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../core/log.js';
import { startAgentChannel, type AgentChannel, type AgentHandler } from './channel.js';
import { EXTENSION_IDS, extensionOrigin } from './extension-ids.js';
import { encodeFrame, FrameDecoder } from './framing.js';
import { AGENT_PROTOCOL_VERSION, MAX_MESSAGE_BYTES, type AgentRequest } from './protocol.js';

const root = path.resolve(import.meta.dirname, '../..');
const OUR_ORIGIN = extensionOrigin(EXTENSION_IDS[0]!);
const dirs: string[] = [];
const channels: AgentChannel[] = [];
afterEach(async () => {
  await Promise.all(channels.splice(0).map((c) => c.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function runHost(dataDir: string, args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'main/agent/native-host-main.ts'), ...args], {
    env: { ...process.env, DOJANG_DATA_DIR: dataDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const decoder = new FrameDecoder(Number.MAX_SAFE_INTEGER);
  const answers: Record<string, unknown>[] = [];
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => answers.push(...decoder.push(c).map((f) => ('message' in f ? (f.message as Record<string, unknown>) : { malformed: true }))));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, answers, exited, stderr: () => stderr };
}

function tempData(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'dojang-nh-'));
  dirs.push(d);
  return d;
}

const hello = (id: string): AgentRequest => ({ v: AGENT_PROTOCOL_VERSION, id, origin: 'https://bank.example', request: { id, method: 'hello' } });

async function app(dataDir: string, handle?: AgentHandler) {
  const channel = await startAgentChannel({
    dataDir,
    log: silentLogger,
    handle: handle ?? (async (req) => ({ v: AGENT_PROTOCOL_VERSION, id: req.id, ok: true, value: { agent: 'dojang', version: 'test', protocol: AGENT_PROTOCOL_VERSION } })),
  });
  channels.push(channel);
}

describe.runIf(process.platform !== 'win32')('the native messaging host', () => {
  it('forwards a request to the running app and writes its answer back', async () => {
    const dataDir = tempData();
    await app(dataDir);
    const host = runHost(dataDir, [OUR_ORIGIN]);
    host.child.stdin.write(encodeFrame(hello('h1')));
    await vi.waitFor(() => expect(host.answers).toHaveLength(1), { timeout: 20_000 });
    expect(host.answers[0]).toMatchObject({ id: 'h1', ok: true, value: { agent: 'dojang' } });
    host.child.stdin.end();
    expect(await host.exited).toBe(0);
  });

  it('refuses a caller that is not Dojang’s extension, reading nothing', async () => {
    const dataDir = tempData();
    await app(dataDir);
    const host = runHost(dataDir, ['chrome-extension://abcdefghijklmnopabcdefghijklmnop/']);
    host.child.stdin.write(encodeFrame(hello('x')));
    expect(await host.exited).toBe(1);
    expect(host.answers).toEqual([]);
    expect(host.stderr()).toMatch(/refused caller/);
  });

  it('says how to start Dojang when it is not running', async () => {
    const host = runHost(tempData(), [OUR_ORIGIN]);
    host.child.stdin.end(encodeFrame(hello('n1')));
    expect(await host.exited).toBe(0);
    expect(host.answers).toEqual([
      expect.objectContaining({ id: 'n1', ok: false, error: expect.objectContaining({ code: 'AGENT_NOT_RUNNING', message: expect.stringMatching(/open it/) }) }),
    ]);
  });

  it('answers malformed, forged-origin and other-version messages without reaching the app', async () => {
    const dataDir = tempData();
    const reached: string[] = [];
    await app(dataDir, async (req) => {
      reached.push(req.id);
      return { v: AGENT_PROTOCOL_VERSION, id: req.id, ok: true, value: { agent: 'dojang', version: 'test', protocol: AGENT_PROTOCOL_VERSION } };
    });
    const host = runHost(dataDir, [OUR_ORIGIN]);
    const notJson = Buffer.from('[1,');
    const header = Buffer.alloc(4);
    header.writeUInt32LE(notJson.length, 0);
    host.child.stdin.write(Buffer.concat([header, notJson]));
    host.child.stdin.write(encodeFrame({ ...hello('f1'), request: { id: 'f1', method: 'hello', origin: 'https://bank.example' } }));
    host.child.stdin.write(encodeFrame({ ...hello('v1'), v: AGENT_PROTOCOL_VERSION + 1 }));
    host.child.stdin.end(encodeFrame(hello('ok')));
    expect(await host.exited).toBe(0);
    expect(host.answers.map((a) => [a.id, (a.error as { code?: string } | undefined)?.code ?? 'ok'])).toEqual([
      ['', 'INVALID_REQUEST'],
      ['f1', 'INVALID_REQUEST'],
      ['v1', 'AGENT_VERSION_MISMATCH'],
      ['ok', 'ok'],
    ]);
    expect(reached).toEqual(['ok']);
  });

  it('refuses an oversized frame from its header and stops', async () => {
    const dataDir = tempData();
    await app(dataDir);
    const host = runHost(dataDir, [OUR_ORIGIN]);
    const header = Buffer.alloc(4);
    header.writeUInt32LE(MAX_MESSAGE_BYTES + 1, 0);
    host.child.stdin.write(header);
    expect(await host.exited).toBe(1);
    expect(host.answers).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'INVALID_REQUEST' }) })]);
  });

  it('closes its connection when the browser closes stdin mid-request, so the app’s signal aborts', async () => {
    const dataDir = tempData();
    let signal: AbortSignal | null = null;
    await app(dataDir, (req, s) => {
      signal = s;
      return new Promise(() => {});
    });
    const host = runHost(dataDir, [OUR_ORIGIN]);
    host.child.stdin.write(encodeFrame(hello('p1')));
    await vi.waitFor(() => expect(signal).not.toBeNull(), { timeout: 20_000 });
    host.child.kill('SIGTERM'); // the browser ends the host when the port closes
    await vi.waitFor(() => expect(signal!.aborted).toBe(true), { timeout: 20_000 });
  });
});

describe.runIf(process.platform !== 'win32')('the native host starting Dojang', () => {
  it('starts the app when nothing answers, waits for its channel, then forwards', async () => {
    const { PassThrough } = await import('node:stream');
    const { runNativeHost } = await import('./native-host.js');
    const dataDir = tempData();
    const input = new PassThrough();
    const output = new PassThrough();
    const decoder = new FrameDecoder(Number.MAX_SAFE_INTEGER);
    const answers: unknown[] = [];
    output.on('data', (c: Buffer) => answers.push(...decoder.push(c).map((f) => ('message' in f ? f.message : null))));
    let started = 0;
    const done = runNativeHost({ args: [OUR_ORIGIN], input, output, dataDir, report: () => {}, startApp: () => void (started++, app(dataDir)) });
    input.end(encodeFrame(hello('s1')));
    expect(await done).toBe(0);
    expect(started).toBe(1);
    expect(answers).toEqual([expect.objectContaining({ id: 's1', ok: true })]);
  });
});

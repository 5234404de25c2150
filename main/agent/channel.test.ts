import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../core/log.js';
import { channelAddress, connectAgentChannel, startAgentChannel, type AgentChannel, type AgentHandler } from './channel.js';
import { encodeFrame, FrameDecoder } from './framing.js';
import { AGENT_PROTOCOL_VERSION, type AgentRequest, type AgentResponse } from './protocol.js';

const posix = process.platform !== 'win32';
const dirs: string[] = [];
const channels: AgentChannel[] = [];
afterEach(async () => {
  await Promise.all(channels.splice(0).map((c) => c.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'dojang-chan-'));
  dirs.push(d);
  return d;
}

const hello = (id = 'r1'): AgentRequest => ({ v: AGENT_PROTOCOL_VERSION, id, origin: 'https://bank.example', request: { id, method: 'hello' } });
const answer = (req: AgentRequest): AgentResponse => ({
  v: AGENT_PROTOCOL_VERSION,
  id: req.id,
  ok: true,
  value: { agent: 'dojang', version: 'test', protocol: AGENT_PROTOCOL_VERSION },
});

async function start(dir: string, handle: AgentHandler = async (req) => answer(req)) {
  const channel = await startAgentChannel({ dataDir: dir, handle, log: silentLogger });
  channels.push(channel);
  return channel;
}

/** A raw socket client, to send what the real client never would. */
function raw(socketPath: string) {
  const socket = net.connect(socketPath);
  const decoder = new FrameDecoder();
  const received: unknown[] = [];
  socket.on('data', (c: Buffer) => received.push(...decoder.push(c).map((f) => ('message' in f ? f.message : 'malformed'))));
  return { socket, received };
}

describe.runIf(posix)('the agent channel (Unix socket)', () => {
  it('answers a request over a socket in a 0700 folder, socket 0600', async () => {
    const dir = dataDir();
    const channel = await start(dir);
    const { statSync } = await import('node:fs');
    expect(statSync(channel.address.folder!).mode & 0o777).toBe(0o700);
    expect(statSync(channel.address.path).mode & 0o777).toBe(0o600);
    const client = await connectAgentChannel(dir);
    await expect(client.request(hello())).resolves.toMatchObject({ id: 'r1', ok: true });
    client.close();
  });

  it('refuses to listen in, or connect through, a folder open to others', async () => {
    const dir = dataDir();
    mkdirSync(path.join(dir, 'agent'), { mode: 0o700 });
    chmodSync(path.join(dir, 'agent'), 0o755);
    await expect(start(dir)).rejects.toMatchObject({ reason: 'unsafe' });
    await expect(connectAgentChannel(dir)).rejects.toMatchObject({ reason: 'unsafe' });
  });

  it('refuses a folder that is a symlink, even to a private folder', async () => {
    const dir = dataDir();
    const elsewhere = path.join(dir, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, path.join(dir, 'agent'));
    await expect(start(dir)).rejects.toMatchObject({ reason: 'unsafe' });
    await expect(connectAgentChannel(dir)).rejects.toMatchObject({ reason: 'unsafe' });
  });

  it('refuses a folder of another owner (root can make one)', async (ctx) => {
    if (process.getuid?.() !== 0) return ctx.skip('only root can give a folder to another user');
    const dir = dataDir();
    mkdirSync(path.join(dir, 'agent'), { mode: 0o700 });
    const { chownSync } = await import('node:fs');
    chownSync(path.join(dir, 'agent'), 65534, 65534);
    await expect(start(dir)).rejects.toMatchObject({ reason: 'unsafe' });
    await expect(connectAgentChannel(dir)).rejects.toMatchObject({ reason: 'unsafe' });
  });

  it('says not running when no app listens, and refuses to replace a file that is not a socket', async () => {
    const dir = dataDir();
    await expect(connectAgentChannel(dir)).rejects.toMatchObject({ reason: 'not-running' });
    mkdirSync(path.join(dir, 'agent'), { mode: 0o700 });
    await expect(connectAgentChannel(dir)).rejects.toMatchObject({ reason: 'not-running' });
    writeFileSync(path.join(dir, 'agent', 'agent.sock'), 'x');
    await expect(start(dir)).rejects.toMatchObject({ reason: 'unsafe' });
  });

  it('takes over a socket a stopped app left, but not one a live app answers on', async () => {
    const dir = dataDir();
    await start(dir);
    await expect(start(dir)).rejects.toMatchObject({ reason: 'busy' });
    // A crashed app leaves its socket file behind: a server that is closed without unlinking.
    const left = net.createServer();
    rmSync(channelAddress(dir).path);
    await new Promise<void>((r) => left.listen(channelAddress(dir).path, r));
    await new Promise<void>((r) => {
      (left as unknown as { _handle: { close(): void } })._handle.close(); // close the fd, keep the file
      r();
    });
    await expect(start(dir)).resolves.toBeTruthy();
  });

  it('aborts the handler’s signal when the connection closes mid-request', async () => {
    const dir = dataDir();
    let seen: AbortSignal | null = null;
    await start(dir, (req, signal) => {
      seen = signal;
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve(answer(req))));
    });
    const client = await connectAgentChannel(dir);
    const pending = expect(client.request(hello())).rejects.toMatchObject({ reason: 'not-running' });
    await vi.waitFor(() => expect(seen).not.toBeNull(), { timeout: 20_000 });
    expect(seen!.aborted).toBe(false);
    client.close();
    await vi.waitFor(() => expect(seen!.aborted).toBe(true), { timeout: 20_000 });
    await pending;
  });

  it('one request at a time per connection; malformed, forged and wrong-version messages get errors', async () => {
    const dir = dataDir();
    let release: (() => void) | null = null;
    await start(dir, (req) => new Promise((resolve) => (release = () => resolve(answer(req)))));
    const { socket, received } = raw(channelAddress(dir).path);
    await new Promise((r) => socket.once('connect', r));
    const notJson = Buffer.from('{nope');
    const header = Buffer.alloc(4);
    header.writeUInt32LE(notJson.length, 0);
    socket.write(Buffer.concat([encodeFrame(hello('a')), encodeFrame(hello('b')), header, notJson]));
    socket.write(encodeFrame({ ...hello('c'), request: { id: 'c', method: 'hello', origin: 'https://forged.example' } }));
    socket.write(encodeFrame({ ...hello('d'), v: 99 }));
    await vi.waitFor(() => expect(received).toHaveLength(4), { timeout: 20_000 });
    expect(received).toEqual([
      expect.objectContaining({ id: 'b', error: expect.objectContaining({ code: 'BUSY' }) }),
      expect.objectContaining({ id: '', error: expect.objectContaining({ code: 'INVALID_REQUEST' }) }),
      expect.objectContaining({ id: 'c', error: expect.objectContaining({ code: 'INVALID_REQUEST' }) }),
      expect.objectContaining({ id: 'd', error: expect.objectContaining({ code: 'AGENT_VERSION_MISMATCH' }) }),
    ]);
    release!();
    await vi.waitFor(() => expect(received).toHaveLength(5), { timeout: 20_000 });
    expect(received[4]).toMatchObject({ id: 'a', ok: true });
    socket.destroy();
  });

  it('answers an oversized frame once and closes the connection', async () => {
    const dir = dataDir();
    await start(dir);
    const { socket, received } = raw(channelAddress(dir).path);
    const header = Buffer.alloc(4);
    header.writeUInt32LE(64 * 1024 * 1024, 0);
    socket.write(header);
    await new Promise((r) => socket.once('close', r));
    expect(received).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'INVALID_REQUEST' }) })]);
  });
});

describe('the agent channel address', () => {
  it('names a Windows pipe per user and data folder', () => {
    const a = channelAddress('C:\\Users\\kim\\AppData\\Roaming\\Dojang', 'win32', 'kim');
    const b = channelAddress('C:\\Users\\lee\\AppData\\Roaming\\Dojang', 'win32', 'lee');
    expect(a.path).toMatch(/^\\\\\.\\pipe\\dojang-agent-kim-[0-9a-f]{12}$/);
    expect(a.path).not.toBe(b.path);
    expect(a.folder).toBeNull();
  });
});

/**
 * The app's local channel for the web signing agent: the running app listens, the native messaging
 * host (launched by the browser) connects. Not a TCP port: on Linux and macOS a Unix socket in a
 * 0700 folder of the (per-user) data folder, checked for owner, mode and symlinks before listening
 * and before connecting; on Windows a named pipe named per user (docs/signing-agent.md says what
 * its default ACL does and does not keep out). Frames as on stdio (framing.ts); one request at a
 * time per connection; the handler's signal aborts when the connection closes (the page went away).
 */
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../core/log.js';
import { encodeFrame, FrameDecoder, FrameError } from './framing.js';
import { agentError, parseAgentRequest, type AgentRequest, type AgentResponse } from './protocol.js';

/** What the app does with a request: agentcore's service (main/agent/service.ts). */
export type AgentHandler = (req: AgentRequest, signal: AbortSignal) => Promise<AgentResponse>;

/** Why the channel cannot be used: the native host answers AGENT_NOT_RUNNING for each, with this message. */
export class ChannelError extends Error {
  constructor(
    readonly reason: 'unsafe' | 'busy' | 'not-running',
    message: string,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

export interface ChannelAddress {
  /** The socket or pipe path `net` listens on / connects to. */
  path: string;
  /** The private folder holding the socket (null on Windows: a pipe lives in no folder). */
  folder: string | null;
}

export function channelAddress(dataDir: string, platform: NodeJS.Platform = process.platform, user = os.userInfo().username): ChannelAddress {
  if (platform === 'win32') {
    // Pipe names are one machine-wide namespace: the user's name plus the data folder's hash keeps
    // two users (and two data folders of one user) apart.
    const tag = createHash('sha256').update(path.win32.resolve(dataDir).toLowerCase()).digest('hex').slice(0, 12);
    return { path: `\\\\.\\pipe\\dojang-agent-${user.replace(/[^A-Za-z0-9_.-]/g, '_')}-${tag}`, folder: null };
  }
  const folder = path.join(dataDir, 'agent');
  return { path: path.join(folder, 'agent.sock'), folder };
}

/**
 * Refuses a folder that is a symlink, not a folder, someone else's, or open to group or others.
 * The data folder is this user's, so a folder that fails here was made or changed by someone else.
 */
export function checkPrivateFolder(folder: string): void {
  const info = lstatSync(folder);
  if (info.isSymbolicLink() || !info.isDirectory()) throw new ChannelError('unsafe', `${folder} is not a folder (a link?): Dojang will not use it for its signing agent.`);
  if (process.getuid && info.uid !== process.getuid()) throw new ChannelError('unsafe', `${folder} belongs to another user: Dojang will not use it for its signing agent.`);
  if ((info.mode & 0o077) !== 0)
    throw new ChannelError('unsafe', `${folder} is open to other users (mode ${(info.mode & 0o777).toString(8)}): Dojang will not use it for its signing agent.`);
}

export interface AgentChannel {
  address: ChannelAddress;
  close(): Promise<void>;
}

/** True when something answers on the socket (another Dojang on the same data folder). */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

function serve(socket: net.Socket, handle: AgentHandler, log: Logger): void {
  const decoder = new FrameDecoder();
  const closed = new AbortController();
  let pending = false;
  const send = (response: AgentResponse) => {
    if (!socket.destroyed) socket.write(encodeFrame(response, Number.MAX_SAFE_INTEGER));
  };
  socket.on('close', () => closed.abort());
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    let frames;
    try {
      frames = decoder.push(chunk);
    } catch (error) {
      // An oversized frame: the stream is not to be trusted after it.
      send(agentError('', 'INVALID_REQUEST', error instanceof FrameError ? 'The request is too large.' : 'The request is not readable.'));
      socket.end();
      return;
    }
    for (const frame of frames) {
      if ('malformed' in frame) {
        send(agentError('', 'INVALID_REQUEST', 'The request is not JSON.'));
        continue;
      }
      const parsed = parseAgentRequest(frame.message);
      if (!parsed.ok) {
        send(parsed.response);
        continue;
      }
      if (pending) {
        send(agentError(parsed.request.id, 'BUSY', 'Another request on this connection is still pending.'));
        continue;
      }
      pending = true;
      handle(parsed.request, closed.signal)
        .catch((error: unknown) => {
          log.error('agent request failed', { error: error instanceof Error ? error.stack : String(error) });
          return agentError(parsed.request.id, 'INTERNAL', 'Dojang could not answer this request.');
        })
        .then((response) => {
          pending = false;
          send(response);
        });
    }
  });
}

/** Starts listening (both hosts call it at start). Throws ChannelError 'unsafe' / 'busy'. */
export async function startAgentChannel(options: { dataDir: string; handle: AgentHandler; log: Logger; platform?: NodeJS.Platform }): Promise<AgentChannel> {
  const address = channelAddress(options.dataDir, options.platform);
  if (address.folder) {
    mkdirSync(path.dirname(address.folder), { recursive: true });
    try {
      mkdirSync(address.folder, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    checkPrivateFolder(address.folder);
    // A socket left by a Dojang that did not stop cleanly is removed; a live one is not ours to take.
    const left = lstatSafe(address.path);
    if (left) {
      if (!left.isSocket()) throw new ChannelError('unsafe', `${address.path} is not a socket: Dojang will not remove it.`);
      if (await answers(address.path)) throw new ChannelError('busy', 'Another Dojang already answers signing requests for this data folder.');
      unlinkSync(address.path);
    }
  }
  const server = net.createServer((socket) => serve(socket, options.handle, options.log));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (address.folder) chmodSync(address.path, 0o600);
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * What both hosts call at start: the channel, or null (logged) when it cannot start — another
 * Dojang on this data folder, or an unsafe folder. The app then runs without the web agent.
 */
export async function serveAgentChannel(dataDir: string, handle: AgentHandler, log: Logger): Promise<AgentChannel | null> {
  try {
    const channel = await startAgentChannel({ dataDir, handle, log });
    log.info('web signing agent channel listening', { path: channel.address.path });
    return channel;
  } catch (error) {
    log.warn('web signing agent channel not started', { error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

function lstatSafe(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return null;
  }
}

export interface ChannelClient {
  /** Sends one request and waits for its answer; rejects when the app goes away first. */
  request(req: AgentRequest): Promise<AgentResponse>;
  close(): void;
}

/**
 * Connects to the running app (the native host's side). Throws ChannelError 'not-running' when
 * nothing listens, 'unsafe' when the folder fails the checks.
 */
export async function connectAgentChannel(dataDir: string, platform: NodeJS.Platform = process.platform): Promise<ChannelClient> {
  const address = channelAddress(dataDir, platform);
  if (address.folder) {
    try {
      checkPrivateFolder(address.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ChannelError('not-running', 'Dojang is not running.');
      throw error;
    }
  }
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect(address.path);
    s.once('connect', () => resolve(s));
    s.once('error', () => reject(new ChannelError('not-running', 'Dojang is not running.')));
  });
  const decoder = new FrameDecoder(Number.MAX_SAFE_INTEGER);
  let waiting: { resolve(r: AgentResponse): void; reject(e: Error): void } | null = null;
  const gone = (why: string) => {
    waiting?.reject(new ChannelError('not-running', why));
    waiting = null;
  };
  socket.on('data', (chunk: Buffer) => {
    for (const frame of decoder.push(chunk)) {
      if ('message' in frame) {
        waiting?.resolve(frame.message as AgentResponse);
        waiting = null;
      }
    }
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => gone('Dojang closed the connection.'));
  return {
    request(req) {
      if (waiting) return Promise.reject(new Error('one request at a time'));
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        socket.write(encodeFrame(req));
      });
    },
    close: () => socket.end(),
  };
}

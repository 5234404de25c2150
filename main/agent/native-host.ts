/**
 * The native messaging host: the browser starts it for the extension (one process per page
 * request, main/agent/install.ts registers it), it reads Chromium's frames on stdin, checks them and
 * forwards each to the running app over the local channel (channel.ts), and writes the answers back.
 * It refuses a caller that is not Dojang's extension, frames above MAX_MESSAGE_BYTES and peers of
 * another protocol version; when the page goes away the browser closes stdin, the host closes its
 * connection, and the app's handler sees its signal abort.
 */
import type { Readable, Writable } from 'node:stream';
import { ChannelError, connectAgentChannel, type ChannelClient } from './channel.js';
import { EXTENSION_IDS, extensionOrigin } from './extension-ids.js';
import { encodeFrame, FrameDecoder, FrameError } from './framing.js';
import { agentError, parseAgentRequest, type AgentResponse } from './protocol.js';

/** Chromium drops (and disconnects) a message from the host above 1 MiB. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export const NOT_RUNNING_MESSAGE = 'Dojang (도장) is not running: open it, then try again. / 도장이 실행 중이 아닙니다. 도장을 연 뒤 다시 시도하세요.';

export interface NativeHostOptions {
  /** The arguments the browser passed: Chromium's first is the calling extension's origin. */
  args: readonly string[];
  input: Readable;
  output: Writable;
  dataDir: string;
  /** Where refusals and failures are told (stderr: Chromium writes it to its log). */
  report(line: string): void;
  allowedOrigins?: readonly string[];
  /**
   * Starts Dojang when nothing answers (the packaged app starts its own executable); the host then
   * waits for the channel up to `startWaitMs` (default 20 s). Absent: AGENT_NOT_RUNNING says how.
   */
  startApp?: () => void;
  startWaitMs?: number;
}

/** Connects, or starts the app once and retries until it answers or `waitMs` is over. */
async function connectOrStart(o: NativeHostOptions): Promise<ChannelClient> {
  try {
    return await connectAgentChannel(o.dataDir);
  } catch (error) {
    if (!(error instanceof ChannelError) || error.reason !== 'not-running' || !o.startApp) throw error;
  }
  o.startApp();
  const until = Date.now() + (o.startWaitMs ?? 20_000);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    try {
      return await connectAgentChannel(o.dataDir);
    } catch (error) {
      if (!(error instanceof ChannelError) || error.reason !== 'not-running' || Date.now() > until) throw error;
    }
  }
}

/** Runs until the browser closes stdin; resolves the exit status. */
export function runNativeHost(o: NativeHostOptions): Promise<number> {
  const allowed = o.allowedOrigins ?? EXTENSION_IDS.map(extensionOrigin);
  if (!allowed.includes(o.args[0] ?? '')) {
    o.report(`dojang native host: refused caller ${JSON.stringify(o.args[0] ?? null)}: not Dojang's extension`);
    return Promise.resolve(1);
  }
  const write = (response: AgentResponse) => {
    let frame: Buffer;
    try {
      frame = encodeFrame(response, MAX_ANSWER_BYTES);
    } catch {
      frame = encodeFrame(agentError(response.id, 'INVALID_REQUEST', 'The answer is too large for the browser: sign less content at once, or ask for detached signatures.'));
    }
    o.output.write(frame);
  };

  let client: ChannelClient | null = null;
  const forward = async (message: unknown): Promise<void> => {
    const parsed = parseAgentRequest(message);
    if (!parsed.ok) return write(parsed.response);
    try {
      client ??= await connectOrStart(o);
      write(await client.request(parsed.request));
    } catch (error) {
      client = null;
      if (!(error instanceof ChannelError)) {
        o.report(`dojang native host: ${error instanceof Error ? error.message : String(error)}`);
        return write(agentError(parsed.request.id, 'INTERNAL', 'The native host failed; see the browser’s log.'));
      }
      if (error.reason !== 'not-running') o.report(`dojang native host: ${error.message}`);
      write(agentError(parsed.request.id, 'AGENT_NOT_RUNNING', error.reason === 'not-running' ? NOT_RUNNING_MESSAGE : error.message));
    }
  };

  return new Promise((resolve) => {
    const decoder = new FrameDecoder();
    // One request at a time, in the order they came.
    let queue = Promise.resolve();
    let status = 0;
    const finish = () =>
      void queue.then(() => {
        client?.close();
        resolve(status);
      });
    o.input.on('data', (chunk: Buffer) => {
      let frames;
      try {
        frames = decoder.push(chunk);
      } catch (error) {
        if (!(error instanceof FrameError)) throw error;
        o.report(`dojang native host: ${error.message}`);
        write(agentError('', 'INVALID_REQUEST', 'The request is too large.'));
        status = 1;
        o.input.removeAllListeners('data');
        o.input.destroy();
        return finish();
      }
      for (const frame of frames) {
        queue = queue.then(() => ('malformed' in frame ? write(agentError('', 'INVALID_REQUEST', 'The request is not JSON.')) : forward(frame.message)));
      }
    });
    o.input.once('end', () => {
      try {
        decoder.end();
      } catch (error) {
        o.report(`dojang native host: ${(error as Error).message}`);
      }
      finish();
    });
  });
}

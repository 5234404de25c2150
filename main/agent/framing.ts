/**
 * Chromium's native messaging framing, used on both of the agent's byte streams (browser ⇄ native
 * host on stdio, native host ⇄ app on the local channel): a 4-byte little-endian length, then that
 * many bytes of UTF-8 JSON. A length above MAX_MESSAGE_BYTES is refused from the header alone,
 * before any of its body is buffered.
 */
import { MAX_MESSAGE_BYTES } from './protocol.js';

export type FrameProblem = 'oversized' | 'truncated';

export class FrameError extends Error {
  constructor(
    readonly problem: FrameProblem,
    message: string,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

/** One message as a frame; refuses (FrameError 'oversized') a message above the limit. */
export function encodeFrame(message: unknown, limit = MAX_MESSAGE_BYTES): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  if (body.length > limit) throw new FrameError('oversized', `message of ${body.length} bytes is above the ${limit}-byte limit`);
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}

/** A frame's content: its JSON value, or `malformed` when it is not JSON (the stream goes on after it). */
export type Decoded = { message: unknown } | { malformed: true };

/**
 * Collects chunks into frames. `push` returns the frames the chunk completed, or throws FrameError
 * 'oversized' (the stream cannot be trusted after it); `end` throws 'truncated' when a frame was cut short.
 */
export class FrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly limit = MAX_MESSAGE_BYTES) {}

  push(chunk: Buffer): Decoded[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const frames: Decoded[] = [];
    while (this.buffered.length >= 4) {
      const length = this.buffered.readUInt32LE(0);
      if (length > this.limit) throw new FrameError('oversized', `a frame of ${length} bytes is above the ${this.limit}-byte limit`);
      if (this.buffered.length < 4 + length) break;
      const body = this.buffered.subarray(4, 4 + length);
      this.buffered = this.buffered.subarray(4 + length);
      try {
        frames.push({ message: JSON.parse(body.toString('utf8')) as unknown });
      } catch {
        frames.push({ malformed: true });
      }
    }
    return frames;
  }

  end(): void {
    if (this.buffered.length) throw new FrameError('truncated', `the stream ended inside a frame (${this.buffered.length} bytes left)`);
  }
}

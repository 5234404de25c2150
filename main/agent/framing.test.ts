import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, FrameError } from './framing.js';
import { MAX_MESSAGE_BYTES } from './protocol.js';

function frameOf(body: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}

describe('native messaging frames', () => {
  it('writes the length in 4 little-endian bytes, as Chromium reads it', () => {
    const frame = encodeFrame({ a: 'é' });
    expect(frame.readUInt32LE(0)).toBe(Buffer.byteLength('{"a":"é"}'));
    expect(frame.subarray(4).toString('utf8')).toBe('{"a":"é"}');
  });

  it('reads frames split across chunks and several in one chunk', () => {
    const both = Buffer.concat([encodeFrame({ n: 1 }), encodeFrame({ n: 2 })]);
    const decoder = new FrameDecoder();
    expect(decoder.push(both.subarray(0, 3))).toEqual([]);
    expect(decoder.push(both.subarray(3, 9))).toEqual([]);
    expect(decoder.push(both.subarray(9))).toEqual([{ message: { n: 1 } }, { message: { n: 2 } }]);
    expect(() => decoder.end()).not.toThrow();
  });

  it('refuses an oversized frame from its header alone, before its body arrives', () => {
    const header = Buffer.alloc(4);
    header.writeUInt32LE(MAX_MESSAGE_BYTES + 1, 0);
    const decoder = new FrameDecoder();
    expect(() => decoder.push(header)).toThrow(FrameError);
    expect(() => encodeFrame({ big: 'x'.repeat(MAX_MESSAGE_BYTES) })).toThrow(/above the/);
  });

  it('takes a message of exactly the limit', () => {
    const body = Buffer.from(JSON.stringify('x'.repeat(MAX_MESSAGE_BYTES - 2)));
    expect(body.length).toBe(MAX_MESSAGE_BYTES);
    expect(new FrameDecoder().push(frameOf(body))).toHaveLength(1);
  });

  it('marks a frame that is not JSON and goes on with the next one', () => {
    const decoder = new FrameDecoder();
    const frames = decoder.push(Buffer.concat([frameOf(Buffer.from('{not json')), encodeFrame({ ok: 1 })]));
    expect(frames).toEqual([{ malformed: true }, { message: { ok: 1 } }]);
  });

  it('says a stream that ends inside a frame was truncated', () => {
    const decoder = new FrameDecoder();
    decoder.push(encodeFrame({ long: 'message' }).subarray(0, 10));
    expect(() => decoder.end()).toThrow(expect.objectContaining({ problem: 'truncated' }));
  });
});

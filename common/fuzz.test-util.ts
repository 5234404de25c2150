/** Test-only: seeded mutations of DER inputs, shared by the fuzz tests (replayable: same seed, same cases). */

/** xorshift32: small, seeded, good enough to pick mutations. */
export function rng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

/** One mutation of `src`: truncation, bit flips, structural bytes, insertions, removals, huge lengths, or garbage. */
export function mutate(src: Buffer, r: (n: number) => number): Buffer {
  const b = Buffer.from(src);
  switch (r(7)) {
    case 0:
      return b.subarray(0, r(b.length));
    case 1: {
      const n = 1 + r(4);
      for (let i = 0; i < n; i++) {
        const at = r(b.length);
        b[at] = b[at]! ^ (1 << r(8));
      }
      return b;
    }
    case 2: {
      // a structural byte (tag or length) somewhere: lengths that claim gigabytes, odd tags
      const vals = [0x00, 0x80, 0x81, 0x82, 0x84, 0xff, 0x30, 0x31, 0xa0, 0xa1, 0x24, 0x04, 0x03, 0x06];
      b[r(b.length)] = vals[r(vals.length)]!;
      return b;
    }
    case 3: {
      const at = r(b.length);
      return Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + r(8) }, () => r(256))), b.subarray(at)]);
    }
    case 4: {
      const at = r(b.length);
      return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + r(16))]);
    }
    case 5: {
      // a length octet pointing far past the end
      const at = r(b.length - 4);
      b[at] = 0x84;
      b.writeUInt32BE(0xfffffff0, at + 1);
      return b;
    }
    default:
      return Buffer.concat([r(2) ? Buffer.from([0x30, 0x82, r(256), r(256)]) : Buffer.alloc(0), Buffer.from(Array.from({ length: r(300) }, () => r(256)))]);
  }
}

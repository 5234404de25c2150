/**
 * ARIA-128/192/256 (RFC 5794), the Korean standard block cipher some key files use through PBES2.
 *
 * Only key files (a few KiB) go through it, so this follows the RFC's byte-oriented description
 * (substitution layers SL1/SL2, the involutive diffusion A) rather than a table-merged form;
 * scratch space is kept per instance so blocks allocate nothing.
 */
import { hexTable, type BlockCipher } from './block-cipher.js';

// SB1 is the AES S-box; SB2 is ARIA's own (RFC 5794 §2.4.2). SB3 and SB4 are their inverses.
const SB1 = hexTable(
  '637c777bf26b6fc53001672bfed7ab76ca82c97dfa5947f0add4a2af9ca472c0b7fd9326363ff7cc34a5e5f171d83115' +
    '04c723c31896059a071280e2eb27b27509832c1a1b6e5aa0523bd6b329e32f8453d100ed20fcb15b6acbbe394a4c58cf' +
    'd0efaafb434d338545f9027f503c9fa851a3408f929d38f5bcb6da2110fff3d2cd0c13ec5f974417c4a77e3d645d1973' +
    '60814fdc222a908846eeb814de5e0bdbe0323a0a4906245cc2d3ac629195e479e7c8376d8dd54ea96c56f4ea657aae08' +
    'ba78252e1ca6b4c6e8dd741f4bbd8b8a703eb5664803f60e613557b986c11d9ee1f8981169d98e949b1e87e9ce5528df' +
    '8ca1890dbfe6426841992d0fb054bb16',
);
const SB2 = hexTable(
  'e24e54fc94c24acc620d6a463c4d8bd15efa64cbb497be2bbc772e03d31959c11d06416b55f09969ea9c18ae63dfe7bb' +
    '007366fb964c85e43a0945aa0fee10eb2d7ff429accfad918d78c895f92fcecd087a88385c832a2847dbb8c793a41253' +
    'ff870e3136215848018e377432cae9b1b7ab0cd7c4564226079860d9b6b91140ec208cbda0c984044923f14f501f13dc' +
    'd8c09e57e3c37b653b028f3ee82592e515ddfd17a9bfd49a7ec53967fe769d43a7e1d0f568f21b347005a38ad57986a8' +
    '30c6514b1ea627f635d26e2416825fdae675a2ef2cb21c9f5d6f800a72449b6c900b5b337d5a52f361a1f7b0d63f7c6d' +
    'ed14e0a53d22b3f889de711aafbab581',
);
function inverse(sbox: Uint8Array): Uint8Array {
  const inv = new Uint8Array(256);
  for (let x = 0; x < 256; x++) inv[sbox[x]!] = x;
  return inv;
}
const SB3 = inverse(SB1);
const SB4 = inverse(SB2);

/** Substitution layers: byte j goes through the (j mod 4)-th box of the layer. */
const SL1 = [SB1, SB2, SB3, SB4] as const;
const SL2 = [SB3, SB4, SB1, SB2] as const;

/** Key-schedule constants C1..C3 (RFC 5794 §2.2). */
const C = [hexTable('517cc1b727220a94fe13abe8fa9a6ee0'), hexTable('6db14acc9e21c820ff28b1d5ef5de2b0'), hexTable('db92371d2126e9700324977504e8c90e')] as const;

/** The diffusion layer A (an involution), from `x` into `y`; the two must differ. */
function diffuse(x: Uint8Array, y: Uint8Array): void {
  const x0 = x[0]!,
    x1 = x[1]!,
    x2 = x[2]!,
    x3 = x[3]!,
    x4 = x[4]!,
    x5 = x[5]!,
    x6 = x[6]!,
    x7 = x[7]!;
  const x8 = x[8]!,
    x9 = x[9]!,
    x10 = x[10]!,
    x11 = x[11]!,
    x12 = x[12]!,
    x13 = x[13]!,
    x14 = x[14]!,
    x15 = x[15]!;
  y[0] = x3 ^ x4 ^ x6 ^ x8 ^ x9 ^ x13 ^ x14;
  y[1] = x2 ^ x5 ^ x7 ^ x8 ^ x9 ^ x12 ^ x15;
  y[2] = x1 ^ x4 ^ x6 ^ x10 ^ x11 ^ x12 ^ x15;
  y[3] = x0 ^ x5 ^ x7 ^ x10 ^ x11 ^ x13 ^ x14;
  y[4] = x0 ^ x2 ^ x5 ^ x8 ^ x11 ^ x14 ^ x15;
  y[5] = x1 ^ x3 ^ x4 ^ x9 ^ x10 ^ x14 ^ x15;
  y[6] = x0 ^ x2 ^ x7 ^ x9 ^ x10 ^ x12 ^ x13;
  y[7] = x1 ^ x3 ^ x6 ^ x8 ^ x11 ^ x12 ^ x13;
  y[8] = x0 ^ x1 ^ x4 ^ x7 ^ x10 ^ x13 ^ x15;
  y[9] = x0 ^ x1 ^ x5 ^ x6 ^ x11 ^ x12 ^ x14;
  y[10] = x2 ^ x3 ^ x5 ^ x6 ^ x8 ^ x13 ^ x15;
  y[11] = x2 ^ x3 ^ x4 ^ x7 ^ x9 ^ x12 ^ x14;
  y[12] = x1 ^ x2 ^ x6 ^ x7 ^ x9 ^ x11 ^ x12;
  y[13] = x0 ^ x3 ^ x6 ^ x7 ^ x8 ^ x10 ^ x13;
  y[14] = x0 ^ x3 ^ x4 ^ x5 ^ x9 ^ x11 ^ x14;
  y[15] = x1 ^ x2 ^ x4 ^ x5 ^ x8 ^ x10 ^ x15;
}

/** t = SL(x ^ k) in place in t, for one of the two substitution layers. */
function substitute(layer: typeof SL1 | typeof SL2, x: Uint8Array, k: Uint8Array, kOff: number, t: Uint8Array): void {
  for (let j = 0; j < 16; j++) t[j] = layer[j & 3]![x[j]! ^ k[kOff + j]!]!;
}

/** The 128-bit value `x` rotated right by `n` bits (0 < n < 128), written into `out`. */
function rotr128(x: Uint8Array, n: number, out: Uint8Array, outOff: number): void {
  const q = n >>> 3;
  const r = n & 7;
  for (let i = 0; i < 16; i++) {
    const hi = x[(i - q + 16) & 15]!;
    const lo = x[(i - q + 15) & 15]!;
    out[outOff + i] = ((hi >>> r) | (lo << (8 - r))) & 0xff;
  }
}

export class Aria implements BlockCipher {
  readonly blockSize = 16 as const;
  private readonly rounds: number;
  /** (rounds + 1) round keys of 16 bytes each, for encryption and for decryption. */
  private readonly ek: Uint8Array;
  private readonly dk: Uint8Array;
  private readonly s = new Uint8Array(16);
  private readonly t = new Uint8Array(16);

  constructor(key: Uint8Array) {
    if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
      throw new RangeError('ARIA key must be 16, 24 or 32 bytes');
    }
    this.rounds = key.length === 16 ? 12 : key.length === 24 ? 14 : 16;
    const first = (key.length - 16) / 8; // CK1..CK3 start at C1, C2 or C3
    const ck = [C[first % 3]!, C[(first + 1) % 3]!, C[(first + 2) % 3]!];

    const kl = key.subarray(0, 16);
    const kr = new Uint8Array(16);
    kr.set(key.subarray(16));
    const w = [Uint8Array.from(kl), new Uint8Array(16), new Uint8Array(16), new Uint8Array(16)];
    const t = this.t;
    // W1 = FO(W0, CK1) ^ KR; W2 = FE(W1, CK2) ^ W0; W3 = FO(W2, CK3) ^ W1
    const prev = [kr, w[0]!, w[1]!];
    for (let i = 1; i <= 3; i++) {
      substitute(i === 2 ? SL2 : SL1, w[i - 1]!, ck[i - 1]!, 0, t);
      diffuse(t, w[i]!);
      for (let j = 0; j < 16; j++) w[i]![j]! ^= prev[i - 1]![j]!;
    }

    // ek_i = W_a ^ (W_b rotated), in the order of RFC 5794 §2.2; only rounds+1 are used.
    const rotations = [19, 31, 128 - 61, 128 - 31, 128 - 19];
    const ek = new Uint8Array(16 * (this.rounds + 1));
    const rot = new Uint8Array(16);
    for (let i = 0; i <= this.rounds; i++) {
      const group = i >> 2;
      const a = i & 3;
      const b = (a + 1) & 3;
      rotr128(w[b]!, rotations[group]!, rot, 0);
      for (let j = 0; j < 16; j++) ek[16 * i + j] = w[a]![j]! ^ rot[j]!;
    }
    this.ek = ek;

    // Decryption keys: the encryption keys in reverse, the inner ones passed through A.
    const n = this.rounds;
    const dk = new Uint8Array(ek.length);
    dk.set(ek.subarray(16 * n, 16 * n + 16), 0);
    for (let i = 1; i < n; i++) diffuse(ek.subarray(16 * (n - i), 16 * (n - i) + 16), dk.subarray(16 * i, 16 * i + 16));
    dk.set(ek.subarray(0, 16), 16 * n);
    this.dk = dk;
  }

  encryptBlock(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
    this.crypt(this.ek, src, srcOff, dst, dstOff);
  }

  decryptBlock(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
    this.crypt(this.dk, src, srcOff, dst, dstOff);
  }

  private crypt(keys: Uint8Array, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
    const s = this.s;
    const t = this.t;
    for (let j = 0; j < 16; j++) s[j] = src[srcOff + j]!;
    const n = this.rounds;
    // Rounds 1..n-1: odd rounds FO (SL1), even rounds FE (SL2), each followed by A.
    for (let i = 0; i < n - 1; i++) {
      substitute((i & 1) === 0 ? SL1 : SL2, s, keys, 16 * i, t);
      diffuse(t, s);
    }
    // Last round: SL2 and a final key addition instead of A.
    substitute(SL2, s, keys, 16 * (n - 1), t);
    for (let j = 0; j < 16; j++) dst[dstOff + j] = t[j]! ^ keys[16 * n + j]!;
  }
}

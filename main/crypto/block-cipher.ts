/**
 * A 128-bit block cipher with its round keys already expanded. Both methods read 16 bytes at
 * `srcOff` and write 16 bytes at `dstOff`; `src` and `dst` may be the same buffer (in place).
 */
export interface BlockCipher {
  readonly blockSize: 16;
  encryptBlock(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void;
  decryptBlock(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void;
}

/** Decodes a fixed table written as hex in a source file. */
export function hexTable(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

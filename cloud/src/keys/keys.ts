/**
 * The service's view of its keys: the key service (HSM or development file) plus the current
 * wrapping key version. Every blob sealed here starts with 0x02 ‖ version (uint32 BE), so old
 * and new versions open side by side while a rotation re-wraps the data (rotation.ts).
 */
import type { KeyService } from './key-service.js';

const FORMAT = 0x02;
const HEADER = 5;

export class Keys {
  constructor(
    readonly service: KeyService,
    /** The version new blobs are sealed under (service_state.wrap_version); moved by use(). */
    public current: number,
  ) {}

  /**
   * Seals under `version` from now on. Versions only grow: a stale read (a refresh racing a
   * rotation) never moves back. The file form derives the new versions here (another instance
   * may have made them); with an HSM the rotation made the key on the token already.
   */
  use(version: number): void {
    if (version <= this.current) return;
    if (this.service.kind === 'file') for (let v = this.current + 1; v <= version; v++) this.service.createWrapVersion(v);
    this.current = version;
  }

  pepper(data: Buffer): Buffer {
    return this.service.pepper(data);
  }

  idnLookup(idn: string): Buffer {
    return this.service.idnLookup(Buffer.from(idn, 'utf8'));
  }

  seal(plaintext: Buffer, aad: string, version = this.current): Buffer {
    return Buffer.concat([wrapHeader(version), this.service.wrap(version, plaintext, aad)]);
  }

  open(blob: Buffer, aad: string): Buffer {
    return this.service.unwrap(wrapVersionOf(blob), blob.subarray(HEADER), aad);
  }
}

export function wrapVersionOf(blob: Buffer): number {
  if (blob.length < HEADER || blob[0] !== FORMAT) throw new Error('not a versioned blob');
  return blob.readUInt32BE(1);
}

/** The 5-byte header of blobs under `version`, for finding them in SQL (substring(col from 1 for 5)). */
export function wrapHeader(version: number): Buffer {
  const head = Buffer.alloc(HEADER);
  head[0] = FORMAT;
  head.writeUInt32BE(version, 1);
  return head;
}

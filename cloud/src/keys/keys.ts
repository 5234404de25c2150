/**
 * The service's view of its keys: the key service (HSM or development file) plus the current
 * wrapping key version. Every blob sealed here starts with 0x02 ‖ version (uint32 BE), so old
 * and new versions open side by side while a rotation re-wraps the data (rotation.ts).
 */
import type { Queryable } from '../db/database.js';
import type { KeyService } from './key-service.js';

const FORMAT = 0x02;
const HEADER = 5;

export class Keys {
  constructor(
    readonly service: KeyService,
    /** The version new blobs are sealed under (service_state.wrap_version). */
    public current: number,
  ) {}

  pepper(data: Buffer): Buffer {
    return this.service.pepper(data);
  }

  idnLookup(idn: string): Buffer {
    return this.service.idnLookup(Buffer.from(idn, 'utf8'));
  }

  seal(plaintext: Buffer, aad: string): Buffer {
    const head = Buffer.alloc(HEADER);
    head[0] = FORMAT;
    head.writeUInt32BE(this.current, 1);
    return Buffer.concat([head, this.service.wrap(this.current, plaintext, aad)]);
  }

  open(blob: Buffer, aad: string): Buffer {
    return this.service.unwrap(wrapVersionOf(blob), blob.subarray(HEADER), aad);
  }

  /** Re-reads the current version (another instance may have rotated). */
  async refresh(q: Queryable): Promise<void> {
    const [s] = await q.query<{ wrap_version: number }>('SELECT wrap_version FROM service_state WHERE id = 1');
    if (s) this.current = s.wrap_version;
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

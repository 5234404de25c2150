/**
 * When each certificate copy last signed (마지막 사용), by row id (a local copy's store + folder,
 * or a 금융인증서's credential): one small JSON file in the data folder, written atomically after
 * a signature. Nothing secret: an id and a time. An unreadable file counts as empty.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { CertificateRow } from '../../preload/types.js';
import { writeFileAtomic } from '../npki/atomic-write.js';

/** Enough for every certificate a person has; the oldest entries go first. */
const MAX_ENTRIES = 500;
const lastUsedFile = z.record(z.string().max(300), z.iso.datetime());

export class LastUsedStore {
  private readonly file: string;
  private current: Record<string, string> | null = null;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'last-used.json');
  }

  async get(): Promise<Record<string, string>> {
    if (this.current) return this.current;
    try {
      this.current = lastUsedFile.parse(JSON.parse(await readFile(this.file, 'utf8')));
    } catch {
      this.current = {};
    }
    return this.current;
  }

  /**
   * Never throws: it runs after a signature was made, and bookkeeping must not lose the user's
   * signature. A write that fails keeps the time for this session and says false.
   */
  async record(id: string, at: Date): Promise<boolean> {
    const entries = Object.entries({ ...(await this.get()), [id]: at.toISOString() })
      .sort(([, a], [, b]) => (a < b ? 1 : a > b ? -1 : 0))
      .slice(0, MAX_ENTRIES);
    this.current = Object.fromEntries(entries);
    try {
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.file, Buffer.from(JSON.stringify(this.current, null, 2)), 0o600);
      return true;
    } catch {
      return false;
    }
  }

  /** The rows with their last use (null when never seen signing). */
  async decorate(rows: CertificateRow[]): Promise<CertificateRow[]> {
    const used = await this.get();
    return rows.map((row) => ({ ...row, lastUsedAt: used[row.id] ?? null }));
  }
}

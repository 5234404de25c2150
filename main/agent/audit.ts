/**
 * The web signing audit log: one JSON line per request in `<data folder>/agent/audit.jsonl`,
 * appended, never rewritten; past `maxBytes` the file becomes `audit.1.jsonl` (the one before is
 * dropped), so the log is bounded. What a line holds is fixed by AgentAuditEntry: origin, time,
 * sign type, content hashes, certificate serial and subject, outcome; never the content, a
 * password, a PIN, an R value or a signature.
 */
import { appendFile, mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AgentAuditEntry } from '../../preload/areas/agent.js';

export const AUDIT_MAX_BYTES = 512 * 1024;

export class AgentAuditLog {
  private readonly folder: string;
  private readonly file: string;
  private readonly previous: string;
  /** Appends one after the other (a rotation must not interleave with a write). */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly maxBytes = AUDIT_MAX_BYTES,
  ) {
    this.folder = path.join(dataDir, 'agent');
    this.file = path.join(this.folder, 'audit.jsonl');
    this.previous = path.join(this.folder, 'audit.1.jsonl');
  }

  append(entry: AgentAuditEntry): Promise<void> {
    const line = JSON.stringify(entry) + '\n';
    this.queue = this.queue
      .catch(() => undefined)
      .then(async () => {
        await mkdir(this.folder, { recursive: true, mode: 0o700 });
        const size = await stat(this.file).then(
          (s) => s.size,
          () => 0,
        );
        if (size > 0 && size + Buffer.byteLength(line) > this.maxBytes) await rename(this.file, this.previous);
        await appendFile(this.file, line, { mode: 0o600 });
      });
    return this.queue;
  }

  /** The newest entries first, at most `limit`; a damaged line is skipped. */
  async read(limit: number): Promise<AgentAuditEntry[]> {
    await this.queue.catch(() => undefined);
    const lines: string[] = [];
    for (const file of [this.previous, this.file]) {
      const text = await readFile(file, 'utf8').catch(() => '');
      lines.push(...text.split('\n').filter(Boolean));
    }
    const entries: AgentAuditEntry[] = [];
    for (const line of lines.reverse()) {
      if (entries.length >= limit) break;
      try {
        entries.push(JSON.parse(line) as AgentAuditEntry);
      } catch {
        // a line cut by a crash mid-write: the others still count
      }
    }
    return entries;
  }
}

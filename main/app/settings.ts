/**
 * User settings, one JSON file in the data folder, written atomically. A missing or unreadable
 * file gives the defaults (and is replaced on the next save) rather than stopping the app.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { THEMES, type Settings } from '../../preload/types.js';
import { writeFileAtomic } from '../npki/atomic-write.js';

const settingsFile = z.object({
  language: z.enum(['ko', 'en']).catch('ko'),
  folders: z.array(z.string()).catch([]),
  cloudUrl: z.string().nullable().catch(null),
  notifications: z.boolean().catch(true),
  openAtLogin: z.boolean().optional().catch(undefined),
  theme: z.enum(THEMES).optional().catch(undefined),
  agentSites: z
    .array(z.object({ origin: z.string().max(300), decision: z.enum(['allow', 'deny']), since: z.string().max(40) }))
    .optional()
    .catch(undefined),
  agentAllowLoopback: z.boolean().optional().catch(undefined),
});

export const DEFAULT_SETTINGS: Settings = { language: 'ko', folders: [], cloudUrl: null, notifications: true };

export class SettingsStore {
  private readonly file: string;
  private current: Settings | null = null;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'settings.json');
  }

  async get(): Promise<Settings> {
    if (this.current) return this.current;
    try {
      this.current = settingsFile.parse(JSON.parse(await readFile(this.file, 'utf8')));
    } catch {
      this.current = { ...DEFAULT_SETTINGS };
    }
    return this.current;
  }

  async update(change: Partial<Settings>): Promise<Settings> {
    const next: Settings = { ...(await this.get()), ...change };
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file, Buffer.from(JSON.stringify(next, null, 2)), 0o600);
    this.current = next;
    return next;
  }
}

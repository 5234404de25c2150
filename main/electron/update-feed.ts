/**
 * The update decision, before electron-updater downloads anything: read the generic feed's
 * latest*.yml, refuse a feed that is not one, never go to an older or equal version, and (for the
 * file itself) refuse bytes whose SHA-512 is not the feed's. electron-updater then installs on quit
 * with allowDowngrade off and, on Windows, checks the installer's Authenticode publisher against
 * the installed app's (updater.ts). No `electron` import: unit-tested against a local feed server.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { load } from 'js-yaml';
import semver from 'semver';
import { z } from 'zod';

const feedFile = z.object({ url: z.string().min(1), sha512: z.string().regex(/^[A-Za-z0-9+/]{86}==$/), size: z.number().int().positive().optional() });
const feed = z.object({ version: z.string().refine((v) => semver.valid(v) !== null, 'not a version'), files: z.array(feedFile).min(1), releaseDate: z.string().optional() });

export type FeedFile = z.infer<typeof feedFile>;

export type UpdateDecision =
  | { kind: 'none'; version: string }
  | { kind: 'update'; version: string; file: FeedFile & { href: string } }
  | { kind: 'refused'; reason: 'unreachable' | 'bad-feed' | 'older' | 'hash-mismatch'; detail: string };

export interface FeedOptions {
  /** The generic feed's folder URL (electron-builder.yml publish.url). */
  feedUrl: string;
  /** latest.yml (Windows), latest-mac.yml, latest-linux.yml, latest-linux-arm64.yml … */
  channelFile: string;
  current: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}

async function get(fetchFn: typeof fetch, url: string, timeoutMs: number): Promise<Response> {
  const res = await fetchFn(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  return res;
}

export async function decideUpdate(o: FeedOptions): Promise<UpdateDecision> {
  const base = o.feedUrl.endsWith('/') ? o.feedUrl : o.feedUrl + '/';
  let text: string;
  try {
    text = await (await get(o.fetch, base + o.channelFile, o.timeoutMs ?? 30_000)).text();
  } catch (e) {
    return { kind: 'refused', reason: 'unreachable', detail: e instanceof Error ? e.message : String(e) };
  }
  let parsed: z.infer<typeof feed>;
  try {
    parsed = feed.parse(load(text));
  } catch (e) {
    return { kind: 'refused', reason: 'bad-feed', detail: e instanceof Error ? e.message.slice(0, 200) : 'unreadable' };
  }
  if (semver.lt(parsed.version, o.current)) return { kind: 'refused', reason: 'older', detail: `${parsed.version} < ${o.current}` };
  if (!semver.gt(parsed.version, o.current)) return { kind: 'none', version: o.current };
  const file = parsed.files[0]!;
  return { kind: 'update', version: parsed.version, file: { ...file, href: new URL(file.url, base).toString() } };
}

/**
 * Checks the file electron-updater downloaded against the feed's SHA-512 (base64, as electron-builder
 * writes it) and size, before it may install on quit: a second check, independent of the updater's own.
 */
export async function checkDownloaded(filePath: string, expected: FeedFile): Promise<{ ok: true } | { ok: false; detail: string }> {
  const bytes = await readFile(filePath);
  if (createHash('sha512').update(bytes).digest('base64') !== expected.sha512) return { ok: false, detail: `sha512 mismatch for ${expected.url}` };
  if (expected.size !== undefined && expected.size !== bytes.length) return { ok: false, detail: `size mismatch for ${expected.url}` };
  return { ok: true };
}

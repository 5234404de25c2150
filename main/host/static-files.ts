/**
 * The files the browser host serves (the built renderer, host-client.js), each read from disk once.
 * The first launch's requests (the app document, host-client.js, CSS, the entry, the app chunk)
 * arrive while the launch scan holds the event loop in 2 ms slices (main/stores/scan.ts), and one
 * read from disk is several thread-pool round trips (open, stat, read, close), each waiting for a
 * slice; so `warm` reads them while Chromium starts, and each request is answered from memory.
 * Which paths may be served is decided before, by the caller (server.ts); a read that fails is
 * not kept, so a file that appears later is found.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface StaticFiles {
  read(file: string): Promise<Buffer>;
  /** Reads every file under the root, and the extra ones, ahead of their requests. */
  warm(): Promise<void>;
}

export function staticFiles(root: string, extra: readonly string[]): StaticFiles {
  const files = new Map<string, Promise<Buffer>>();
  const read = (file: string): Promise<Buffer> => {
    let body = files.get(file);
    if (!body) {
      body = readFile(file);
      files.set(file, body);
      body.catch(() => files.delete(file));
    }
    return body;
  };
  return {
    read,
    async warm() {
      const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
      const found = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
      await Promise.allSettled([...extra, ...found].map(read));
    },
  };
}

/**
 * The OpenSSL command line as the independent peer of our tests (test-only helper).
 * SEED lives in OpenSSL 3's legacy provider, so every call loads it with the default one.
 */
import { execFile, spawnSync } from 'node:child_process';

const PROVIDERS = ['-provider', 'legacy', '-provider', 'default'];

/** Why OpenSSL cannot serve as the peer here, or null when it can (with SEED). */
export function opensslUnavailable(): string | null {
  const r = spawnSync('openssl', ['enc', '-seed-cbc', '-K', '00'.repeat(16), '-iv', '00'.repeat(16), ...PROVIDERS], {
    input: Buffer.alloc(1),
  });
  if (r.error) return `openssl not found: ${r.error.message}`;
  if (r.status !== 0) return `openssl has no SEED (legacy provider missing): ${r.stderr.toString().trim()}`;
  return null;
}

/** Runs `openssl <args>` with stdin, resolving stdout; rejects with stderr on a non-zero exit. */
export function openssl(args: string[], input: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile('openssl', [...args, ...PROVIDERS], { encoding: 'buffer', maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`openssl ${args[0]} failed: ${stderr.toString().trim() || err.message}`));
      else resolve(stdout);
    });
    child.stdin!.end(input);
  });
}

/** Runs the tasks with at most `limit` in flight (the test machine has two cores). */
export async function inBatches<T>(tasks: (() => Promise<T>)[], limit = 2): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

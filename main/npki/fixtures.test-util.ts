/** Test-only: paths to the shared NPKI fixtures (see ../shared/fixtures/npki/README.md). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/npki/', import.meta.url));

export function fixture(rel: string): Buffer {
  return readFileSync(FIXTURES + rel);
}

export const YESSIGN_PASSWORD = 'WTuA8Ev0lWXVFSiI!';
export const KICA_PASSWORD = 'signgate1!';

/** Runs openssl; returns stdout. Throws with stderr on failure. */
export function openssl(args: string[], input?: Buffer): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

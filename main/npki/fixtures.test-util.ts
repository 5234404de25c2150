/** Test-only: the repo's NPKI fixtures (named in fixtures/paths.ts, described in fixtures/README.md) and OpenSSL. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { NPKI_DIR } from '../../fixtures/paths.js';

export const FIXTURES = NPKI_DIR;
export { KICA_PASSWORD, YESSIGN_PASSWORD } from '../../fixtures/paths.js';

export function fixture(rel: string): Buffer {
  return readFileSync(FIXTURES + rel);
}

/** Runs openssl; returns stdout. Throws with stderr on failure. */
export function openssl(args: string[], input?: Buffer): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

/** Test-only: the repo's NPKI fixtures (named in fixtures/paths.ts, described in fixtures/README.md) and OpenSSL. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NPKI_DIR } from '../../fixtures/paths.js';

export const FIXTURES = NPKI_DIR;
export { KICA_PASSWORD, YESSIGN_PASSWORD } from '../../fixtures/paths.js';

export function fixture(rel: string): Buffer {
  return readFileSync(FIXTURES + rel);
}

/** The yessign test certificate's folder name: its subject DN, as NPKI folders are named. */
export const YESSIGN_DN = 'cn=HKD(KILDONG.HONG)009104120200225191000030,ou=INITECH,ou=personal4IB,o=yessign,c=kr';

/** Copies the yessign test certificate and key (signCert.der, signPri.key) into `<root>/<ca>/USER/<dn>/`; returns that folder. */
export function addYessignCopy(root: string, ca = 'yessign', dn = YESSIGN_DN): string {
  const folder = path.join(root, ca, 'USER', dn);
  mkdirSync(folder, { recursive: true });
  cpSync(path.join(FIXTURES, 'yessign-test/signCert.der'), path.join(folder, 'signCert.der'));
  cpSync(path.join(FIXTURES, 'yessign-test/signPri.key'), path.join(folder, 'signPri.key'));
  return folder;
}

/** Runs openssl; returns stdout. Throws with stderr on failure. */
export function openssl(args: string[], input?: Buffer): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

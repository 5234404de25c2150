/**
 * Test-only child process: `copy|move <src DN folder> <target root> <dataDir> [keepBoth|replace]`.
 * Prints the result or `{ error: { code, key, params } }` as JSON. Used by the permission test (run as
 * another user) and the kill-at-random-point fault test.
 */
import { isDojangError } from '../../common/errors.js';
import { copyCertificate, moveCertificate, type ConflictChoice } from './copy.js';
import { RecoveryArea } from './recovery.js';

const [op, src, target, dataDir, choice] = process.argv.slice(2);
if (!op || !src || !target || !dataDir) throw new Error('usage: copy|move <src> <targetRoot> <dataDir> [choice]');
const trash = new RecoveryArea(dataDir);
const pauseAfterFileMs = Number(process.env['DOJANG_TEST_COPY_DELAY_MS'] ?? 0);
const opts = { trash, pauseAfterFileMs, ...(choice ? { onConflict: choice as ConflictChoice } : {}) };
// The fault test kills us at a random moment after this mark, so the kills land inside the operation.
if (process.env['DOJANG_TEST_SIGNAL_READY']) process.stderr.write('R');
try {
  const result = op === 'move' ? await moveCertificate(src, target, opts) : await copyCertificate(src, target, opts);
  process.stdout.write(JSON.stringify({ result }));
} catch (e) {
  if (!isDojangError(e)) throw e;
  process.stdout.write(JSON.stringify({ error: e.toBridge() }));
}

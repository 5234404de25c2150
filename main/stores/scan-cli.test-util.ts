/** Test-only: runs scanStores in a child process (e.g. as another user) and prints the report as JSON. */
import { folderStore } from './roots.js';
import { scanStores } from './scan.js';

const roots = process.argv.slice(2);
const report = await scanStores(roots.map((r) => folderStore(r)));
process.stdout.write(
  JSON.stringify({
    entries: report.entries.map((e) => ({ relPath: e.relPath, state: e.state, damaged: e.damaged })),
    looked: report.looked.map((l) => ({ root: l.store.root, present: l.present })),
    skipped: report.skipped,
  }),
);

import type { Command } from 'commander';
import os from 'node:os';
import { allStores, folderStore } from '../../stores/roots.js';
import { scanStores } from '../../stores/scan.js';
import { showFields } from './show.js';
import type { CliIo } from '../io.js';

export function registerScan(program: Command, io: CliIo): void {
  program
    .command('scan')
    .description('list the certificates in ROOT folders (default: this computer’s NPKI folders)')
    .argument('[roots...]', 'NPKI folders to scan')
    .option('--json', 'one JSON document on stdout')
    .action(async (roots: string[], options: { json?: boolean }) => {
      const stores = roots.length > 0 ? roots.map((root) => folderStore(root)) : allStores({ platform: process.platform, homedir: os.homedir(), env: process.env }, [], []);
      const report = await scanStores(stores);
      if (options.json) {
        io.json({
          certificates: report.entries.map((e) => ({ path: e.path, store: e.store.root, damaged: e.damaged, ...(e.cert ? showFields(e.cert) : {}) })),
          looked: report.looked.map((l) => ({ root: l.store.root, present: l.present })),
          skipped: report.skipped,
        });
        return;
      }
      if (report.entries.length === 0) io.out(`No certificates found. Looked in: ${report.looked.map((l) => l.store.root).join(', ')}`);
      for (const e of report.entries) {
        io.out(e.cert ? `${e.cert.holder}\t${e.cert.ca?.nameKo ?? e.cert.issuer}\t${e.cert.usage?.usageKo ?? e.cert.policyOid ?? '-'}\t${e.cert.notAfter.slice(0, 10)}\t${e.path}` : `${e.damaged}\t${e.path}`);
      }
    });
}

import type { Command } from 'commander';
import { summary } from './index.js';
import os from 'node:os';
import { allStores, folderStore } from '../../stores/roots.js';
import { resolveUserFolder, scanStores } from '../../stores/scan.js';
import type { StoreRef } from '../../stores/types.js';
import { showFields } from './show.js';
import { processIo, type CliIo } from '../io.js';
import { tuneJitForShortRun } from '../short-run.js';
import { cliLanguage, say, withText } from '../language.js';
import { cliDataDir } from '../paths.js';

/**
 * No ROOT given: what the app looks at, i.e. this computer's NPKI folders, the folders added in the app, and USB drives.
 * The settings (zod) and drive modules load only then: `dojang scan ROOT` starts without them.
 */
async function defaultStoresNow(): Promise<StoreRef[]> {
  const [{ SettingsStore }, { listDrives }] = await Promise.all([import('../../app/settings.js'), import('../../stores/drives/index.js')]);
  const folders = (await new SettingsStore(cliDataDir()).get()).folders;
  const drives = await listDrives().catch(() => []); // no drive list is no reason to skip the disk
  return allStores({ platform: process.platform, homedir: os.homedir(), env: process.env }, folders, drives);
}

export function registerScan(program: Command, io: CliIo): void {
  program
    .command('scan')
    .description(summary('scan'))
    .argument('[roots...]', 'NPKI folders, or folders holding one (a USB drive’s root)')
    .option('--json', 'one JSON document on stdout')
    .action(async (roots: string[], options: { json?: boolean }) => {
      if (io === processIo) tuneJitForShortRun();
      const stores = roots.length > 0 ? await Promise.all(roots.map(async (root) => folderStore(await resolveUserFolder(root)))) : await defaultStoresNow();
      const report = await scanStores(stores);
      if (options.json) {
        io.json({
          certificates: report.entries.map((e) => ({
            path: e.path,
            store: e.store.root,
            state: e.state,
            hasKey: e.hasKey,
            damaged: e.damaged && withText(e.damaged),
            ...(e.cert ? showFields(e.cert) : {}),
          })),
          looked: report.looked.map((l) => ({ root: l.store.root, present: l.present })),
          skipped: report.skipped.map((s) => ({ path: s.path, reason: withText(s.reason) })),
        });
        return;
      }
      if (report.entries.length === 0) {
        io.out(say('cli.out.scan.none', { roots: report.looked.map((l) => l.store.root).join(', ') }));
        return;
      }
      const ko = cliLanguage() === 'ko';
      // A header names the columns; an expired certificate says so after its date.
      io.out(say('cli.out.scan.header'));
      const now = Date.now();
      for (const e of report.entries) {
        if (!e.cert) {
          io.out(`${e.damaged ? withText(e.damaged).message : ''}\t\t\t\t${e.path}`);
          continue;
        }
        const expired = Date.parse(e.cert.notAfter) < now ? ` ${say('cli.out.scan.expired')}` : '';
        const ca = (ko ? e.cert.ca?.nameKo : e.cert.ca?.nameEn) ?? e.cert.issuer;
        const usage = (ko ? e.cert.usage?.usageKo : e.cert.usage?.usageEn) ?? e.cert.policyOid ?? '-';
        io.out(`${e.cert.holder}\t${ca}\t${usage}\t${e.cert.notAfter.slice(0, 10)}${expired}\t${e.path}`);
      }
    });
}

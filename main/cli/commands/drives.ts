import type { Command } from 'commander';
import { summary } from './index.js';
import path from 'node:path';
import { listDrives } from '../../stores/drives/index.js';
import { resolveUserFolder } from '../../stores/scan.js';
import type { CliIo } from '../io.js';
import { say } from '../language.js';

/** `drives`: the removable drives mounted now, and the NPKI folder on each when there is one. */
export function registerDrives(program: Command, io: CliIo): void {
  program
    .command('drives')
    .description(summary('drives'))
    .option('--json', 'one JSON document on stdout')
    .action(async (o: { json?: boolean }) => {
      const drives = await Promise.all(
        (await listDrives()).map(async (d) => {
          const npki = await resolveUserFolder(d.mountPoint);
          return { ...d, npki: path.resolve(npki) === path.resolve(d.mountPoint) ? null : npki };
        }),
      );
      if (o.json) return io.json({ drives });
      if (drives.length === 0) io.out(say('cli.out.noDrives'));
      for (const d of drives) io.out(`${d.mountPoint}\t${d.label}\t${d.npki ?? say('cli.out.noNpkiFolder')}`);
    });
}

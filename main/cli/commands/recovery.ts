import type { Command } from 'commander';
import { summary } from './index.js';
import path from 'node:path';
import { DojangError } from '../../../common/errors.js';
import { RecoveryArea, deleteCertificate } from '../../stores/recovery.js';
import type { CliIo } from '../io.js';
import { cliDataDir } from '../paths.js';
import { runEach } from './each.js';
import { say } from '../language.js';

/** `rm PATH…`: certificate folders go to Dojang's recovery folder, never straight to nothing. */
export function registerRm(program: Command, io: CliIo): void {
  program
    .command('rm')
    .description(summary('rm'))
    .argument('<paths...>', 'certificate folder(s): …/<CA>/USER/<DN>')
    .option('--json', 'one JSON document on stdout')
    .action(async (paths: string[], o: { json?: boolean }) => {
      const trash = new RecoveryArea(cliDataDir());
      const op = async (p: string) => {
        const r = await deleteCertificate(p, { trash });
        return { path: path.resolve(p), recoveryId: r.id ?? null, restorable: r.restorable };
      };
      await runEach(io, paths, op, Boolean(o.json), (r) => say('cli.out.deleted', { path: r.path, id: r.recoveryId ?? '-' }));
    });
}

/** `restore [ID]`: without ID, the recovery folder's items (newest first); with ID, puts it back. */
export function registerRestore(program: Command, io: CliIo): void {
  program
    .command('restore')
    .description(summary('restore'))
    .argument('[id]', 'the recovery id (from `dojang rm` or the list)')
    .option('--json', 'one JSON document on stdout')
    .action(async (id: string | undefined, o: { json?: boolean }) => {
      const area = new RecoveryArea(cliDataDir());
      await area.cleanup(); // finish or drop what a crash left half-made
      if (id === undefined) {
        const items = await area.list();
        if (o.json) return io.json({ items });
        if (items.length === 0) io.out(say('cli.out.nothingToRestore', { path: area.dir }));
        for (const it of items) io.out(`${it.id}\t${it.deletedAt}\t${it.originalPath}`);
        return;
      }
      if (id.trim() === '') throw new DojangError('INVALID_REQUEST', 'cli.recoveryId');
      const restored = await area.restore(id);
      if (o.json) return io.json({ id, path: restored });
      io.out(say('cli.out.restored', { path: restored }));
    });
}

import type { Command } from 'commander';
import { summary } from './index.js';
import { DojangError } from '../../../common/errors.js';
import { buildTargetIndex, copyCertificate, moveCertificate, type ConflictChoice, type CopyOptions, type CopyResult } from '../../stores/copy.js';
import { RecoveryArea } from '../../stores/recovery.js';
import type { CliIo } from '../io.js';
import { cliDataDir, resolveRoot } from '../paths.js';
import { CURRENT_PASSWORD, NEW_PASSWORD, readSecrets } from '../secrets.js';
import { runEach } from './each.js';
import { say } from '../language.js';

export interface ConflictOptions {
  keepBoth?: boolean;
  replace?: boolean;
}

/** Adds --keep-both and --replace: what to do when the target already holds the certificate. */
export function conflictOptions(cmd: Command): Command {
  return cmd
    .option('--keep-both', 'when the target already holds it, keep both (the new folder gets a " (2)" suffix)')
    .option('--replace', 'when the target already holds it, replace it (the old folder goes to the recovery folder)');
}

/** Without either option a conflict fails with CONFLICT (exit 3) and nothing is written. */
export function conflictChoice(o: ConflictOptions): ConflictChoice | undefined {
  if (o.keepBoth && o.replace) throw new DojangError('INVALID_REQUEST', 'cli.keepBothOrReplace');
  return o.keepBoth ? 'keepBoth' : o.replace ? 'replace' : undefined;
}

interface TransferOptions extends ConflictOptions {
  json?: boolean;
  newPassword?: boolean;
  newPasswordStdin?: boolean;
}

function transferFields(r: CopyResult & { sourceRecoveryId?: string }, kind: 'cp' | 'mv') {
  return {
    path: r.path,
    replaced: r.replaced.length > 0,
    replacedFolders: r.replaced.map((x) => ({ path: x.path, recoveryId: x.id ?? null })),
    ...(kind === 'mv' ? { recoveryId: r.sourceRecoveryId ?? null } : {}),
  };
}

/**
 * `cp PATH… DEST_ROOT` / `mv PATH… DEST_ROOT`: verified copies into another NPKI folder (a USB
 * drive, a backup), optionally re-encrypted with a new password on the target; a move sends the
 * source to the recovery folder once the copy is verified. Several PATHs run one after another.
 */
function registerTransfer(program: Command, io: CliIo, kind: 'cp' | 'mv'): void {
  conflictOptions(
    program
      .command(kind)
      .usage('[options] PATH… DEST_ROOT')
      .description(summary(kind))
      .argument('<paths...>', 'certificate folder(s) (…/<CA>/USER/<DN>), then DEST_ROOT: the NPKI folder (or a folder holding one)')
      .option('--json', 'one JSON document on stdout')
      .option('--new-password', 'give the copies a new password (the current and the new one are asked)')
      .option('--new-password-stdin', 'like --new-password, reading the current password, then the new one, from stdin (two lines)'),
  ).action(async (args: string[], o: TransferOptions) => {
    if (args.length < 2) throw new DojangError('INVALID_REQUEST', 'cli.transferNeedsTarget', { command: kind });
    const sources = args.slice(0, -1);
    const onConflict = conflictChoice(o);
    let reencrypt: CopyOptions['reencrypt'];
    if (o.newPassword || o.newPasswordStdin) {
      const [oldPassword, newPassword] = await readSecrets(io, [CURRENT_PASSWORD, NEW_PASSWORD], Boolean(o.newPasswordStdin), '--new-password-stdin');
      reencrypt = { oldPassword: oldPassword!, newPassword: newPassword! };
    }
    const root = await resolveRoot(args.at(-1)!);
    const trash = new RecoveryArea(cliDataDir());
    const opts: CopyOptions & { trash: RecoveryArea } = {
      ...(onConflict ? { onConflict } : {}),
      ...(reencrypt ? { reencrypt } : {}),
      trash,
      ...(sources.length > 1 ? { index: await buildTargetIndex(root) } : {}),
    };
    const op = async (src: string) => transferFields(kind === 'cp' ? await copyCertificate(src, root, opts) : await moveCertificate(src, root, opts), kind);
    await runEach(io, sources, op, Boolean(o.json), (r) => say(kind === 'cp' ? 'cli.out.copied' : 'cli.out.moved', { path: r.path }));
  });
}

export function registerCp(program: Command, io: CliIo): void {
  registerTransfer(program, io, 'cp');
}

export function registerMv(program: Command, io: CliIo): void {
  registerTransfer(program, io, 'mv');
}

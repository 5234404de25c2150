import { Option, type Command } from 'commander';
import { summary } from './index.js';
import { passwordRulesError } from '../../npki/password-rules.js';
import { formatMessage } from '../../../preload/messages/format.js';
import { cliLanguage, say } from '../language.js';
import { importPfxInto } from '../../stores/pfx-import.js';
import { RecoveryArea } from '../../stores/recovery.js';
import type { CliIo } from '../io.js';
import { cliDataDir, readBounded, resolveRoot } from '../paths.js';
import { NEW_PASSWORD, readSecrets } from '../secrets.js';
import { conflictChoice, conflictOptions, type ConflictOptions } from './transfer.js';

interface ImportOptions extends ConflictOptions {
  to: string;
  json?: boolean;
  passwordStdin?: boolean;
  newPassword?: boolean;
  newPasswordStdin?: boolean;
}

/**
 * `import-pfx IN.pfx --to ROOT`: the PFX becomes `<ROOT>/<CA>/USER/<DN>/signCert.der + signPri.key`.
 * The same import as the app's (stores/pfx-import.ts): the same folder rule.
 */
export function registerImportPfx(program: Command, io: CliIo): void {
  conflictOptions(
    program
      .command('import-pfx')
      .description(summary('import-pfx'))
      .argument('<in>', 'the .pfx / .p12 file')
      .addOption(new Option('--to <root>', 'the NPKI folder (or a folder holding one, like a USB drive)').makeOptionMandatory())
      .option('--json', 'one JSON document on stdout')
      .option('--password-stdin', 'read the PFX password from stdin instead of asking')
      .option('--new-password', 'protect the imported key with a new password (asked twice)')
      .option('--new-password-stdin', 'read the PFX password, then a new password for the key, from stdin (two lines)'),
  ).action(async (input: string, o: ImportOptions) => {
    const onConflict = conflictChoice(o);
    await readBounded(input); // a missing file fails before anything is asked
    const wantsNew = Boolean(o.newPassword || o.newPasswordStdin);
    const [pfxPassword, newPassword] = await readSecrets(
      io,
      [{ label: 'cli.secret.pfxPassword' }, ...(wantsNew ? [NEW_PASSWORD] : [])],
      Boolean(o.passwordStdin || o.newPasswordStdin),
      o.newPasswordStdin ? '--new-password-stdin' : '--password-stdin',
    );
    if (newPassword !== undefined) {
      const broken = passwordRulesError(newPassword);
      if (broken) throw broken;
    }
    const root = await resolveRoot(o.to);
    const { copied, hasRandomNum, warning } = await importPfxInto(input, pfxPassword!, newPassword, root, {
      ...(onConflict ? { onConflict } : {}),
      trash: new RecoveryArea(cliDataDir()),
    });
    if (warning) io.err(`dojang: ${formatMessage(cliLanguage(), warning)}`);
    const fields = {
      path: copied.path,
      hasRandomNum,
      warning,
      replaced: copied.replaced.length > 0,
      replacedFolders: copied.replaced.map((r) => ({ path: r.path, recoveryId: r.id ?? null })),
    };
    if (o.json) return io.json(fields);
    io.out(say('cli.out.imported', { path: copied.path }));
  });
}

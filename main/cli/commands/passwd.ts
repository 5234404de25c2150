import type { Command } from 'commander';
import { summary } from './index.js';
import path from 'node:path';
import { isDojangError } from '../../../common/errors.js';
import { changeKeyPassword, unlockKey } from '../../npki/keyfile.js';
import type { CliIo } from '../io.js';
import { keyFields, keyOptions, secretsFromStdin, stdinOptionName, type KeyCommandOptions } from '../key-options.js';
import { findFile, readBounded, readKeyPairAt, type KeyPairAt } from '../paths.js';
import { CURRENT_PASSWORD, NEW_PASSWORD, readSecrets } from '../secrets.js';
import { cliLanguage, say } from '../language.js';

interface PasswdOptions extends KeyCommandOptions {
  pbes2Seed?: boolean;
}

/** The folder's kmCert.der + kmPri.key, when PATH is a folder whose signing pair was opened. */
async function kmPairOf(pair: KeyPairAt): Promise<KeyPairAt | null> {
  if (!pair.folder || path.basename(pair.certPath).toLowerCase() !== 'signcert.der') return null;
  const kmCert = await findFile(pair.folder, 'kmCert.der');
  if (!kmCert) return null;
  try {
    return await readKeyPairAt(kmCert);
  } catch {
    return null; // no kmPri.key, or unreadable: only the signing key changes
  }
}

/**
 * `passwd PATH`: changes the key's password in place, atomically, keeping randomNum. In a
 * certificate folder the key-management key (kmPri.key) changes too when the same password opens
 * it, as the CAs' own tools do; one with a password of its own is left as it is, and said so.
 */
export function registerPasswd(program: Command, io: CliIo): void {
  keyOptions(program.command('passwd').description(summary('passwd')).argument('<path>', 'a certificate folder, or a certificate file'))
    .option('--new-password-stdin', 'read the current password, then the new one, from stdin (two lines)')
    .option('--pbes2-seed', 'rewrite the key as PBES2 / PBKDF2-HMAC-SHA1 / SEED-CBC (the form of renewed certificates)')
    .action(async (target: string, o: PasswdOptions) => {
      const pair = await readKeyPairAt(target, o.key);
      const km = o.key ? null : await kmPairOf(pair);
      const [oldPassword, newPassword] = await readSecrets(io, [CURRENT_PASSWORD, NEW_PASSWORD], secretsFromStdin(o), stdinOptionName(o));
      // Open first: a wrong current password fails before any file is touched.
      const unlocked = unlockKey(pair.certDer, pair.keyDer, oldPassword!);
      const hasRandomNum = unlocked.randomNum !== null;
      unlocked.privateKeyInfo.fill(0);
      let kmOpens = false;
      if (km) {
        try {
          unlockKey(km.certDer, km.keyDer, oldPassword!).privateKeyInfo.fill(0);
          kmOpens = true;
        } catch (e) {
          if (!isDojangError(e)) throw e;
        }
      }
      const scheme = o.pbes2Seed ? 'pbes2-seed' : 'same';
      const protection = await changeKeyPassword(pair.keyPath, pair.certDer, oldPassword!, newPassword!, { scheme });
      const changed = [pair.keyPath];
      const kept: { path: string; reason: string }[] = [];
      if (km && kmOpens) {
        try {
          await changeKeyPassword(km.keyPath, await readBounded(km.certPath), oldPassword!, newPassword!, { scheme });
          changed.push(km.keyPath);
        } catch (e) {
          if (!isDojangError(e)) throw e;
          kept.push({ path: km.keyPath, reason: say('cli.out.kmKeptError', { error: e.text(cliLanguage()) }) });
        }
      } else if (km) {
        kept.push({ path: km.keyPath, reason: say('cli.out.kmKeptOwnPassword') });
      }
      const fields = { ok: true, path: path.resolve(pair.keyPath), ...keyFields(protection, hasRandomNum), changed, kept };
      if (o.json) return io.json(fields);
      io.out(say('cli.out.passwordChanged', { paths: changed.join(', ') }));
      for (const k of kept) io.err(`dojang: ${k.path}: ${k.reason}`);
    });
}

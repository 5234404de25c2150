import type { Command } from 'commander';
import { summary } from './index.js';
import path from 'node:path';
import { isDojangError } from '../../../common/errors.js';
import { CliExit, EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { cliLanguage, say } from '../language.js';
import { keyFields, keyOptions, openKey, type KeyCommandOptions } from '../key-options.js';

/** `unlock PATH`: does the password open the private key (and is it this certificate's key)? */
export function registerUnlock(program: Command, io: CliIo): void {
  keyOptions(program.command('unlock').description(summary('unlock')).argument('<path>', 'a certificate folder, or a certificate file')).action(
    async (target: string, o: KeyCommandOptions) => {
      let opened;
      try {
        opened = await openKey(io, target, o);
      } catch (e) {
        if (!isDojangError(e) || !['WRONG_PASSWORD', 'KEY_DAMAGED', 'KEY_MISMATCH'].includes(e.code)) throw e;
        // A script asked a yes/no question: answer it in the same shape as a yes.
        if (o.json) io.json({ ok: false, error: e.toBridge() });
        else io.err(`dojang: ${e.text(cliLanguage())}`);
        throw new CliExit(EXIT.CHECK_FAILED);
      }
      const { pair, unlocked } = opened;
      unlocked.privateKeyInfo.fill(0);
      const fields = { ok: true, path: path.resolve(pair.keyPath), ...keyFields(unlocked.protection, unlocked.randomNum !== null) };
      if (o.json) return io.json(fields);
      io.out(say('cli.out.passwordOpens'));
      io.out(`key                ${fields.path}`);
      io.out(`format             ${fields.keyFormat} / ${fields.cipher}${fields.prf ? ` / PBKDF2-HMAC-${fields.prf.toUpperCase()}` : ''}, ${fields.iterations} iterations`);
      io.out(`randomNum          ${fields.hasRandomNum ? 'yes (identity checks work)' : 'no (identity checks will not work with this copy)'}`);
    },
  );
}

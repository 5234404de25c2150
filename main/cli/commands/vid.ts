import type { Command } from 'commander';
import { summary } from './index.js';
import { DojangError } from '../../../common/errors.js';
import { checkVid, readVid } from '../../../common/pki/vid.js';
import { CliExit, EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { keyOptions, openKey, type KeyCommandOptions } from '../key-options.js';
import { readCertificateAt } from '../paths.js';
import { IDN } from '../secrets.js';
import { say } from '../language.js';

/**
 * `vid PATH`: does this certificate belong to an ID number (본인확인, SPEC §1.3)? Needs the key's
 * randomNum, so the password too. The IDN is a secret: asked or read from stdin, never printed.
 */
export function registerVid(program: Command, io: CliIo): void {
  keyOptions(program.command('vid').description(summary('vid')).argument('<path>', 'a certificate folder, or a certificate file'))
    .option('--idn-stdin', 'read the password, then the ID number, from stdin (two lines)')
    .action(async (target: string, o: KeyCommandOptions) => {
      // Before asking anything: a certificate without identity data cannot be checked at all.
      const at = await readCertificateAt(target);
      if (!readVid(at.certDer)) {
        throw new DojangError('NOT_FOUND', 'cli.noVid');
      }
      const { pair, unlocked, secrets } = await openKey(io, target, o, [IDN]);
      const randomNum = unlocked.randomNum;
      unlocked.privateKeyInfo.fill(0);
      if (!randomNum) {
        throw new DojangError('NOT_FOUND', 'key.noRandomNum');
      }
      const result = checkVid(pair.certDer, randomNum, secrets[1]!);
      randomNum.fill(0);
      if (o.json) io.json({ match: result.match, hashAlg: result.hashAlg });
      else io.out(say(result.match ? 'cli.out.vidMatch' : 'cli.out.vidNoMatch'));
      if (!result.match) throw new CliExit(EXIT.CHECK_FAILED);
    });
}

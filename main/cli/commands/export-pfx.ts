import type { Command } from 'commander';
import { summary } from './index.js';
import { stat } from 'node:fs/promises';
import { DojangError } from '../../../common/errors.js';
import { writeFileAtomic } from '../../npki/atomic-write.js';
import { parseCertificate } from '../../../common/pki/certificate.js';
import { exportPfx } from '../../npki/pkcs12.js';
import type { CliIo } from '../io.js';
import { keyOptions, openKey, type KeyCommandOptions } from '../key-options.js';
import { cliDataDir } from '../paths.js';
import { TrustStore } from '../../verify/anchors.js';
import { say } from '../language.js';

interface ExportOptions extends KeyCommandOptions {
  force?: boolean;
  legacy?: boolean;
  withChain?: boolean;
}

/**
 * `export-pfx PATH OUT.pfx`: a PKCS#12 backup (PBES2 / AES-256 / PBKDF2-HMAC-SHA256, or with
 * --legacy 3DES / SHA-1 for old readers: docs/pkcs12.md) that keeps randomNum inside the key bag.
 * The PFX gets a password of its own, asked twice.
 */
export function registerExportPfx(program: Command, io: CliIo): void {
  keyOptions(
    program.command('export-pfx').description(summary('export-pfx')).argument('<path>', 'a certificate folder, or a certificate file').argument('<out>', 'the .pfx file to write'),
  )
    .option('--new-password-stdin', 'read the certificate password, then the PFX password, from stdin (two lines)')
    .option('--force', 'replace OUT when it exists')
    .option('--legacy', 'the legacy form (3DES key and certificate bags, SHA-1 MAC) that older Windows, Java 8 and Mono read')
    .option('--with-chain', 'also put the CA certificates (issuer, root) in the file, as far as the trust list knows them')
    .action(async (target: string, out: string, o: ExportOptions) => {
      if (!o.force && (await stat(out).catch(() => null))) {
        throw new DojangError('CONFLICT', 'cli.outExists', { path: out });
      }
      const { pair, unlocked, secrets } = await openKey(io, target, o, [{ label: 'cli.secret.exportPassword', confirm: true }]);
      const chainDer = o.withChain ? await new TrustStore(cliDataDir()).chainFor(pair.certDer) : [];
      try {
        const pfx = exportPfx({
          certDer: pair.certDer,
          format: o.legacy ? 'legacy' : 'modern',
          chainDer,
          privateKeyInfo: unlocked.privateKeyInfo,
          password: secrets[1]!,
          friendlyName: parseCertificate(pair.certDer).holder,
        });
        await writeFileAtomic(out, pfx, 0o600);
      } finally {
        unlocked.privateKeyInfo.fill(0);
      }
      const fields = { path: out, hasRandomNum: unlocked.randomNum !== null, format: o.legacy ? 'legacy' : 'modern', chain: chainDer.length };
      if (o.json) return io.json(fields);
      io.out(say('cli.out.exported', { path: out }));
    });
}
